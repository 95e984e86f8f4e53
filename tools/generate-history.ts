import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { defaultDataRoot, ensureDatabase, startPostgres } from '@lien-thong/postgres';
import { HistorySimulator } from './history/history-simulator';
import { localVaultKey } from '../apps/launcher/src/vault-key';

/**
 * `npm run generate:history -- --dossiers 10000 [--from 2025-01-01] [--to 2025-12-31] [--seed 1]
 * [--concurrency 8] [--database lien_thong] [--first 0] [--no-bulk] [--slow-weeks 0.2]`: a realistic history through the real engine
 * (see HistorySimulator; its bulk mode unless --no-bulk), into DATABASE_URL or the embedded PostgreSQL of `npm start` (database
 * `lien_thong` by default: `npm start` then shows it; the worker's read models catch up on their own).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dossiers: { type: 'string', default: '1000' },
      // The first dossier's number: processes given disjoint ranges (same seed) make one history together.
      first: { type: 'string', default: '0' },
      from: { type: 'string', default: '2025-01-01' },
      to: { type: 'string', default: '2025-12-31' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '8' },
      database: { type: 'string', default: 'lien_thong' },
      // Every event appended one command at a time, as in production (about 20 dossiers/s here).
      'no-bulk': { type: 'boolean', default: false },
      // The share of weeks each agency works slowly (its backlog grows): see HistoryOptions.slowWeeks.
      'slow-weeks': { type: 'string', default: '0' },
    },
  });
  const dossiers = Number(values.dossiers);
  if (!Number.isInteger(dossiers) || dossiers <= 0)
    throw new Error(`--dossiers must be a positive whole number`);
  if (!/^\d+$/.test(values.first)) throw new Error(`--first must be a whole number, got ${values.first}`);
  const slow = Number(values['slow-weeks']);
  if (!(slow >= 0 && slow <= 1))
    throw new Error(`--slow-weeks is a share from 0 to 1, got ${values['slow-weeks']}`);
  for (const day of [values.from, values.to])
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`--from and --to are days, YYYY-MM-DD, got ${day}`);
  const pg = await startPostgres({ dataDir: path.join(defaultDataRoot(), 'postgres') });
  const databaseUrl = pg.embedded ? await ensureDatabase(pg.url, values.database) : pg.url;
  const simulator = await HistorySimulator.start(
    {
      databaseUrl,
      temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      temporalNamespace: 'default',
      eventStoreUrl: process.env.EVENTSTORE_URL || undefined,
      apiPort: 0,
      apiHost: '127.0.0.1',
      temporalUiUrl: undefined,
      // The key `npm start` uses, so that its API can open what is sealed here.
      vaultMasterKey:
        process.env.LIEN_THONG_VAULT_KEY ?? localVaultKey(defaultDataRoot(), (m) => console.log(m)),
    },
    {
      from: values.from,
      to: values.to,
      seed: Number(values.seed),
      concurrency: Number(values.concurrency),
      bulk: !values['no-bulk'],
      slowWeeks: Number(values['slow-weeks']),
    },
  );
  const started = Date.now();
  let last = 0;
  try {
    await simulator.run(Number(values.first), dossiers, (done) => {
      if (Date.now() - last > 5_000 || done === dossiers) {
        last = Date.now();
        const rate = done / ((Date.now() - started) / 1000);
        process.stdout.write(`generated ${done}/${dossiers} dossiers (${rate.toFixed(1)}/s)\n`);
      }
    });
    // Statistics for the planner after bulk writes: without them it takes dossier events for rare, and
    // the worker's subscriptions sort every one of them for each page (seconds a page at a million).
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('ANALYZE events').finally(() => client.end());
  } finally {
    await simulator.close();
    await pg.stop();
  }
  const c = simulator.counts;
  console.log(
    `done: ${c.dossiers} dossiers (${c.supplements} supplements, ${c.returns} returns, ${c.apologies} apologies, ${c.failed} failed) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (c.failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

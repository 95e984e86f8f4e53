import path from 'node:path';
import { Pool } from 'pg';
import { Client } from '@temporalio/client';
import { createEventStore, prepareEventStore } from '@lien-thong/platform';
import { defaultDataRoot, ensureDatabase, startPostgres } from '@lien-thong/postgres';
import { ProjectionRunner } from '@lien-thong/projections';
import { allProjections } from './projections';

/**
 * `npm run projections:rebuild -- <name>`: empties a read model and sets its checkpoint to zero in one
 * transaction. A running worker notices and replays the projection from the first event; for the
 * coordination process manager that signals every dossier's workflow again. Uses
 * DATABASE_URL, or the embedded PostgreSQL of `npm start`.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  // The process managers are listed too (their reset replays their signals when the worker follows
  // them again); resetting needs no Temporal, and a client without a connection never connects.
  const projections = allProjections({
    temporal: new Client({ namespace: process.env.TEMPORAL_NAMESPACE || 'default' }),
    reports: 'reset-only',
  });
  if (!name) {
    console.error(
      `usage: npm run projections:rebuild -- <name>\nprojections: ${projections.map((p) => p.name).join(', ') || '(none yet)'}`,
    );
    process.exit(2);
  }
  const pg = await startPostgres({ dataDir: path.join(defaultDataRoot(), 'postgres') });
  const databaseUrl = pg.embedded ? await ensureDatabase(pg.url, 'lien_thong') : pg.url;
  const pool = new Pool({ connectionString: databaseUrl });
  const config = { databaseUrl, eventStoreUrl: process.env.EVENTSTORE_URL || undefined };
  const store = createEventStore(config, pool);
  try {
    await prepareEventStore(config, pool);
    await new ProjectionRunner(store, pool, projections).rebuild(name);
    console.log(`projection ${name} reset to zero; the worker rebuilds it from the first event`);
  } finally {
    await store.close();
    await pool.end();
    await pg.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

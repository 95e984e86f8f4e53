import { migrateEventStore, PostgresEventStore } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/infrastructure/testing';
import { ProjectionRunner } from '@lien-thong/projections';
import { DOSSIER_STREAM_CATEGORIES } from '../domain/dossier-events';
import { dossierProjections } from './index';
import { writeScenarios, type Written } from './shared/dossier-scenarios.test-kit';

const TABLES = [
  'dossier_list',
  'dossier_timeline',
  'dossier_control_slips',
  'dossier_register',
  'dossier_public_lookup',
];

describe('dossier read models together (rebuild and idempotence on PostgreSQL)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let written: Written;

  const caughtUp = async (runner: ProjectionRunner): Promise<void> => {
    for (const p of dossierProjections()) {
      const wantsIntakes = p.filter?.categories?.includes('intake') ?? false;
      await runner.waitForCheckpoint(p.name, wantsIntakes ? written.last : written.lastDossier, 20_000);
    }
  };
  const contents = async (): Promise<Record<string, unknown[]>> => {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const key = table === 'dossier_timeline' ? 'stream, revision' : 'stream';
      out[table] = (await db.pool.query(`SELECT * FROM ${table} ORDER BY ${key}`)).rows as unknown[];
    }
    return out;
  };

  beforeAll(async () => {
    db = await createTestSchema('dossier_read_models');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
    written = await writeScenarios(store);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('has distinct names and follows only dossier and intake streams', () => {
    const projections = dossierProjections();
    expect(new Set(projections.map((p) => p.name)).size).toBe(projections.length);
    for (const p of projections)
      for (const category of p.filter?.categories ?? ['none'])
        expect(DOSSIER_STREAM_CATEGORIES as readonly string[]).toContain(category);
  });

  it('rebuilds every read model to the same rows (reset empties the tables, replay refills them)', async () => {
    let runner = new ProjectionRunner(store, db.pool, dossierProjections(), { batchSize: 13 });
    await runner.start();
    await caughtUp(runner);
    await runner.stop();
    const before = await contents();
    for (const table of TABLES) expect(before[table]!.length).toBeGreaterThan(0);

    for (const p of dossierProjections()) await runner.rebuild(p.name);
    for (const rows of Object.values(await contents())) expect(rows).toEqual([]);

    runner = new ProjectionRunner(store, db.pool, dossierProjections(), { batchSize: 500 });
    await runner.start();
    try {
      await caughtUp(runner);
    } finally {
      await runner.stop();
    }
    expect(await contents()).toEqual(before);
  });

  it('changes nothing when an event already applied is handled again', async () => {
    const before = await contents();
    const events = await store.readAll({ filter: { categories: DOSSIER_STREAM_CATEGORIES } });
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      for (const p of dossierProjections()) {
        for (const e of events.slice(-20)) await p.handle(e, client);
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await contents()).toEqual(before);
  });
});

import {
  categoryOf,
  migrateEventStore,
  PostgresEventStore,
  type RecordedEvent,
} from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { ProjectionRunner, type Projection } from '@lien-thong/projections';
import { dossierProjections } from './index';
import { writeScenarios, type Written } from './testing/dossier-scenarios';
import { DOSSIER_STREAM_CATEGORIES } from '@lien-thong/dossier-model';

const TABLES = [
  'dossier_list',
  'dossier_timeline',
  'dossier_control_slips',
  'dossier_register',
  'dossier_public_lookup',
  'agency_inbox_dossiers',
  'agency_inbox',
];
const ORDER: Record<string, string> = {
  dossier_timeline: 'stream, revision',
  agency_inbox: 'stream, step_id',
};

/** The events the store delivers to `projection` (its categories only). */
const deliveredTo = (projection: Projection, events: readonly RecordedEvent[]): RecordedEvent[] =>
  events.filter((e) => projection.filter?.categories?.includes(categoryOf(e.streamName)) ?? true);

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
      out[table] = (await db.pool.query(`SELECT * FROM ${table} ORDER BY ${ORDER[table] ?? 'stream'}`))
        .rows as unknown[];
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

  it('rebuilds every read model to the same rows whatever the batch size (reset empties the tables, replay refills them)', async () => {
    const rebuildWith = async (batchSize: number): Promise<Record<string, unknown[]>> => {
      const runner = new ProjectionRunner(store, db.pool, dossierProjections(), { batchSize });
      for (const p of dossierProjections()) await runner.rebuild(p.name);
      for (const rows of Object.values(await contents())) expect(rows).toEqual([]);
      await runner.start();
      try {
        await caughtUp(runner);
      } finally {
        await runner.stop();
      }
      return contents();
    };
    // One event per batch is the event-by-event path; 13 splits streams across batches; 500 takes
    // many events of one stream in one batch (documents evolved in memory, one statement per table).
    const oneByOne = await rebuildWith(1);
    for (const table of TABLES) expect(oneByOne[table]!.length).toBeGreaterThan(0);
    expect(await rebuildWith(13)).toEqual(oneByOne);
    expect(await rebuildWith(500)).toEqual(oneByOne);
  });

  it('applies a batch that repeats events already applied, and new ones, as the new ones alone', async () => {
    const all = await contents();
    const events = await store.readAll({ filter: { categories: DOSSIER_STREAM_CATEGORIES } });
    const runner = new ProjectionRunner(store, db.pool, dossierProjections(), { batchSize: 500 });
    for (const p of dossierProjections()) await runner.rebuild(p.name);
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      for (const p of dossierProjections()) {
        // What the store would deliver to this projection, in two overlapping batches: the second
        // repeats 10 events already applied, then the rest.
        const mine = deliveredTo(p, events);
        const cut = mine.length - 15;
        await p.handleBatch!(mine.slice(0, cut), client);
        await p.handleBatch!(mine.slice(cut - 10), client);
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await contents()).toEqual(all);
  });

  it('changes nothing when an event already applied is handled again', async () => {
    const before = await contents();
    const events = await store.readAll({ filter: { categories: DOSSIER_STREAM_CATEGORIES } });
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      for (const p of dossierProjections()) {
        for (const e of deliveredTo(p, events).slice(-20)) await p.handle(e, client);
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await contents()).toEqual(before);
  });
});

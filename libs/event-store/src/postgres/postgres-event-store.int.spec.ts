import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { EventStoreUnavailableError, InvalidEventError } from '../errors';
import { computeContentHash, computeEventHash } from '../tamper-evidence/event-hash';
import { verifyStreamChain } from '../tamper-evidence/verify-stream-chain';
import { describeEventStoreContract, sampleEvent, uniqueCategory, uniqueStream } from '../testing';
import { PostgresEventStore } from './postgres-event-store';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import {
  EVENT_STORE_MIGRATIONS_COMPONENT,
  eventStoreMigrations,
  LEGACY_EVENT_STORE_MIGRATIONS_TABLE,
  migrateEventStore,
} from './postgres-event-store.migrations';

describeEventStoreContract('PostgreSQL', async () => {
  const db = await createTestSchema('event_store_contract');
  await migrateEventStore(db.pool);
  const store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
  return {
    store,
    dispose: async () => {
      await store.close();
      await db.drop();
    },
  };
});

/** Reads a subscription in the background. */
function collect(subscription: AsyncIterable<RecordedEvent>): {
  received: RecordedEvent[];
  done: Promise<unknown>;
} {
  const received: RecordedEvent[] = [];
  const done = (async () => {
    for await (const event of subscription) received.push(event);
  })().catch((error: unknown) => error);
  return { received, done };
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Appends like the store does, but inside a transaction the test controls, so that it can hold the
 * transaction open after the positions are taken (a late commit).
 */
async function appendInOpenTransaction(
  client: PoolClient,
  stream: string,
  expectedRevision: number | null,
  events: readonly NewEvent[],
): Promise<void> {
  const payload = events.map((e) => ({
    ...e,
    contentHash: computeContentHash({ ...e, streamName: stream }),
  }));
  const result = await client.query<{ appended: boolean }>(
    'SELECT appended FROM event_store_append($1, $2, $3, $4, $5)',
    [
      stream,
      stream.slice(0, stream.indexOf('-')),
      expectedRevision === null ? 'no_stream' : 'exact',
      expectedRevision,
      JSON.stringify(payload),
    ],
  );
  if (!result.rows[0]!.appended) throw new Error(`the test's own append to ${stream} conflicted`);
}

/**
 * What the event store's own migration runner (before it used `runMigrations` of @lien-thong/postgres)
 * left in a database: every migration applied and recorded in `event_store_migrations` alone, nothing
 * in `schema_migrations`. Its statements, as they were.
 */
async function migrateLikeTheFormerRunner(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(746550, hashtext(current_schema()))`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS event_store_migrations (
         id text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    for (const migration of eventStoreMigrations) {
      await client.query(migration.sql);
      await client.query('INSERT INTO event_store_migrations (id) VALUES ($1)', [migration.id]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

describe('PostgresEventStore', () => {
  let db: TestSchema;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestSchema('event_store', { max: 24 });
    // Connections this suite terminates on purpose must not crash the test process.
    db.pool.on('error', () => undefined);
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  describe('migrations', () => {
    it('apply once: running them again, also concurrently, applies nothing', async () => {
      const fresh = await createTestSchema('event_store_migrations');
      try {
        const runs = await Promise.all([
          migrateEventStore(fresh.pool),
          migrateEventStore(fresh.pool),
          migrateEventStore(fresh.pool),
        ]);
        expect(runs.flat()).toEqual(eventStoreMigrations.map((m) => m.id));
        expect(await migrateEventStore(fresh.pool)).toEqual([]);
        const tables = await fresh.pool.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
          [fresh.schema],
        );
        expect(tables.rows.map((r) => r.table_name)).toEqual(['events', 'schema_migrations']);
      } finally {
        await fresh.drop();
      }
    });

    it("recognise a schema migrated by the event store's former runner: nothing is applied twice, no event is lost", async () => {
      const legacy = await createTestSchema('event_store_legacy');
      const legacyStore = new PostgresEventStore(legacy.pool, { notifications: false });
      try {
        await migrateLikeTheFormerRunner(legacy.pool);
        const stream = uniqueStream();
        await legacyStore.appendToStream(stream, [sampleEvent(), sampleEvent()], 'no_stream');
        const recorded = await legacy.pool.query<{ id: string; applied_at: Date }>(
          `SELECT id, applied_at FROM ${LEGACY_EVENT_STORE_MIGRATIONS_TABLE} ORDER BY id`,
        );

        const runs = await Promise.all([migrateEventStore(legacy.pool), migrateEventStore(legacy.pool)]);

        expect(runs.flat()).toEqual([]);
        const adopted = await legacy.pool.query<{ id: string; applied_at: Date }>(
          'SELECT id, applied_at FROM schema_migrations WHERE component = $1 ORDER BY id',
          [EVENT_STORE_MIGRATIONS_COMPONENT],
        );
        expect(adopted.rows).toEqual(recorded.rows);
        expect(adopted.rows.map((r) => r.id)).toEqual(eventStoreMigrations.map((m) => m.id));
        // Left as it was: a rollback to the former runner still finds its record.
        const kept = await legacy.pool.query(
          `SELECT id, applied_at FROM ${LEGACY_EVENT_STORE_MIGRATIONS_TABLE} ORDER BY id`,
        );
        expect(kept.rows).toEqual(recorded.rows);
        expect(await migrateEventStore(legacy.pool)).toEqual([]);
        const appended = await legacyStore.appendToStream(stream, [sampleEvent()], 1);
        expect(appended.nextExpectedRevision).toBe(2);
        expect(await legacyStore.readStream(stream)).toHaveLength(3);
      } finally {
        await legacyStore.close();
        await legacy.drop();
      }
    });

    it('give each schema its own notification channel, named after the schema', async () => {
      const channel = await db.pool.query<{ channel: string }>('SELECT event_store_channel() AS channel');
      expect(channel.rows[0]!.channel).toBe(`event_store:${db.schema}`);
    });

    it('release transaction ids restored from another cluster, so subscribers do not wait for them forever', async () => {
      const fresh = await createTestSchema('event_store_restore');
      const restoredStore = new PostgresEventStore(fresh.pool, { notifications: false, pollIntervalMs: 20 });
      try {
        await migrateEventStore(fresh.pool);
        const stream = uniqueStream();
        await restoredStore.appendToStream(stream, [sampleEvent(), sampleEvent()], 'no_stream');
        // What a dump of a cluster with far higher transaction ids looks like once restored here.
        await fresh.pool.query(`UPDATE events SET tx_id = '900000000000'`);
        await migrateEventStore(fresh.pool);
        const subscription = restoredStore.subscribeToAll();
        const { received } = collect(subscription);
        await until(() => received.length === 2, 10_000, 'the restored events');
        await subscription.close();
      } finally {
        await restoredStore.close();
        await fresh.drop();
      }
    });
  });

  it('prepares its appends and stream reads once per connection (ADR 0020), and they survive a migration', async () => {
    const one = await createTestSchema('event_store_prepared', { max: 1 });
    try {
      await migrateEventStore(one.pool);
      const single = new PostgresEventStore(one.pool, { notifications: false });
      const stream = uniqueStream();
      await single.appendToStream(stream, [sampleEvent()], 'no_stream');
      await single.readStream(stream);
      await single.readStream(stream, { direction: 'backwards' });
      await single.streamRevision(stream);
      const { rows } = await one.pool.query<{ name: string }>(
        'SELECT name FROM pg_prepared_statements ORDER BY name',
      );
      expect(rows.map((r) => r.name)).toEqual([
        'lien_thong_event_store_append',
        'lien_thong_event_store_readStream',
        'lien_thong_event_store_readStreamBackwards',
        'lien_thong_event_store_streamRevision',
      ]);
      // A column added under a prepared read: PostgreSQL plans it again, nothing fails.
      await one.pool.query('ALTER TABLE events ADD COLUMN prepared_probe text');
      await single.appendToStream(stream, [sampleEvent()], 0);
      expect((await single.readStream(stream)).map((e) => e.revision)).toEqual([0, 1]);
      await single.close();
    } finally {
      await one.drop();
    }
  });

  it('refuses an event id that is already recorded in another stream', async () => {
    const event = sampleEvent();
    await store.appendToStream(uniqueStream(), [event], 'no_stream');
    const other = uniqueStream();
    await expect(store.appendToStream(other, [event], 'no_stream')).rejects.toThrow(InvalidEventError);
    expect(await store.streamRevision(other)).toBeNull();
  });

  describe('subscriptions never skip an event that commits late with a lower position', () => {
    it('holds back a committed event while an older transaction with a lower position is still open', async () => {
      const category = uniqueCategory('late');
      const early = uniqueStream(category);
      const late = uniqueStream(category);
      const subscription = store.subscribeToAll({ filter: { categories: [category] } });
      const { received } = collect(subscription);
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        const slow = sampleEvent('Slow');
        await appendInOpenTransaction(client, early, null, [slow]);
        const fast = sampleEvent('Fast');
        const fastResult = await store.appendToStream(late, [fast], 'no_stream');

        // The hazard is real: a plain "position > cursor" reader sees the later event now, and would
        // move its cursor past the slow one.
        const plain = await db.pool.query<{ id: string }>(`SELECT id FROM events WHERE category = $1`, [
          category,
        ]);
        expect(plain.rows.map((r) => r.id)).toEqual([fast.id]);

        await sleep(500);
        expect(received).toEqual([]);

        await client.query('COMMIT');
        await until(() => received.length === 2, 10_000, 'both events');
        expect(received.map((e) => e.id)).toEqual([slow.id, fast.id]);
        expect(received[0]!.position < fastResult.position).toBe(true);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
        await subscription.close();
      }
    });

    it('reads all with `final` only up to an open appender with a lower position, so a cursor never steps past it', async () => {
      const category = uniqueCategory('final');
      const client = await db.pool.connect();
      try {
        const before = sampleEvent('Before');
        await store.appendToStream(uniqueStream(category), [before], 'no_stream');
        await client.query('BEGIN');
        const slow = sampleEvent('Slow');
        await appendInOpenTransaction(client, uniqueStream(category), null, [slow]);
        const fast = sampleEvent('Fast');
        await store.appendToStream(uniqueStream(category), [fast], 'no_stream');
        const filter = { categories: [category] };
        // Without it, the later event is read now, and a cursor set after it would skip the slow one.
        expect((await store.readAll({ filter })).map((e) => e.id)).toEqual([before.id, fast.id]);
        const final = await store.readAll({ filter, final: true });
        expect(final.map((e) => e.id)).toEqual([before.id]);
        await client.query('COMMIT');
        const rest = await store.readAll({ filter, final: true, after: final[0]!.position });
        expect(rest.map((e) => e.id)).toEqual([slow.id, fast.id]);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
    });

    it('does not hold back events for an older open transaction that appends nothing (a read model, another database)', async () => {
      const category = uniqueCategory('unrelated');
      const subscription = store.subscribeToAll({ filter: { categories: [category] } });
      const { received } = collect(subscription);
      const client = await db.pool.connect();
      try {
        // Older than the append below and still running, with a transaction id, but no appender.
        await client.query('BEGIN');
        await client.query('SELECT pg_current_xact_id()');
        const event = sampleEvent('Unblocked');
        await store.appendToStream(uniqueStream(category), [event], 'no_stream');
        await until(() => received.length === 1, 5_000, 'the event, with the unrelated transaction open');
        expect(received.map((e) => e.id)).toEqual([event.id]);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
        await subscription.close();
      }
    });

    it('delivers every event exactly once and in position order to live and catching-up subscribers under 16 concurrent writers', async () => {
      const writers = 16;
      const perWriter = 500;
      const category = uniqueCategory('storm');
      const live = store.subscribeToAll({ filter: { categories: [category] } });
      const liveCollector = collect(live);
      let lateCollector: ReturnType<typeof collect> | undefined;
      let late: ReturnType<PostgresEventStore['subscribeToAll']> | undefined;
      const expectedIds = new Set<string>();
      let slowAppends = 0;

      const writer = async (w: number): Promise<void> => {
        const stream = `${category}-writer-${w}`;
        let revision: number | null = null;
        let written = 0;
        while (written < perWriter) {
          const batch = Array.from(
            { length: Math.min(1 + Math.floor(Math.random() * 5), perWriter - written) },
            (_, k) => sampleEvent('Stormed', { w, n: written + k }),
          );
          for (const e of batch) expectedIds.add(e.id);
          if (Math.random() < 0.3) {
            // Take positions, then commit late: the events other writers commit meanwhile have higher positions.
            slowAppends += 1;
            const client = await db.pool.connect();
            try {
              await client.query('BEGIN');
              await appendInOpenTransaction(client, stream, revision, batch);
              await client.query('SELECT pg_sleep($1)', [Math.random() * 0.02]);
              await client.query('COMMIT');
            } finally {
              client.release();
            }
          } else {
            await store.appendToStream(stream, batch, revision ?? 'no_stream');
          }
          written += batch.length;
          revision = written - 1;
          if (w === 0 && written >= perWriter / 2 && !late) {
            late = store.subscribeToAll({ filter: { categories: [category] } });
            lateCollector = collect(late);
          }
        }
      };

      const started = Date.now();
      await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
      const total = writers * perWriter;
      expect(expectedIds.size).toBe(total);
      try {
        await until(() => liveCollector.received.length >= total, 60_000, 'the live subscriber');
        await until(() => (lateCollector?.received.length ?? 0) >= total, 60_000, 'the late subscriber');
        await sleep(300);
        for (const { received } of [liveCollector, lateCollector!]) {
          expect(received).toHaveLength(total);
          expect(new Set(received.map((e) => e.id))).toEqual(expectedIds);
          for (let i = 1; i < received.length; i += 1) {
            expect(received[i]!.position > received[i - 1]!.position).toBe(true);
          }
        }
        // Each writer's stream arrives in revision order, and its chain verifies.
        for (let w = 0; w < writers; w += 1) {
          const ofStream = liveCollector.received.filter((e) => e.streamName === `${category}-writer-${w}`);
          expect(ofStream.map((e) => e.revision)).toEqual(Array.from({ length: perWriter }, (_, i) => i));
          expect(verifyStreamChain(ofStream)).toEqual({ ok: true, count: perWriter });
        }
        expect(slowAppends).toBeGreaterThan(0);
      } finally {
        await live.close();
        await late?.close();
      }
      process.stderr.write(
        `[event-store] ${total} events from ${writers} writers (${slowAppends} late-committing appends) ` +
          `delivered exactly once in order in ${Date.now() - started} ms\n`,
      );
    });
  });

  describe('bulk import of whole streams (the history generator)', () => {
    const staged = async (streams: string[], perStream: number) => {
      const memory = new InMemoryEventStore({ now: () => new Date('2025-03-04T02:00:00Z') });
      for (const stream of streams)
        await memory.appendToStream(
          stream,
          Array.from({ length: perStream }, (_, i) => sampleEvent('ThingHappened', { i })),
          'no_stream',
        );
      return memory.readAll();
    };

    it('writes the streams with consecutive positions, their hashes and recorded instants, and subscribers see them', async () => {
      const category = uniqueCategory();
      const streams = [uniqueStream(category), uniqueStream(category)];
      const events = await staged(streams, 3);
      const subscription = store.subscribeToAll({ filter: { categories: [category] } });
      const seen = collect(subscription);
      await store.importStreams(events);
      await until(() => seen.received.length === 6, 10_000, 'the imported events delivered');
      await subscription.close();
      const delivered = seen.received;
      expect(delivered.map((e) => [e.streamName, e.revision])).toEqual(
        events.map((e) => [e.streamName, e.revision]),
      );
      const positions = delivered.map((e) => Number(e.position));
      expect(positions).toEqual(positions.map((_, i) => positions[0]! + i));
      for (const stream of streams) {
        const read = await store.readStream(stream);
        expect(verifyStreamChain(read)).toMatchObject({ ok: true, count: 3 });
        expect(read.map((e) => e.hash)).toEqual(
          events.filter((e) => e.streamName === stream).map((e) => e.hash),
        );
        expect(read[0]!.recordedAt).toBe('2025-03-04T02:00:00.000Z');
      }
    });

    it('refuses a stream that exists or a chain that does not link, and writes nothing', async () => {
      const category = uniqueCategory();
      const [first] = [uniqueStream(category)];
      await store.importStreams(await staged([first], 2));
      const fresh = uniqueStream(category);
      await expect(
        store.importStreams([...(await staged([fresh], 1)), ...(await staged([first], 1))]),
      ).rejects.toThrow();
      expect(await store.streamRevision(fresh)).toBeNull();
      const gap = (await staged([uniqueStream(category)], 3)).filter((e) => e.revision !== 1);
      await expect(store.importStreams(gap)).rejects.toThrow(/does not follow its chain/);
      expect(await store.streamRevision(gap[0]!.streamName)).toBeNull();
    });
  });

  describe('live delivery', () => {
    it('falls back to polling, so a lost notification only delays delivery', async () => {
      const polling = new PostgresEventStore(db.pool, { notifications: false, pollIntervalMs: 50 });
      const category = uniqueCategory('poll');
      const subscription = polling.subscribeToAll({ filter: { categories: [category] } });
      const { received } = collect(subscription);
      try {
        await sleep(100);
        await store.appendToStream(uniqueStream(category), [sampleEvent()], 'no_stream');
        await until(() => received.length === 1, 5_000, 'the polled event');
      } finally {
        await polling.close();
      }
    });

    it('wakes a subscriber through LISTEN/NOTIFY well before the poll interval', async () => {
      const notified = new PostgresEventStore(db.pool, {
        connectionString: db.connectionString,
        pollIntervalMs: 60_000,
      });
      const category = uniqueCategory('notify');
      const subscription = notified.subscribeToAll({ filter: { categories: [category] } });
      const { received } = collect(subscription);
      try {
        await notified.notificationsReady();
        await sleep(50);
        const appendedAt = Date.now();
        await store.appendToStream(uniqueStream(category), [sampleEvent()], 'no_stream');
        await until(() => received.length === 1, 5_000, 'the notified event');
        expect(Date.now() - appendedAt).toBeLessThan(2_000);
      } finally {
        await notified.close();
      }
    });
    it('does not read for appends its filter wants none of: each notification names what was appended', async () => {
      const pool = new Pool({ connectionString: db.connectionString, max: 4 });
      const notified = new PostgresEventStore(pool, {
        connectionString: db.connectionString,
        pollIntervalMs: 60_000,
      });
      const mine = uniqueCategory('wanted');
      const other = uniqueCategory('other');
      const subscription = notified.subscribeToAll({ filter: { categories: [mine] } });
      const { received } = collect(subscription);
      const query = jest.spyOn(pool, 'query');
      // Every statement of this store's pool: only its subscription reads through it.
      const pageReads = () => query.mock.calls.length;
      try {
        await notified.notificationsReady();
        await sleep(300);
        const before = pageReads();
        // Appended by another store (another process): its notifications carry the category and type.
        for (let i = 0; i < 3; i += 1)
          await store.appendToStream(uniqueStream(other), [sampleEvent()], 'no_stream');
        await sleep(500);
        expect(pageReads()).toBe(before);
        await store.appendToStream(uniqueStream(mine), [sampleEvent()], 'no_stream');
        await until(() => received.length === 1, 5_000, 'the event of its category');
        expect(pageReads()).toBeGreaterThan(before);
      } finally {
        query.mockRestore();
        await notified.close();
        await pool.end();
      }
    });

    it('reads the pages of the subscribers a notification wakes in one statement, and still delivers to each', async () => {
      const pool = new Pool({ connectionString: db.connectionString, max: 12 });
      const shared = new PostgresEventStore(pool, {
        connectionString: db.connectionString,
        pollIntervalMs: 60_000,
      });
      const category = uniqueCategory('shared');
      const readers = Array.from({ length: 10 }, () =>
        collect(shared.subscribeToAll({ filter: { categories: [category] } })),
      );
      // Every statement of this store's pool: only its subscribers read through it.
      const pageReads = () => query.mock.calls.length;
      const query = jest.spyOn(pool, 'query');
      try {
        await shared.notificationsReady();
        // Every subscriber has read its first (empty) page and sleeps until notified.
        await sleep(300);
        const before = pageReads();
        await store.appendToStream(uniqueStream(category), [sampleEvent()], 'no_stream');
        await until(
          () => readers.every((r) => r.received.length === 1),
          5_000,
          'the event at every subscriber',
        );
        // Ten woken at once: their pages in one statement (horizon and pages), not one horizon read and
        // ten page reads; then each reads on once more after its event, together again.
        expect(pageReads() - before).toBeLessThanOrEqual(3);
        expect(pageReads() - before).toBeGreaterThanOrEqual(1);
      } finally {
        query.mockRestore();
        await shared.close();
        await pool.end();
      }
    });
  });

  describe('database outages', () => {
    function poolWithName(applicationName: string): { pool: Pool } {
      const url = new URL(db.connectionString);
      url.searchParams.set('application_name', applicationName);
      const pool = new Pool({ connectionString: url.toString(), max: 4 });
      pool.on('error', () => undefined);
      return { pool };
    }

    async function terminate(applicationName: string, state?: string): Promise<number> {
      const result = await db.pool.query<{ pid: number }>(
        `SELECT pg_terminate_backend(pid) AS terminated, pid FROM pg_stat_activity
          WHERE application_name = $1 AND ($2::text IS NULL OR state = $2)`,
        [applicationName, state ?? null],
      );
      return result.rowCount ?? 0;
    }

    it('reports a refused connection as EventStoreUnavailableError', async () => {
      const url = new URL(db.connectionString);
      url.port = '1';
      const pool = new Pool({ connectionString: url.toString(), connectionTimeoutMillis: 2_000 });
      const unreachable = new PostgresEventStore(pool, { notifications: false });
      try {
        await expect(unreachable.ping()).rejects.toThrow(EventStoreUnavailableError);
        await expect(unreachable.readStream(uniqueStream())).rejects.toThrow(EventStoreUnavailableError);
        await expect(unreachable.appendToStream(uniqueStream(), [sampleEvent()], 'any')).rejects.toThrow(
          EventStoreUnavailableError,
        );
      } finally {
        await unreachable.close();
        await pool.end();
      }
    });

    it('reports a connection terminated mid-append as EventStoreUnavailableError, and works again on the next call', async () => {
      const name = `es-terminate-${randomUUID().slice(0, 8)}`;
      const { pool } = poolWithName(name);
      const victim = new PostgresEventStore(pool, { notifications: false });
      const stream = uniqueStream();
      const blocker = await db.pool.connect();
      try {
        // Hold the stream's append lock, so that the victim's append waits inside the database.
        await blocker.query('BEGIN');
        await blocker.query('SELECT pg_advisory_xact_lock(746551, hashtext($1))', [stream]);
        // The outcome is captured at once: the rejection may come while the test is still terminating.
        const append = victim.appendToStream(stream, [sampleEvent()], 'no_stream').then(
          () => undefined,
          (error: unknown) => error,
        );
        let terminated = 0;
        const deadline = Date.now() + 5_000;
        while (terminated === 0 && Date.now() < deadline) {
          await sleep(20);
          terminated = await terminate(name, 'active');
        }
        expect(terminated).toBe(1);
        expect(await append).toBeInstanceOf(EventStoreUnavailableError);

        await blocker.query('COMMIT');
        // The pool opens a new connection by itself.
        await expect(victim.appendToStream(stream, [sampleEvent()], 'no_stream')).resolves.toMatchObject({
          nextExpectedRevision: 0,
        });
      } finally {
        await blocker.query('ROLLBACK').catch(() => undefined);
        blocker.release();
        await victim.close();
        await pool.end();
      }
    });

    it('keeps a subscription delivering when its LISTEN connection is terminated', async () => {
      const name = `es-listen-${randomUUID().slice(0, 8)}`;
      const { pool } = poolWithName(`${name}-pool`);
      const listenUrl = new URL(db.connectionString);
      listenUrl.searchParams.set('application_name', name);
      const listening = new PostgresEventStore(pool, {
        connectionString: listenUrl.toString(),
        pollIntervalMs: 200,
      });
      const category = uniqueCategory('relisten');
      const subscription = listening.subscribeToAll({ filter: { categories: [category] } });
      const { received, done } = collect(subscription);
      try {
        await listening.notificationsReady();
        await store.appendToStream(uniqueStream(category), [sampleEvent()], 'no_stream');
        await until(() => received.length === 1, 5_000, 'the first event');
        expect(await terminate(name)).toBe(1);
        await store.appendToStream(uniqueStream(category), [sampleEvent()], 'no_stream');
        await until(() => received.length === 2, 5_000, 'the event after the LISTEN connection died');
        // And it listens again.
        const deadline = Date.now() + 5_000;
        let relistened = false;
        while (!relistened && Date.now() < deadline) {
          const r = await db.pool.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1`, [name]);
          relistened = (r.rowCount ?? 0) > 0;
          if (!relistened) await sleep(50);
        }
        expect(relistened).toBe(true);
      } finally {
        await listening.close();
        await pool.end();
      }
      expect(await done).toBeUndefined();
    });
  });

  describe('a stream read again asks only for what was appended since (ADR 0021)', () => {
    /** The rows PostgreSQL sent for each query of the store's pool while `run` ran. */
    async function rowsSent(run: () => Promise<unknown>): Promise<number[]> {
      const spy = jest.spyOn(db.pool, 'query');
      try {
        await run();
        return (await Promise.all(spy.mock.results.map((r) => r.value as Promise<{ rowCount: number }>))).map(
          (r) => r.rowCount,
        );
      } finally {
        spy.mockRestore();
      }
    }

    it('reads the new events only, and gives what a read from storage gives', async () => {
      const stream = uniqueStream('dossier');
      await store.appendToStream(
        stream,
        Array.from({ length: 8 }, (_, n) => sampleEvent('StepHandedOff', { n })),
        'no_stream',
      );
      expect(await rowsSent(() => store.readStream(stream))).toEqual([8]);
      // Read again: the last known event (to check it is still there) and nothing else.
      expect(await rowsSent(() => store.readStream(stream))).toEqual([1]);
      await store.appendToStream(stream, [sampleEvent('StepCompleted', { n: 8 })], 7);
      let again: RecordedEvent[] = [];
      expect(
        await rowsSent(async () => {
          again = await store.readStream(stream);
        }),
      ).toEqual([2]);
      expect(again).toEqual(await store.readStream(stream, { fromStorage: true }));
      expect(again.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
      // A caller may change its array, not the events the store keeps.
      again.pop();
      expect(await store.readStream(stream)).toHaveLength(9);
      expect(() => {
        (again[0]!.data as { n: number }).n = 99;
      }).toThrow(TypeError);
    });

    it('reads the streams asked for at once in one statement, each with its own events', async () => {
      const streams = Array.from({ length: 5 }, () => uniqueStream('dossier'));
      for (const [i, stream] of streams.entries())
        await store.appendToStream(
          stream,
          Array.from({ length: i + 1 }, (_, n) => sampleEvent('StepHandedOff', { stream: i, n })),
          'no_stream',
        );
      await store.readStream(streams[0]!); // known: read again from its last event
      let read: RecordedEvent[][] = [];
      const sent = await rowsSent(async () => {
        read = await Promise.all(streams.map((stream) => store.readStream(stream)));
      });
      expect(sent).toEqual([1 + 2 + 3 + 4 + 5]);
      for (const [i, events] of read.entries()) {
        expect(events.map((e) => [e.streamName, e.revision])).toEqual(
          Array.from({ length: i + 1 }, (_, n) => [streams[i], n]),
        );
        expect(events).toEqual(await store.readStream(streams[i]!, { fromStorage: true }));
      }
    });

    it('reads a stream whole again when its last known event is gone (deleted by hand, a restore)', async () => {
      const stream = uniqueStream('dossier');
      await store.appendToStream(
        stream,
        [sampleEvent('A', { n: 0 }), sampleEvent('B', { n: 1 })],
        'no_stream',
      );
      await store.readStream(stream);
      await db.pool.query(`DELETE FROM events WHERE stream_name = $1`, [stream]);
      expect(await store.readStream(stream)).toEqual([]);
      await store.appendToStream(stream, [sampleEvent('C', { n: 2 })], 'no_stream');
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['C']);
    });
  });

  describe('tamper evidence', () => {
    async function chainOf(count: number): Promise<{ stream: string; events: RecordedEvent[] }> {
      const stream = uniqueStream('dossier');
      await store.appendToStream(
        stream,
        Array.from({ length: count }, (_, n) =>
          sampleEvent('StepHandedOff', { n, agency: 'Công an phường Bến Nghé' }),
        ),
        'no_stream',
      );
      return { stream, events: await store.readStream(stream) };
    }

    it('verifies an untouched stream', async () => {
      const { events } = await chainOf(6);
      expect(verifyStreamChain(events)).toEqual({ ok: true, count: 6 });
    });

    it('reports an event whose data was changed with SQL as altered, at that event', async () => {
      const { stream, events } = await chainOf(6);
      await db.pool.query(
        `UPDATE events SET data = jsonb_set(data, '{agency}', '"Công an phường khác"') WHERE stream_name = $1 AND revision = 3`,
        [stream],
      );
      const result = verifyStreamChain(await store.readStream(stream, { fromStorage: true }));
      expect(result).toMatchObject({ ok: false, problem: 'altered', revision: 3, eventId: events[3]!.id });
    });

    it('reports an event altered and re-hashed as a broken link at the next event', async () => {
      const { stream, events } = await chainOf(6);
      const tampered = { ...events[2]!, data: { n: 2, agency: 'forged' } };
      await db.pool.query(`UPDATE events SET data = $2, hash = $3 WHERE stream_name = $1 AND revision = 2`, [
        stream,
        JSON.stringify(tampered.data),
        computeEventHash(tampered, tampered.previousHash),
      ]);
      const result = verifyStreamChain(await store.readStream(stream, { fromStorage: true }));
      expect(result).toMatchObject({
        ok: false,
        problem: 'broken-link',
        revision: 3,
        eventId: events[3]!.id,
      });
    });

    it('reports a deleted event as removed, naming the missing revision', async () => {
      const { stream, events } = await chainOf(6);
      await db.pool.query(`DELETE FROM events WHERE stream_name = $1 AND revision = 2`, [stream]);
      const result = verifyStreamChain(await store.readStream(stream, { fromStorage: true }));
      expect(result).toMatchObject({ ok: false, problem: 'removed', revision: 2, eventId: events[3]!.id });
      expect(result.ok === false && result.message).toContain('revision 2 is missing');
    });

    it('reports a deleted event whose successors were renumbered as a broken link', async () => {
      const { stream, events } = await chainOf(6);
      await db.pool.query(`DELETE FROM events WHERE stream_name = $1 AND revision = 2`, [stream]);
      for (const revision of [3, 4, 5]) {
        await db.pool.query(`UPDATE events SET revision = $2 WHERE stream_name = $1 AND revision = $3`, [
          stream,
          revision - 1,
          revision,
        ]);
      }
      const result = verifyStreamChain(await store.readStream(stream, { fromStorage: true }));
      expect(result).toMatchObject({
        ok: false,
        problem: 'broken-link',
        revision: 2,
        eventId: events[3]!.id,
      });
    });

    it('reports two swapped revisions as reordered, at the first of them', async () => {
      const { stream, events } = await chainOf(6);
      await db.pool.query(`UPDATE events SET revision = 1000 WHERE stream_name = $1 AND revision = 2`, [
        stream,
      ]);
      await db.pool.query(`UPDATE events SET revision = 2 WHERE stream_name = $1 AND revision = 3`, [stream]);
      await db.pool.query(`UPDATE events SET revision = 3 WHERE stream_name = $1 AND revision = 1000`, [
        stream,
      ]);
      const result = verifyStreamChain(await store.readStream(stream, { fromStorage: true }));
      expect(result).toMatchObject({ ok: false, problem: 'reordered', revision: 2, eventId: events[3]!.id });
    });

    it('cannot see the newest events deleted: only anchoring the head hash elsewhere would (ADR 0003)', async () => {
      const { stream } = await chainOf(6);
      await db.pool.query(`DELETE FROM events WHERE stream_name = $1 AND revision = 5`, [stream]);
      expect(verifyStreamChain(await store.readStream(stream, { fromStorage: true }))).toEqual({
        ok: true,
        count: 5,
      });
    });
  });
});

import type { PoolClient } from 'pg';
import { migrateEventStore, PostgresEventStore, type RecordedEvent } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { ProjectionRunner, type BatchContext, type Projection } from '@lien-thong/projections';
import { appendThingEvents } from './testing/thing-events';

/** Counts applications per event id: a duplicate shows as a count of 2, a skip as a missing row. */
function countingProjection(
  name: string,
  options: {
    failOnceAt?: number;
    /** While `broken.now`, every event from `broken.from` on fails. */
    broken?: { now: boolean; from: number };
    categories?: string[];
  } = {},
): Projection & { failures: number } {
  let failed = false;
  const projection = {
    name,
    failures: 0,
    filter: { categories: options.categories ?? ['thing'] },
    migrations: [
      {
        id: '0001',
        // The transaction each event was applied in: read models in a group share one per batch.
        sql: `CREATE TABLE ${name}_applied (event_id uuid NOT NULL, position bigint NOT NULL,
                                             tx bigint NOT NULL DEFAULT txid_current())`,
      },
    ],
    async handle(e: RecordedEvent, tx: PoolClient) {
      await tx.query(`INSERT INTO ${name}_applied (event_id, position) VALUES ($1, $2)`, [
        e.id,
        e.position.toString(),
      ]);
      if (options.failOnceAt !== undefined && !failed && (e.data as { n: number }).n === options.failOnceAt) {
        failed = true;
        projection.failures += 1;
        throw new Error('simulated crash in the middle of a batch');
      }
      if (options.broken?.now && (e.data as { n: number }).n >= options.broken.from) {
        projection.failures += 1;
        throw new Error(`read model ${name} is broken`);
      }
    },
    async reset(tx: PoolClient) {
      await tx.query(`DELETE FROM ${name}_applied`);
    },
  };
  return projection;
}

/**
 * Counts the events of each stream in a state per stream (`stream`, `last_revision`, `state`), read at
 * the start of each batch: from the runner when it hands them over (`batchStates`), else by itself.
 * `statesFrom`: the table its `batchStates` names (another one, missing, to make that read fail).
 */
function perStreamProjection(
  name: string,
  statesFrom = `${name}_states`,
  deferredTo = `${name}_states`,
): Projection & { handedStates: number; ownReads: number; deferred: number } {
  const projection = {
    name,
    handedStates: 0,
    ownReads: 0,
    deferred: 0,
    filter: { categories: ['thing'] },
    migrations: [
      {
        id: '0001',
        sql: `CREATE TABLE ${name}_states (stream text PRIMARY KEY, last_revision integer NOT NULL, state jsonb NOT NULL)`,
      },
    ],
    batchStates: (streams: string) =>
      `SELECT stream, last_revision, state FROM ${statesFrom} WHERE stream = ANY(${streams})`,
    async handleBatch(events: readonly RecordedEvent[], tx: PoolClient, context?: BatchContext) {
      let rows = context?.states;
      if (rows) projection.handedStates += 1;
      else {
        projection.ownReads += 1;
        rows = (
          await tx.query<{ stream: string; last_revision: number; state: unknown }>(
            `SELECT stream, last_revision, state FROM ${name}_states WHERE stream = ANY($1::text[])`,
            [[...new Set(events.map((e) => e.streamName))]],
          )
        ).rows;
      }
      const states = new Map(
        rows.map((r) => [
          r.stream,
          { revision: r.last_revision, count: (r.state as { count: number }).count },
        ]),
      );
      for (const e of events) {
        const s = states.get(e.streamName) ?? { revision: -1, count: 0 };
        if (e.revision > s.revision) states.set(e.streamName, { revision: e.revision, count: s.count + 1 });
      }
      const upsert = (table: string, p: (value: unknown) => string) =>
        `INSERT INTO ${table} VALUES ${[...states]
          .map(([stream, s]) => `(${p(stream)}, ${p(s.revision)}, ${p(JSON.stringify({ count: s.count }))})`)
          .join(
            ', ',
          )} ON CONFLICT (stream) DO UPDATE SET last_revision = EXCLUDED.last_revision, state = EXCLUDED.state`;
      if (context?.defer) {
        projection.deferred += 1;
        context.defer((p) => upsert(deferredTo, p));
        return;
      }
      const values: unknown[] = [];
      await tx.query(
        upsert(`${name}_states`, (v) => {
          values.push(v);
          return `$${values.length}`;
        }),
        values,
      );
    },
    async handle(e: RecordedEvent, tx: PoolClient) {
      await projection.handleBatch([e], tx);
    },
    async reset(tx: PoolClient) {
      await tx.query(`DELETE FROM ${name}_states`);
    },
  };
  return projection;
}

describe('ProjectionRunner', () => {
  let db: TestSchema;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestSchema('projections');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const appendThings = (count: number, startAt = 0) => appendThingEvents(store, count, startAt);

  async function applied(name: string): Promise<{ total: number; distinct: number }> {
    const r = await db.pool.query<{ total: string; distinct: string }>(
      `SELECT count(*) AS total, count(DISTINCT event_id) AS distinct FROM ${name}_applied`,
    );
    return { total: Number(r.rows[0]!.total), distinct: Number(r.rows[0]!.distinct) };
  }

  it('applies every event of its categories exactly once, also when a batch fails halfway and is retried', async () => {
    const projection = countingProjection('p_retry', { failOnceAt: 137 });
    const runner = new ProjectionRunner(store, db.pool, [projection], { batchSize: 50, retryDelayMs: 10 });
    await runner.start();
    try {
      const last = await appendThings(300);
      await runner.waitForCheckpoint('p_retry', last, 20_000);
      expect(projection.failures).toBe(1);
      expect(await applied('p_retry')).toEqual({ total: 300, distinct: 300 });
    } finally {
      await runner.stop();
    }
  });

  it('resumes from its checkpoint after a stop, without applying anything twice', async () => {
    const first = new ProjectionRunner(store, db.pool, [countingProjection('p_resume')], { batchSize: 25 });
    await first.start();
    const last1 = await appendThings(100);
    await first.waitForCheckpoint('p_resume', last1);
    await first.stop();

    const last2 = await appendThings(100, 100);
    const second = new ProjectionRunner(store, db.pool, [countingProjection('p_resume')], { batchSize: 25 });
    await second.start();
    try {
      await second.waitForCheckpoint('p_resume', last2);
      const all = await store.readAll({ filter: { categories: ['thing'] } });
      expect(await applied('p_resume')).toEqual({ total: all.length, distinct: all.length });
    } finally {
      await second.stop();
    }
  });

  it('never interleaves two runners of the same projection, even without leases', async () => {
    // Without leases both follow it: only the checkpoint's row lock keeps them apart.
    const a = new ProjectionRunner(store, db.pool, [countingProjection('p_twins')], {
      batchSize: 7,
      retryDelayMs: 5,
      leases: false,
    });
    const b = new ProjectionRunner(store, db.pool, [countingProjection('p_twins')], {
      batchSize: 11,
      retryDelayMs: 5,
      leases: false,
    });
    await Promise.all([a.start(), b.start()]);
    try {
      const last = await appendThings(200);
      await a.waitForCheckpoint('p_twins', last, 20_000);
      const all = await store.readAll({ filter: { categories: ['thing'] } });
      expect(await applied('p_twins')).toEqual({ total: all.length, distinct: all.length });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  describe('with leases (several worker processes)', () => {
    const names = ['p_share_a', 'p_share_b', 'p_share_c', 'p_share_d', 'p_share_e', 'p_share_f'];
    const logs: string[] = [];
    const runnerOf = () =>
      new ProjectionRunner(
        store,
        db.pool,
        names.map((n) => countingProjection(n)),
        { batchSize: 13, retryDelayMs: 5, leases: { checkIntervalMs: 100 }, log: (m) => logs.push(m) },
      );

    async function expectAllAppliedOnce(runner: ProjectionRunner, last: bigint): Promise<void> {
      for (const name of names) await runner.waitForCheckpoint(name, last, 20_000);
      const all = await store.readAll({ filter: { categories: ['thing'] } });
      for (const name of names)
        expect(await applied(name)).toEqual({ total: all.length, distinct: all.length });
    }

    async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!ok()) {
        if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }

    const shared = (a: ProjectionRunner, b: ProjectionRunner) => () => {
      const both = [...a.following(), ...b.following()].sort();
      return a.following().length > 0 && b.following().length > 0 && both.join() === names.join();
    };

    it('shares the projections between two runners, each followed by one, every event applied once', async () => {
      const a = runnerOf();
      await a.start();
      const b = runnerOf();
      try {
        // Alone, the first runner follows everything.
        expect(a.following()).toEqual(names);
        await b.start();
        await until('the two runners share the projections, each on one', shared(a, b));
        const last = await appendThings(150);
        await expectAllAppliedOnce(a, last);
        expect(shared(a, b)()).toBe(true);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });

    it('takes the projections of a runner that stops, or whose connection dies, within seconds', async () => {
      const a = runnerOf();
      const b = runnerOf();
      await Promise.all([a.start(), b.start()]);
      try {
        await until('shared', shared(a, b));
        await appendThings(40);
        await a.stop();
        await until(
          'the other runner follows everything',
          () => b.following().join() === names.join(),
          5_000,
        );
        const afterStop = await appendThings(40, 40);
        await expectAllAppliedOnce(b, afterStop);

        // A runner whose lease connection dies (as when its process is killed) loses its leases; when it
        // joins again, the projections are shared again, and nothing was applied twice meanwhile.
        const c = runnerOf();
        await c.start();
        try {
          await until('shared with the third', shared(b, c));
          const killed = await db.pool.query<{ killed: boolean }>(
            `SELECT pg_terminate_backend(pid) AS killed FROM pg_locks
              WHERE locktype = 'advisory' AND objsubid = 2 AND granted AND pid <> pg_backend_pid()
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              GROUP BY pid`,
          );
          expect(killed.rows.length).toBe(2);
          await until(
            'both noticed',
            () => logs.filter((m) => /leases lost with their connection/.test(m)).length >= 2,
          );
          const afterKill = await appendThings(60, 200);
          await until('shared again after the connections died', shared(b, c), 10_000);
          await expectAllAppliedOnce(c, afterKill);
        } finally {
          await c.stop();
        }
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });
  });

  describe('read models in a group (one subscription, one transaction per batch)', () => {
    /** Positions applied by `a` and `b` in the same transaction, and those applied in different ones. */
    async function sharedTransactions(
      a: string,
      b: string,
      after = 0n,
    ): Promise<{ same: number; apart: number }> {
      const r = await db.pool.query<{ same: string; apart: string }>(
        `SELECT count(*) FILTER (WHERE x.tx = y.tx) AS same, count(*) FILTER (WHERE x.tx <> y.tx) AS apart
           FROM ${a}_applied x JOIN ${b}_applied y USING (event_id) WHERE x.position > $1`,
        [after.toString()],
      );
      return { same: Number(r.rows[0]!.same), apart: Number(r.rows[0]!.apart) };
    }

    it('applies each batch to every read model in one transaction, each only the events of its filter', async () => {
      const things = countingProjection('g_things');
      const others = countingProjection('g_others', { categories: ['other'] });
      const runner = new ProjectionRunner(store, db.pool, [things, others], { batchSize: 20 });
      await runner.start();
      try {
        const last = await appendThings(120);
        await runner.waitForCheckpoint('g_things', last, 20_000);
        const things_ = await store.readAll({ filter: { categories: ['thing'] } });
        const others_ = await store.readAll({ filter: { categories: ['other'] } });
        expect(await applied('g_things')).toEqual({ total: things_.length, distinct: things_.length });
        await runner.waitForCheckpoint('g_others', others_.at(-1)!.position, 20_000);
        expect(await applied('g_others')).toEqual({ total: others_.length, distinct: others_.length });
        // The same twin, each in its own loop (`group: false`), applies each event in its own transaction.
        const twin = countingProjection('g_things_twin');
        const alone = new ProjectionRunner(store, db.pool, [countingProjection('g_others_twin'), twin], {
          group: false,
        });
        await alone.start();
        try {
          await alone.waitForCheckpoint('g_things_twin', last, 20_000);
          expect((await sharedTransactions('g_things', 'g_things_twin')).same).toBe(0);
        } finally {
          await alone.stop();
        }
      } finally {
        await runner.stop();
      }
      // Two read models of one group that take the same events apply each in the same transaction.
      const a = countingProjection('g_pair_a');
      const b = countingProjection('g_pair_b');
      const pair = new ProjectionRunner(store, db.pool, [a, b], { batchSize: 20 });
      await pair.start();
      try {
        const last = await appendThings(60, 500);
        await pair.waitForCheckpoint('g_pair_a', last, 20_000);
        await pair.waitForCheckpoint('g_pair_b', last, 20_000);
        const all = (await store.readAll({ filter: { categories: ['thing'] } })).length;
        expect(await sharedTransactions('g_pair_a', 'g_pair_b')).toEqual({ same: all, apart: 0 });
      } finally {
        await pair.stop();
      }
    });

    it('goes on without a failing read model, which catches up alone once repaired and rejoins', async () => {
      const broken = { now: true, from: 30 };
      const failing = countingProjection('g_fail', { broken });
      const healthy = countingProjection('g_well');
      const logs: string[] = [];
      const runner = new ProjectionRunner(store, db.pool, [failing, healthy], {
        batchSize: 10,
        retryDelayMs: 20,
        maxRetryDelayMs: 100,
        log: (m) => logs.push(m),
      });
      await runner.start();
      try {
        const last = await appendThings(80, 0);
        // The healthy one reaches the end although the other fails from n = 30 on.
        await runner.waitForCheckpoint('g_well', last, 20_000);
        const stuck = await db.pool.query<{ position: string; last_error: string | null }>(
          `SELECT position, last_error FROM projection_checkpoints WHERE name = 'g_fail'`,
        );
        expect(BigInt(stuck.rows[0]!.position)).toBeLessThan(last);
        expect(stuck.rows[0]!.last_error).toMatch(/g_fail is broken/);
        expect(failing.failures).toBeGreaterThan(1);
        expect(logs.some((m) => /following it alone/.test(m))).toBe(true);

        broken.now = false;
        await runner.waitForCheckpoint('g_fail', last, 20_000);
        const all = await store.readAll({ filter: { categories: ['thing'] } });
        for (const name of ['g_fail', 'g_well'])
          expect(await applied(name)).toEqual({ total: all.length, distinct: all.length });
        expect(logs.some((m) => /g_fail is back in the group/.test(m))).toBe(true);

        // Back in the group: the next events are applied to both in one transaction.
        const rejoined = await appendThings(30, 1000);
        await runner.waitForCheckpoint('g_fail', rejoined, 20_000);
        await runner.waitForCheckpoint('g_well', rejoined, 20_000);
        const since = await sharedTransactions('g_fail', 'g_well', last);
        expect(since).toEqual({ same: 30, apart: 0 });
      } finally {
        await runner.stop();
      }
    });

    it('reads the stored states of its read models together, one statement per batch for all of them', async () => {
      const a = perStreamProjection('g_states_a');
      const b = perStreamProjection('g_states_b');
      const logs: string[] = [];
      const runner = new ProjectionRunner(store, db.pool, [a, b], { batchSize: 7, log: (m) => logs.push(m) });
      await runner.start();
      try {
        await appendThings(50, 0);
        const last = await appendThings(50, 100); // a second time: the states stored by the first are read
        await runner.waitForCheckpoint('g_states_a', last, 20_000);
        await runner.waitForCheckpoint('g_states_b', last, 20_000);
      } finally {
        await runner.stop();
      }
      const things = await store.readAll({ filter: { categories: ['thing'] } });
      const expected = new Map<string, number>();
      for (const e of things) expected.set(e.streamName, (expected.get(e.streamName) ?? 0) + 1);
      for (const name of ['g_states_a', 'g_states_b']) {
        const rows = await db.pool.query<{ stream: string; state: { count: number } }>(
          `SELECT stream, state FROM ${name}_states`,
        );
        expect(new Map(rows.rows.map((r) => [r.stream, r.state.count]))).toEqual(expected);
      }
      expect(a.handedStates).toBeGreaterThan(1);
      expect([a.ownReads, b.ownReads, b.handedStates]).toEqual([0, 0, a.handedStates]);
      // Their writes went to the group, which sent them together.
      expect([a.deferred, b.deferred]).toEqual([a.handedStates, a.handedStates]);
      expect(logs).toEqual([]);

      /**
       * Follows 20 more events with `pair` in a group of their own, then checks that each counted every
       * `thing` event once: nothing applied twice or lost.
       */
      const followApart = async (pair: Projection[], startAt: number) => {
        const runner = new ProjectionRunner(store, db.pool, pair, {
          batchSize: 500,
          retryDelayMs: 20,
          log: (m) => logs.push(m),
        });
        await runner.start();
        try {
          const last = await appendThings(20, startAt);
          for (const { name } of pair) await runner.waitForCheckpoint(name, last, 20_000);
        } finally {
          await runner.stop();
        }
        const all = await store.readAll({ filter: { categories: ['thing'] } });
        for (const { name } of pair) {
          const sum = await db.pool.query<{ n: number }>(
            `SELECT coalesce(sum((state->>'count')::int), 0)::int AS n FROM ${name}_states`,
          );
          expect(sum.rows[0]!.n).toBe(all.length);
        }
      };

      // A member whose states cannot be read with the others': the batch is taken again with each
      // reading its own.
      const c = perStreamProjection('g_states_c');
      const d = perStreamProjection('g_states_d', 'g_states_missing');
      await followApart([c, d], 200);
      expect(logs.some((m) => /g_states_missing.*each reads its own/.test(m))).toBe(true);
      expect([c.ownReads > 0, d.ownReads > 0, d.handedStates]).toEqual([true, true, 0]);

      // A member whose deferred write fails with the others': the same, each then writes its own.
      await followApart(
        [
          perStreamProjection('g_states_e'),
          perStreamProjection('g_states_f', 'g_states_f_states', 'g_states_f_missing'),
        ],
        300,
      );
      expect(
        logs.some((m) => /writing for g_states_e, g_states_f together failed.*each writes its own/.test(m)),
      ).toBe(true);
    });

    it('lets a rebuilt read model catch up alone, far behind, while the others stay live', async () => {
      const logs: string[] = [];
      const runner = new ProjectionRunner(
        store,
        db.pool,
        [countingProjection('g_rebuilt'), countingProjection('g_live')],
        { batchSize: 10, groupLagLimit: 40, log: (m) => logs.push(m) },
      );
      await runner.start();
      try {
        const last = await appendThings(100, 0);
        await runner.waitForCheckpoint('g_rebuilt', last, 20_000);
        await runner.rebuild('g_rebuilt');
        const after = await appendThings(20, 2000);
        await runner.waitForCheckpoint('g_live', after, 20_000);
        await runner.waitForCheckpoint('g_rebuilt', after, 30_000);
        const all = await store.readAll({ filter: { categories: ['thing'] } });
        for (const name of ['g_rebuilt', 'g_live'])
          expect(await applied(name)).toEqual({ total: all.length, distinct: all.length });
        expect(logs.some((m) => /g_rebuilt is \d+ positions behind: it catches up alone/.test(m))).toBe(true);
        expect(logs.some((m) => /g_rebuilt is back in the group/.test(m))).toBe(true);
      } finally {
        await runner.stop();
      }
    });
  });

  it('rebuilds a projection from zero while a runner is live', async () => {
    const runner = new ProjectionRunner(store, db.pool, [countingProjection('p_rebuild')], { batchSize: 40 });
    await runner.start();
    try {
      const last = await appendThings(50);
      await runner.waitForCheckpoint('p_rebuild', last);
      await runner.rebuild('p_rebuild');
      const after = await appendThings(20, 1000);
      await runner.waitForCheckpoint('p_rebuild', after, 20_000);
      const all = await store.readAll({ filter: { categories: ['thing'] } });
      expect(await applied('p_rebuild')).toEqual({ total: all.length, distinct: all.length });
    } finally {
      await runner.stop();
    }
  });

  it('refuses to rebuild a projection it does not know', async () => {
    const runner = new ProjectionRunner(store, db.pool, [countingProjection('p_known')]);
    await expect(runner.rebuild('nope')).rejects.toThrow(/Unknown projection "nope"/);
  });
});

import { randomUUID } from 'node:crypto';
import { migrateEventStore, PostgresEventStore } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { ProjectionRunner, type ProcessManager } from '@lien-thong/projections';
import { appendThingEvents, event } from './testing/thing-events';

/** Process managers on the runner: their work outside any transaction, then the checkpoint. */
describe('ProjectionRunner, at-least-once delivery (process managers)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestSchema('process_managers');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const appendThings = (count: number, startAt = 0) => appendThingEvents(store, count, startAt);

  it('runs an at-least-once process manager outside any transaction, in batches, then advances its checkpoint; a failed batch is repeated', async () => {
    const seen: bigint[] = [];
    const batchSizes: number[] = [];
    let checkpointLockedDuringWork = false;
    let failOnce = true;
    const manager: ProcessManager = {
      kind: 'process-manager',
      name: 'pm_remote',
      filter: { categories: ['thing'] },
      handle: () => Promise.reject(new Error('handleBatch is used when present')),
      async handleBatch(events) {
        // The checkpoint row is free while the remote work runs: no transaction is held open.
        const probe = await db.pool.connect();
        try {
          await probe.query('BEGIN');
          await probe.query(
            "SELECT position FROM projection_checkpoints WHERE name = 'pm_remote' FOR UPDATE NOWAIT",
          );
        } catch {
          checkpointLockedDuringWork = true;
        } finally {
          await probe.query('ROLLBACK').catch(() => undefined);
          probe.release();
        }
        batchSizes.push(events.length);
        if (failOnce && events.some((e) => (e.data as { n: number }).n === 42)) {
          failOnce = false;
          throw new Error('Temporal did not answer');
        }
        seen.push(...events.map((e) => e.position));
      },
    };
    const runner = new ProjectionRunner(store, db.pool, [manager], { batchSize: 25, retryDelayMs: 10 });
    const before = await store.appendToStream(
      `thing-${randomUUID()}`,
      [event('ThingHappened', -2)],
      'no_stream',
    );
    await runner.start();
    try {
      await runner.waitForCheckpoint('pm_remote', before.position, 20_000);
      const last = await appendThings(100);
      await runner.waitForCheckpoint('pm_remote', last, 20_000);
    } finally {
      await runner.stop();
    }
    expect(checkpointLockedDuringWork).toBe(false);
    // Every event delivered, in order; the failed batch was delivered again (at least once), none skipped.
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => (a < b ? -1 : 1))).toEqual(seen);
    expect(seen.length).toBeGreaterThanOrEqual(101);
    expect(batchSizes.some((n) => n > 1)).toBe(true);
  });

  it('pipelines an at-least-once process manager: batches overlap, the checkpoint never passes unfinished work, a failed batch is repeated', async () => {
    const seen = new Set<bigint>();
    let deliveries = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const passedUnfinished: string[] = [];
    let failOnce = true;
    const checkpoint = async () =>
      BigInt(
        (
          await db.pool.query<{ position: string }>(
            "SELECT position FROM projection_checkpoints WHERE name = 'pm_pipelined'",
          )
        ).rows[0]?.position ?? '0',
      );
    const manager: ProcessManager = {
      kind: 'process-manager',
      name: 'pm_pipelined',
      filter: { categories: ['thing'] },
      pipeline: 4,
      handle: () => Promise.reject(new Error('handleBatch is used when present')),
      async handleBatch(events) {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          // Remote calls of uneven length: later batches often finish before earlier ones.
          await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 40)));
          const first = events[0]!.position;
          const at = await checkpoint();
          if (at >= first) passedUnfinished.push(`checkpoint ${at} passed batch from ${first}`);
          if (failOnce && events.some((e) => (e.data as { n: number }).n === 57)) {
            failOnce = false;
            throw new Error('Temporal did not answer');
          }
          deliveries += events.length;
          for (const e of events) seen.add(e.position);
        } finally {
          inFlight -= 1;
        }
      },
    };
    // Small batches so that many are under way at once.
    const runner = new ProjectionRunner(store, db.pool, [manager], { batchSize: 3, retryDelayMs: 10 });
    await runner.start();
    let last = 0n;
    try {
      // Appended while the manager runs, in bursts, so that batches queue up behind slow ones.
      for (let burst = 0; burst < 10; burst += 1) last = await appendThings(20, burst * 20);
      await runner.waitForCheckpoint('pm_pipelined', last, 30_000);
    } finally {
      await runner.stop();
    }
    const all = (await store.readAll({ filter: { categories: ['thing'] } })).map((e) => e.position);
    expect(passedUnfinished).toEqual([]);
    expect(failOnce).toBe(false);
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(4);
    // Every event delivered, the failed batch's again (at least once); the checkpoint at the end.
    expect(all.filter((p) => !seen.has(p))).toEqual([]);
    expect(deliveries).toBeGreaterThanOrEqual(all.length);
    expect(await checkpoint()).toBe(all[all.length - 1]);
  });

  it("stores a pipelined process manager's checkpoint at most every checkpointEveryMs, and once more when no more batches come", async () => {
    const every = 300;
    let stores = 0;
    // The runner's pool, counting the statements that store the checkpoint.
    const pool = new Proxy(db.pool, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
        return (config: unknown, values?: unknown) => {
          if ((config as { name?: string }).name === 'projection-checkpoint-advance-if-at') stores += 1;
          return target.query(config as string, values as unknown[]);
        };
      },
    });
    let batches = 0;
    const manager: ProcessManager = {
      kind: 'process-manager',
      name: 'pm_every',
      filter: { categories: ['thing'] },
      pipeline: 4,
      checkpointEveryMs: every,
      handle: () => Promise.reject(new Error('handleBatch is used when present')),
      async handleBatch() {
        batches += 1;
        await new Promise((r) => setTimeout(r, 1));
      },
    };
    const runner = new ProjectionRunner(store, pool, [manager], { batchSize: 3, retryDelayMs: 10 });
    await runner.start();
    const started = performance.now();
    let last = 0n;
    try {
      for (let burst = 0; burst < 10; burst += 1) last = await appendThings(20, burst * 20);
      // Reached although no batch follows the last one: the pending store is made within `every`.
      await runner.waitForCheckpoint('pm_every', last, 30_000);
    } finally {
      await runner.stop();
    }
    const elapsed = performance.now() - started;
    expect(batches).toBeGreaterThan(stores);
    expect(stores).toBeGreaterThan(0);
    expect(stores).toBeLessThanOrEqual(Math.floor(elapsed / every) + 2);
    const stored = await db.pool.query<{ position: string }>(
      "SELECT position FROM projection_checkpoints WHERE name = 'pm_every'",
    );
    expect(BigInt(stored.rows[0]!.position)).toBe(last);
  });

  it('pipelines: once any batch has failed, also one behind a slower oldest batch, no further batch is started', async () => {
    const log: string[] = [];
    const attempts = new Map<number, number>();
    const manager: ProcessManager = {
      kind: 'process-manager',
      name: 'pm_pipelined_failure',
      // A category of its own: only this test's events, in order.
      filter: { categories: ['gadget'] },
      pipeline: 4,
      handle: () => Promise.reject(new Error('handleBatch is used when present')),
      async handleBatch(events) {
        const n = (events[0]!.data as { n: number }).n;
        const attempt = (attempts.get(n) ?? 0) + 1;
        attempts.set(n, attempt);
        log.push(`start ${n}`);
        if (attempt === 1 && n === 1000) await new Promise((r) => setTimeout(r, 600));
        if (attempt === 1 && n === 1001) {
          log.push(`fail ${n}`);
          throw new Error('Temporal did not answer');
        }
      },
    };
    const appendGadgets = async (from: number, to: number) => {
      let position = 0n;
      for (let n = from; n < to; n += 1) {
        const result = await store.appendToStream(
          `gadget-${randomUUID()}`,
          [event('ThingHappened', n)],
          'no_stream',
        );
        position = result.position;
      }
      return position;
    };
    await appendGadgets(1000, 1002);
    // One event per batch. 1000 works for 600 ms; 1001 fails at once behind it, with room left in the
    // window (depth 4). Events that arrive now must wait for the follow that repeats 1001.
    const runner = new ProjectionRunner(store, db.pool, [manager], { batchSize: 1, retryDelayMs: 10 });
    await runner.start();
    let last = 0n;
    try {
      const deadline = Date.now() + 10_000;
      while (!log.includes('fail 1001') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 50));
      last = await appendGadgets(1002, 1010);
      await runner.waitForCheckpoint('pm_pipelined_failure', last, 20_000);
    } finally {
      await runner.stop();
    }
    expect(log.slice(0, 3)).toEqual(['start 1000', 'start 1001', 'fail 1001']);
    // Nothing was taken between the failure and the follow that repeats 1001 from the checkpoint.
    expect(log[3]).toBe('start 1001');
    expect([...attempts.keys()].sort()).toEqual(Array.from({ length: 10 }, (_, k) => 1000 + k));
    // 1000 finished and was checkpointed before 1001's failure was thrown: it is not repeated.
    expect(attempts.get(1000)).toBe(1);
    expect(attempts.get(1001)).toBe(2);
  });

  it('at-least-once: no pooled connection is held while batches wait on their remote calls', async () => {
    let blocked = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const answers: number[] = [];
    const manager: ProcessManager = {
      kind: 'process-manager',
      name: 'pm_no_held_connection',
      // A category of its own: only this test's events.
      filter: { categories: ['widget'] },
      pipeline: 4,
      handle: () => Promise.reject(new Error('handleBatch is used when present')),
      async handleBatch(events, tx) {
        // It may still query (on any free connection).
        const { rows } = await tx.query<{ n: number }>('SELECT $1::int AS n', [
          (events[0]!.data as { n: number }).n,
        ]);
        answers.push(rows[0]!.n);
        blocked += 1;
        await gate; // a remote call that takes its time
      },
    };
    let last = 0n;
    for (let n = 0; n < 4; n += 1)
      last = (await store.appendToStream(`widget-${randomUUID()}`, [event('ThingHappened', n)], 'no_stream'))
        .position;
    // Without leases: their member connection stays checked out for as long as the runner runs, which
    // is not what this test is about.
    const runner = new ProjectionRunner(store, db.pool, [manager], {
      batchSize: 1,
      retryDelayMs: 10,
      leases: false,
    });
    await runner.start();
    let checkedOut = -1;
    try {
      const deadline = Date.now() + 10_000;
      while (blocked < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(blocked).toBe(4);
      // Four batches waiting at once; the pool lends out nothing for them (a subscription's read, at most).
      checkedOut = db.pool.totalCount - db.pool.idleCount;
      release();
      await runner.waitForCheckpoint('pm_no_held_connection', last, 10_000);
    } finally {
      release();
      await runner.stop();
    }
    expect(checkedOut).toBeLessThanOrEqual(1);
    expect(answers.sort()).toEqual([0, 1, 2, 3]);
  });

  it('rebuilds a process manager by setting its checkpoint back to zero: its work is done again from the first event', async () => {
    const seen: number[] = [];
    const manager: ProcessManager = {
      kind: 'process-manager',
      name: 'pm_rebuild',
      // A category of its own: only this test's events.
      filter: { categories: ['sprocket'] },
      handle(e) {
        seen.push((e.data as { n: number }).n);
        return Promise.resolve();
      },
    };
    let last = 0n;
    for (let n = 0; n < 3; n += 1)
      last = (
        await store.appendToStream(`sprocket-${randomUUID()}`, [event('ThingHappened', n)], 'no_stream')
      ).position;
    const runner = new ProjectionRunner(store, db.pool, [manager], { retryDelayMs: 10 });
    await runner.start();
    try {
      await runner.waitForCheckpoint('pm_rebuild', last);
      expect(seen).toEqual([0, 1, 2]);
      await runner.rebuild('pm_rebuild');
      // The live runner finds its checkpoint moved with the next batch, and follows again from zero.
      const next = await store.appendToStream(
        `sprocket-${randomUUID()}`,
        [event('ThingHappened', 3)],
        'no_stream',
      );
      await runner.waitForCheckpoint('pm_rebuild', next.position);
    } finally {
      await runner.stop();
    }
    expect(seen).toEqual([0, 1, 2, 0, 1, 2, 3]);
  });
});

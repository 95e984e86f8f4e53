/**
 * Event store benchmark: `npm run bench:event-store`. Prints figures; it does not pass or fail.
 *
 * Database: DATABASE_URL when set, otherwise the embedded PostgreSQL (full durability, as in
 * production). It works in a throwaway database, lien_thong_bench, dropped at the end.
 *
 * Figures (targets from the event-store brief in brackets):
 * 1. appends, 16 writers on distinct streams, events/s [>= 5,000], against the same rows inserted
 *    with plain SQL by 16 writers in the same run (the physical baseline; five rounds of each in turn,
 *    the median of the rounds' ratios, BENCH_APPEND_ROUNDS) [>= 85 % at 1 and 5 events per append,
 *    issue 22];
 * 2. one stream, 16 writers with expected revisions: appends, conflicts and retries per second;
 * 3. reading a 50-event stream from storage, p50/p99 [p99 < 5 ms], and PostgreSQL's CPU per read against
 *    the same statement sent unprepared (PostgreSQL on this machine only); then reading it again once the
 *    store knows it (its stream cache asks only for what was appended since);
 * 4. a catch-up subscription over 1,000,000 events, events/s [>= 20,000], with peak RSS and heap.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { startPostgres, withDatabase } from '@lien-thong/postgres';
import {
  migrateEventStore,
  PostgresEventStore,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
} from '@lien-thong/event-store';

const BENCH_DATABASE = 'lien_thong_bench';
const WRITERS = 16;
const CATCH_UP_EVENTS = Number(process.env.BENCH_CATCH_UP_EVENTS ?? 1_000_000);

function dossierEvent(n: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'StepHandedOff',
    schemaVersion: 1,
    data: {
      dossierCode: `000.00.05.H54-251122-${String(n % 10_000).padStart(4, '0')}`,
      procedure: '1.001193',
      fromAgency: '000.00.05.H54',
      toAgency: '000.00.12.H54',
      handedOverAt: '2025-11-22T09:30:00+07:00',
      previousStep: 'on-time',
      note: 'Ủy ban nhân dân phường Bến Nghé chuyển hồ sơ cho Công an phường',
    },
    metadata: {
      occurredAt: '2025-11-22T09:30:00.000+07:00',
      actor: { agencyCode: '000.00.05.H54', personId: 'can-bo-mot-cua-07' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function appendThroughput(store: EventStore, batch: number, appendsPerWriter: number): Promise<number> {
  const run = `bench${randomUUID().slice(0, 8)}`;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      let expected: number | 'no_stream' = 'no_stream';
      for (let i = 0; i < appendsPerWriter; i += 1) {
        const events = Array.from({ length: batch }, (_, k) => dossierEvent(i * batch + k));
        expected = (await store.appendToStream(`${run}-w${w}`, events, expected)).nextExpectedRevision;
      }
    }),
  );
  return (WRITERS * appendsPerWriter * batch) / ((performance.now() - started) / 1000);
}

/** The same rows, with the same columns, indexes and statement shape, minus the store's work. */
async function rawThroughput(pool: Pool, batch: number, insertsPerWriter: number): Promise<number> {
  const run = `raw${randomUUID().slice(0, 8)}`;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < insertsPerWriter; i += 1) {
        const rows = Array.from({ length: batch }, (_, k) => {
          const e = dossierEvent(i * batch + k);
          return {
            ...e,
            revision: i * batch + k,
            hash: randomUUID() + randomUUID(),
            previousHash: randomUUID(),
          };
        });
        await pool.query(
          `INSERT INTO raw_events (position, tx_id, id, stream_name, category, revision, type, schema_version,
                                   data, metadata, hash, previous_hash)
           SELECT nextval('raw_events_position_seq'), pg_current_xact_id(), (x ->> 'id')::uuid, $1, $2,
                  (x ->> 'revision')::bigint, x ->> 'type', (x ->> 'schemaVersion')::int, x -> 'data', x -> 'metadata',
                  x ->> 'hash', CASE WHEN (x ->> 'revision') = '0' THEN NULL ELSE x ->> 'previousHash' END
             FROM jsonb_array_elements($3) AS x`,
          [`${run}-w${w}`, run, JSON.stringify(rows)],
        );
      }
    }),
  );
  return (WRITERS * insertsPerWriter * batch) / ((performance.now() - started) / 1000);
}

async function contention(
  store: EventStore,
  seconds: number,
): Promise<{ appends: number; conflicts: number; retries: number }> {
  const stream = `contended-${randomUUID()}`;
  await store.appendToStream(stream, [dossierEvent(0)], 'no_stream');
  let appends = 0;
  let conflicts = 0;
  let retries = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      let expected = (await store.streamRevision(stream))!;
      while (performance.now() < deadline) {
        try {
          expected = (await store.appendToStream(stream, [dossierEvent(appends)], expected))
            .nextExpectedRevision;
          appends += 1;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          conflicts += 1;
          // A real handler reloads the stream and decides again; the error already says where it is.
          expected = error.actual!;
          retries += 1;
        }
      }
    }),
  );
  return { appends: appends / seconds, conflicts: conflicts / seconds, retries: retries / seconds };
}

interface ReadFigures {
  p50: number;
  p99: number;
  max: number;
  /**
   * PostgreSQL CPU per read (ms) through the store from storage, for the same statement sent unprepared,
   * and through the store again once it knows the stream (it asks only for what was appended since).
   */
  cpu: { store: number; unprepared: number; known: number } | null;
  /** p50 of a read again through the store once it knows the stream (ms). */
  knownP50: number;
}

/**
 * The CPU time of each of this database's server processes (ms, by pid), read from /proc: PostgreSQL must
 * run on this machine (the embedded one, or a local one). Null where none can be read.
 */
async function backendCpuMs(pool: Pool): Promise<Map<number, number> | null> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  const byPid = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      byPid.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // Ended meanwhile, or not on this machine.
    }
  }
  return byPid.size === 0 ? null : byPid;
}

/**
 * The CPU the server processes spent between two readings (ms). A process that ended meanwhile (the
 * pool closes idle connections) is left out, not subtracted: only idle ones end during a measurement.
 */
function spentMs(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, ms] of after) spent += ms - (before.get(pid) ?? 0);
  return spent;
}

async function readLatency(store: EventStore, pool: Pool): Promise<ReadFigures> {
  const streams: string[] = [];
  for (let s = 0; s < 100; s += 1) {
    const stream = `read-${randomUUID()}`;
    await store.appendToStream(
      stream,
      Array.from({ length: 50 }, (_, n) => dossierEvent(n)),
      'no_stream',
    );
    streams.push(stream);
  }
  for (let i = 0; i < 200; i += 1)
    await store.readStream(streams[i % streams.length]!, { fromStorage: true });
  const samples: number[] = [];
  const cpuBefore = await backendCpuMs(pool);
  for (let i = 0; i < 3000; i += 1) {
    const stream = streams[Math.floor(Math.random() * streams.length)]!;
    const started = performance.now();
    const events = await store.readStream(stream, { fromStorage: true });
    samples.push(performance.now() - started);
    if (events.length !== 50) throw new Error(`read ${events.length} events, expected 50`);
  }
  const cpuStore = await backendCpuMs(pool);
  // The reference: the store's statement, sent the way a plain pool.query sends it (parsed and planned
  // each time), on the same pool and the same streams.
  for (let i = 0; i < 3000; i += 1) {
    const stream = streams[Math.floor(Math.random() * streams.length)]!;
    const { rows } = await pool.query(
      `SELECT position, id, stream_name, revision, type, schema_version, data, metadata, hash, previous_hash, recorded_at
         FROM events WHERE stream_name = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [stream, 0, null],
    );
    if (rows.length !== 50) throw new Error(`read ${rows.length} events, expected 50`);
  }
  const cpuUnprepared = await backendCpuMs(pool);
  // Read again through the store's stream cache (ADR 0021): each stream was read whole once (above, the
  // warm-up), so each read asks only for the events after the last one known (here: none new).
  for (const stream of streams) await store.readStream(stream);
  const known: number[] = [];
  const cpuKnownBefore = await backendCpuMs(pool);
  for (let i = 0; i < 3000; i += 1) {
    const stream = streams[Math.floor(Math.random() * streams.length)]!;
    const started = performance.now();
    const events = await store.readStream(stream);
    known.push(performance.now() - started);
    if (events.length !== 50) throw new Error(`read ${events.length} events, expected 50`);
  }
  const cpuKnown = await backendCpuMs(pool);
  samples.sort((a, b) => a - b);
  known.sort((a, b) => a - b);
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: samples[samples.length - 1]!,
    knownP50: percentile(known, 50),
    cpu:
      cpuBefore === null ||
      cpuStore === null ||
      cpuUnprepared === null ||
      cpuKnownBefore === null ||
      cpuKnown === null
        ? null
        : {
            store: spentMs(cpuBefore, cpuStore) / 3000,
            unprepared: spentMs(cpuStore, cpuUnprepared) / 3000,
            known: spentMs(cpuKnownBefore, cpuKnown) / 3000,
          },
  };
}

/** Fills the store with synthetic, committed events straight in SQL (appending a million through the API would take minutes). */
async function fill(pool: Pool, count: number): Promise<void> {
  const chunk = 100_000;
  for (let from = 0; from < count; from += chunk) {
    await pool.query(
      `INSERT INTO events (position, tx_id, id, stream_name, category, revision, type, schema_version, data, metadata, hash, previous_hash)
       SELECT nextval('event_store_position_seq'), pg_current_xact_id(), gen_random_uuid(),
              'catchup-' || (g / 20), 'catchup', g % 20, 'StepHandedOff', 1,
              jsonb_build_object('dossierCode', '000.00.05.H54-251122-' || g, 'procedure', '1.001193',
                                 'fromAgency', '000.00.05.H54', 'toAgency', '000.00.12.H54', 'previousStep', 'on-time',
                                 'note', 'Ủy ban nhân dân phường Bến Nghé chuyển hồ sơ cho Công an phường'),
              jsonb_build_object('occurredAt', '2025-11-22T09:30:00.000+07:00', 'correlationId', gen_random_uuid(),
                                 'actor', jsonb_build_object('agencyCode', '000.00.05.H54', 'personId', 'can-bo-07')),
              md5(g::text) || md5((g + 1)::text), CASE WHEN g % 20 = 0 THEN NULL ELSE md5(g::text) END
         FROM generate_series($1::bigint, $2::bigint) AS g`,
      [from, Math.min(from + chunk, count) - 1],
    );
  }
  await pool.query('VACUUM ANALYZE events');
}

async function catchUp(
  store: EventStore,
  expected: number,
): Promise<{ rate: number; rssMb: number; heapMb: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  global.gc?.();
  const sampler = setInterval(sample, 50);
  const subscription = store.subscribeToAll({ filter: { categories: ['catchup'] } });
  const started = performance.now();
  let received = 0;
  let last = 0n;
  for await (const event of subscription) {
    if (event.position <= last) throw new Error('catch-up went backwards');
    last = event.position;
    received += 1;
    if (received === expected) break;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sample();
  await subscription.close();
  return { rate: received / seconds, rssMb: peakRss / 2 ** 20, heapMb: peakHeap / 2 ** 20 };
}

async function main(): Promise<void> {
  const log = (m: string): void => console.log(`  ${m}`);
  const handle = await startPostgres({ log });
  const admin = new Client({ connectionString: handle.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE}`);
  await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  const pool = new Pool({ connectionString: withDatabase(handle.url, BENCH_DATABASE), max: WRITERS + 4 });
  const store = new PostgresEventStore(pool);
  try {
    await migrateEventStore(pool);
    await pool.query(`CREATE TABLE raw_events (LIKE events INCLUDING ALL)`);
    await pool.query(`CREATE SEQUENCE raw_events_position_seq`);
    const settings = await pool.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'server_version')`,
    );
    console.log(`\nEvent store benchmark (${handle.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'})`);
    console.log(`  server: ${settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ')}`);

    console.log(`\n1. Appends, ${WRITERS} concurrent writers on distinct streams`);
    await appendThroughput(store, 5, 20); // warm-up
    await rawThroughput(pool, 5, 20);
    // Five rounds per size, plain SQL and the store in turn within each round, so that both see the
    // same machine load; the ratio printed is the median of the rounds' ratios (one round's ratio moved
    // by 15-30 points between runs on this machine).
    const ROUNDS = Number(process.env.BENCH_APPEND_ROUNDS ?? 5);
    for (const [batch, perWriter] of [
      [1, 120],
      [5, 40],
      [20, 12],
    ] as const) {
      const rounds: { raw: number; ours: number }[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const raw = await rawThroughput(pool, batch, perWriter);
        const ours = await appendThroughput(store, batch, perWriter);
        rounds.push({ raw, ours });
      }
      const ratios = rounds.map((r) => r.ours / r.raw).sort((a, b) => a - b);
      const ratio = ratios[Math.floor(ratios.length / 2)]!;
      const ours = median(rounds.map((r) => r.ours));
      const raw = median(rounds.map((r) => r.raw));
      console.log(
        `  ${String(batch).padStart(2)} event(s) per append: event store ${fmt(ours).padStart(7)} ev/s` +
          `   plain SQL ${fmt(raw).padStart(7)} ev/s   ratio ${fmt(100 * ratio)} % (median of ${ROUNDS}; ${fmt(100 * ratios[0]!)}-${fmt(100 * ratios[ratios.length - 1]!)})` +
          `   [>= 5,000 ev/s; >= 85 % (issue 22)${batch <= 5 ? `: ${ratio >= 0.85 ? 'met' : 'NOT met'}` : ''}]`,
      );
    }

    console.log(`\n2. One stream, ${WRITERS} writers appending with expected revisions (5 s)`);
    const c = await contention(store, 5);
    console.log(
      `  ${fmt(c.appends)} appends/s, ${fmt(c.conflicts)} conflicts/s, ${fmt(c.retries)} retries/s ` +
        `(${fmt(c.conflicts / Math.max(c.appends, 1), 1)} conflicts per successful append)`,
    );

    console.log('\n3. Reading one 50-event stream (3,000 reads, one at a time, from storage)');
    const r = await readLatency(store, pool);
    console.log(`  p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, max ${fmt(r.max, 2)} ms   [p99 < 5 ms]`);
    console.log(
      r.cpu
        ? `  PostgreSQL CPU per read ${fmt(r.cpu.store * 1000)} µs; the same statement unprepared ` +
            `${fmt(r.cpu.unprepared * 1000)} µs (ratio ${fmt((100 * r.cpu.store) / r.cpu.unprepared)} %; ` +
            'the store prepares its frequent statements, ADR 0020)'
        : '  PostgreSQL CPU per read: not measured (the server is not on this machine)',
    );
    console.log(
      `  read again once known (only what was appended since is asked for, ADR 0021): p50 ${fmt(r.knownP50, 2)} ms` +
        (r.cpu
          ? `, PostgreSQL CPU per read ${fmt(r.cpu.known * 1000)} µs (${fmt((100 * r.cpu.known) / r.cpu.store)} % of a read from storage)`
          : ''),
    );

    console.log(`\n4. Catch-up subscription over ${fmt(CATCH_UP_EVENTS)} events`);
    const fillStarted = performance.now();
    await fill(pool, CATCH_UP_EVENTS);
    console.log(`  (filled in ${fmt((performance.now() - fillStarted) / 1000, 1)} s with SQL)`);
    const before = process.memoryUsage();
    const s = await catchUp(store, CATCH_UP_EVENTS);
    console.log(
      `  ${fmt(s.rate)} ev/s; peak RSS ${fmt(s.rssMb)} MB (${fmt(before.rss / 2 ** 20)} MB before), ` +
        `peak heap ${fmt(s.heapMb)} MB   [>= 20,000 ev/s]`,
    );
  } finally {
    await store.close();
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE}`);
    await admin.end();
    await handle.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/**
 * Reports benchmark: `npm run bench:reports`. Prints figures beside the targets of issue 19; it does not
 * pass or fail.
 *
 * Database: DATABASE_URL when set, otherwise an embedded PostgreSQL; a throwaway database
 * lien_thong_bench_reports, dropped at the end. BENCH_DOSSIERS (default 2,000) dossiers of a year are
 * made by the history generator through the real engine (tools/history; BENCH_BULK=0 without its bulk
 * writes), or BENCH_DATABASE names a database with a history of 2025 made before, kept as found; then:
 * 1. (unless BENCH_REPORTS_ONLY=1, with BENCH_DATABASE) the report read models rebuilt from the events, events/s [>= 20,000 ev/s], against a projection
 *    that only counts the same events, in the same run (the runner's own ceiling here; over the first
 *    BENCH_REFERENCE_EVENTS, default 2,000,000);
 * 2. the monthly rollups refreshed (ADR 0017), then each report for the year grouped by agency, 30 runs,
 *    p50/p95 [p95 < 300 ms at 1,000,000 dossiers];
 *    and each chart (SVG) of the year;
 * 3. the XLSX writer on BENCH_XLSX_ROWS (default 100,000) rows of the late list's shape made as they are
 *    written, and the year's real late list through its cursor (the export endpoint's path), time and peak
 *    RSS [< 10 s, < 300 MB].
 */
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { startPostgres, withDatabase } from '@lien-thong/postgres';
import { ProjectionRunner, type Projection } from '@lien-thong/projections';
import { BoundProcedures, DossierCalendar } from '@lien-thong/dossiers';
import {
  backlogReport,
  CHARTS,
  lateDossiers,
  lateReport,
  parseReportQuery,
  REPORT_FACTS_PROJECTION,
  reportChart,
  reportFactsDepsFrom,
  refreshDirtyMonths,
  reportProjections,
  sameDayReport,
  scorecardReport,
  stepsReport,
  summaryReport,
} from '@lien-thong/reports';
import { HistorySimulator } from '../../../tools/history/history-simulator';
import { writeXlsx } from '../src/export/report-export';
import { lateExportTable } from '../src/export/report-tables';
import type { ReportTable } from '../src/export/report-table';

/** BENCH_DATABASE: a database holding a history made before (`npm run generate:history`), kept as found. */
const EXISTING = process.env.BENCH_DATABASE;
const DATABASE = EXISTING ?? 'lien_thong_bench_reports';
const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 2_000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
const RUNS = 30;
const REFERENCE_EVENTS = Number(process.env.BENCH_REFERENCE_EVENTS ?? 2_000_000);
/** BENCH_REPORTS_ONLY=1 (with BENCH_DATABASE): the read models as found, no rebuild; the reports timed. */
const REPORTS_ONLY = process.env.BENCH_REPORTS_ONLY === '1' && EXISTING !== undefined;
/** BENCH_BULK=0: every event appended one command at a time, as in production (about 20 dossiers/s). */
const BULK = process.env.BENCH_BULK !== '0';

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function timed(runs: number, f: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await f();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(runs * 0.5)]!, p95: times[Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)]! };
}

async function rebuild(store: EventStore, pool: Pool, projection: Projection, last: bigint): Promise<number> {
  const runner = new ProjectionRunner(store, pool, [projection], { batchSize: 500 });
  await runner.rebuild(projection.name);
  const started = performance.now();
  await runner.start();
  // What autovacuum does while tables grow (it is off on some machines, this one's PostgreSQL included):
  // without fresh statistics the planner takes the growing visits table for empty, scans it whole for
  // each batch, and the rebuild slows down quadratically (seen at 15 million events).
  const analyze = setInterval(
    () => void pool.query('ANALYZE report_dossiers, report_step_visits').catch(() => undefined),
    30_000,
  );
  try {
    await runner.waitForCheckpoint(projection.name, last, 3_600_000);
  } finally {
    clearInterval(analyze);
  }
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return seconds;
}

let bytes = 0;
/** A sink that counts what it is given. */
const counter = () => {
  bytes = 0;
  return new Writable({ write: (chunk: Buffer, _e, done) => ((bytes += chunk.length), done()) });
};

/** Time, bytes written and memory of one export (RSS sampled every 50 ms; the rise above the process before). */
async function measured(write: () => Promise<void>): Promise<{ text: string }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  await write();
  clearInterval(sampler);
  return {
    text:
      `${fmt((performance.now() - started) / 1000, 2)} s, ${fmt(bytes / 2 ** 20, 1)} MB, peak RSS ${fmt(peak / 2 ** 20)} MB, ` +
      `${fmt((peak - before) / 2 ** 20)} MB above the process before it (which holds the engine the history was made with)`,
  };
}

async function main(): Promise<void> {
  const handle = await startPostgres({ log: (m) => console.log(`  ${m}`) });
  const admin = new Client({ connectionString: handle.url });
  await admin.connect();
  if (!EXISTING) {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  }
  const databaseUrl = withDatabase(handle.url, DATABASE);
  const pool = new Pool({ connectionString: databaseUrl, max: 8 });
  const simulator = await HistorySimulator.start(HistorySimulator.throwawayConfig(databaseUrl), {
    from: '2025-01-01',
    to: '2025-12-31',
    seed: 1,
    concurrency: BULK ? 16 : 8,
    bulk: BULK,
  });
  try {
    console.log(`\nReports benchmark (${handle.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'})`);
    let started = performance.now();
    if (!EXISTING) await simulator.run(0, DOSSIERS);
    const { rows: counted } = await pool.query<{ events: string; dossiers: string }>(
      `SELECT count(*) AS events, count(*) FILTER (WHERE revision = 0) AS dossiers FROM events WHERE category = 'dossier'`,
    );
    // The planner's statistics after bulk writes (autovacuum may not have got to them yet): without them
    // it takes dossier events for rare and a subscription page sorts them all.
    await pool.query('ANALYZE events');
    const events = Number(counted[0]!.events);
    const dossiers = Number(counted[0]!.dossiers);
    console.log(
      EXISTING
        ? `  history: ${fmt(dossiers)} dossiers, ${fmt(events)} events found in ${EXISTING}`
        : `  history: ${fmt(dossiers)} dossiers, ${fmt(events)} events through the engine${BULK ? ' (bulk writes)' : ''} in ${fmt((performance.now() - started) / 1000, 1)} s ` +
            `(${fmt(dossiers / ((performance.now() - started) / 1000), 1)} dossiers/s; failed ${simulator.counts.failed})`,
    );
    const app = simulator.context;
    const store = app.get<EventStore>(EVENT_STORE);
    const last = BigInt(
      (await pool.query<{ p: string }>(`SELECT max(position)::text AS p FROM events`)).rows[0]!.p,
    );
    const [report] = reportProjections(
      reportFactsDepsFrom(app.get(DossierCalendar), app.get(BoundProcedures)),
    );
    const counting: Projection = {
      name: 'bench-count',
      filter: { categories: ['dossier'] },
      handle: () => Promise.resolve(),
      reset: () => Promise.resolve(),
    };
    if (REPORTS_ONLY) console.log('  rebuild skipped (BENCH_REPORTS_ONLY): the read models as found');
    else {
      // The runner alone over the first REFERENCE_EVENTS dossier events (all of a small history).
      const referenceEvents = Math.min(events, REFERENCE_EVENTS);
      const { rows: upTo } = await pool.query<{ p: string }>(
        `SELECT position::text AS p FROM events WHERE category = 'dossier' ORDER BY position OFFSET $1 LIMIT 1`,
        [referenceEvents - 1],
      );
      const reference = referenceEvents / (await rebuild(store, pool, counting, BigInt(upTo[0]!.p)));
      const rate = events / (await rebuild(store, pool, report!, last));
      console.log(
        `  rebuild of ${REPORT_FACTS_PROJECTION}: ${fmt(rate)} ev/s; the runner alone ${fmt(reference)} ev/s over the first ` +
          `${fmt(referenceEvents)} events (ratio ${fmt(rate / reference, 2)})   [>= 20,000 ev/s]`,
      );
    }
    started = performance.now();
    let months = 0;
    for (let n = await refreshDirtyMonths(pool); n > 0; n = await refreshDirtyMonths(pool)) months += n;
    console.log(
      `  monthly rollups (ADR 0017): ${months} months refreshed from the facts in ${fmt((performance.now() - started) / 1000, 1)} s`,
    );
    // What autovacuum does after bulk writes, at a time of its own choosing: done here so each run is alike.
    await pool.query(`VACUUM ANALYZE report_dossiers, report_step_visits`);
    const q = parseReportQuery({ from: '2025-01-01', to: '2025-12-31', groupBy: 'agency' });
    const flat = parseReportQuery({ from: '2025-01-01', to: '2025-12-31' }, { grouped: false, paged: true });
    const now = Date.parse('2026-01-15T10:00:00+07:00');
    const calendarFor = (unit: string) => app.get(DossierCalendar).forUnit(unit);
    const reports: [string, () => Promise<unknown>][] = [
      ['summary (by agency)', () => summaryReport(pool, q, null, now)],
      ['late', () => lateReport(pool, flat, null, now)],
      ['steps', () => stepsReport(pool, flat, null)],
      ['scorecard', () => scorecardReport(pool, flat, null)],
      [
        'same-day (by month)',
        () =>
          sameDayReport(
            pool,
            parseReportQuery({ from: '2025-01-01', to: '2025-12-31', groupBy: 'month' }),
            null,
          ),
      ],
      [
        'backlog (30/06)',
        () => backlogReport(pool, flat, null, Date.parse('2025-06-30T17:00:00+07:00'), calendarFor),
      ],
      ...CHARTS.map((chart): [string, () => Promise<unknown>] => [
        `chart ${chart} (SVG)`,
        () => reportChart(pool, chart, flat, null, 'vi', now),
      ]),
    ];
    console.log(
      `  reports over ${fmt(dossiers)} dossiers, ${RUNS} runs each   [p95 < 300 ms at 1,000,000 dossiers]`,
    );
    for (const [name, f] of reports) {
      const t = await timed(RUNS, f);
      console.log(`    ${name.padEnd(30)} p50 ${fmt(t.p50, 1)} ms, p95 ${fmt(t.p95, 1)} ms`);
    }
    const table: ReportTable = {
      name: 'tre-han',
      title: { vi: 'Hồ sơ trễ hạn', en: 'Late dossiers' },
      columns: [
        { vi: 'Mã hồ sơ', en: 'Code', type: 'text' },
        { vi: 'Ngày tiếp nhận', en: 'Received', type: 'instant' },
        { vi: 'Hạn giải quyết', en: 'Due', type: 'instant' },
        { vi: 'Số ngày làm việc trễ', en: 'Working days late', type: 'days' },
        { vi: 'Bước trễ hạn (cơ quan)', en: 'Late steps', type: 'text' },
        { vi: 'Số lần hẹn lại', en: 'Re-appointments', type: 'integer' },
      ],
      // Made as they are written, as a cursor gives them: only the writer's own memory counts.
      rows: (function* () {
        for (let i = 0; i < XLSX_ROWS; i += 1)
          yield [
            `000.00.71.H29-250301-${String(i).padStart(6, '0')}`,
            '2025-03-01T08:00:00+07:00',
            '2025-03-06T17:00:00+07:00',
            (i % 17) / 4,
            'register-residence (000.00.72.H29)',
            i % 2,
          ];
      })(),
    };
    const written = await measured(() => writeXlsx(table, 'vi', counter()));
    console.log(`  XLSX of ${fmt(XLSX_ROWS)} rows: ${written.text}   [< 10 s, < 300 MB]`);
    // The export endpoint's path over the real read model: the year's late list through its cursor.
    let lateRows = 0;
    const lateItems = (async function* () {
      for await (const item of lateDossiers(pool, flat, null, now)) {
        lateRows += 1;
        yield item;
      }
    })();
    const late = await measured(() =>
      writeXlsx(lateExportTable({ period: { from: flat.from, to: flat.to } }, lateItems), 'vi', counter()),
    );
    console.log(
      `  XLSX of the year's late list (cursor): ${fmt(lateRows)} rows, ${late.text}   [< 10 s, < 300 MB]`,
    );
  } finally {
    await simulator.close();
    await pool.end();
    if (!EXISTING) await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.end();
    await handle.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

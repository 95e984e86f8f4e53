/**
 * Simulation benchmark and validation: `npm run bench:simulation`. Prints each figure beside its target
 * (issue 21); it does not pass or fail.
 *
 * 1. Speed: BENCH_SIM_DOSSIERS (default 10,000) dossiers through a six-step procedure with parallel
 *    branches, one agency limited, step times drawn around the budgets [< 2 s]; beside it, the same number
 *    of step deadlines computed one by one on the calendar (what a simulation without the working-time
 *    line would need at the least), in the same run.
 * 2. Validation against reality: a history made through the real engine (tools/history, the sample wards'
 *    procedures 1.001193 and 2.000986; BENCH_HISTORY_DOSSIERS, default 8,000, received 17/2–11/7/2025),
 *    its report read models built; the model learnt from the weeks before the last 8, the last 8 weeks
 *    simulated BENCH_REPLICATIONS times (default 10, seeds 1…10), and the mean on-time share predicted
 *    beside the one recorded [within 3 percentage points]; also the model over its own weeks (in sample).
 * 3. What-if replay over BENCH_WHATIF_DOSSIERS (default 100,000) recorded dossiers (the history's facts,
 *    copied under other codes to reach the number), taking back the day off of 2 May 2025 [< 30 s];
 *    beside it, a plain read of the same rows through the same cursor in the same run.
 *
 * 4. Early warning, offline on the same history: precision and recall per threshold (see earlyWarning).
 *
 * Database: DATABASE_URL or an embedded PostgreSQL; a throwaway database lien_thong_bench_simulation.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import Cursor from 'pg-cursor';
import { QueryBus } from '@nestjs/cqrs';
import { vietnameseCalendar } from '@lien-thong/calendar';
import type { Clock } from '@lien-thong/contracts';
import { AGENCY_DIRECTORY } from '@lien-thong/agencies';
import { RUNTIME_CONFIG } from '@lien-thong/config';
import { BoundProcedures, DossierCalendar, statutoryDueAt } from '@lien-thong/dossiers';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { HolidayCalendarService } from '@lien-thong/holiday-calendar';
import { startPostgres, withDatabase } from '@lien-thong/postgres';
import { countedLimit } from '@lien-thong/procedures';
import { ProjectionRunner } from '@lien-thong/projections';
import { readStepHistory, reportFactsDepsFrom, reportProjections } from '@lien-thong/reports';
import { HistorySimulator } from '../../../tools/history/history-simulator';
import { simulateProcedure } from '../src/domain/procedure-simulation';
import { latenessProbability } from '../src/domain/lateness-risk';
import { parseSimulationRequest, parseWhatIfRequest } from '../src/domain/simulation-request';
import { ProcedureSimulationService } from '../src/simulate/procedure-simulation.service';
import { WhatIfService } from '../src/what-if/what-if.service';
import { SIX_STEP_PROCEDURE, fixedModel } from '../src/testing/simulation-fixtures';

const DATABASE = 'lien_thong_bench_simulation';
const SIM_DOSSIERS = Number(process.env.BENCH_SIM_DOSSIERS ?? 10_000);
const HISTORY_DOSSIERS = Number(process.env.BENCH_HISTORY_DOSSIERS ?? 8_000);
const REPLICATIONS = Number(process.env.BENCH_REPLICATIONS ?? 10);
const WHATIF_DOSSIERS = Number(process.env.BENCH_WHATIF_DOSSIERS ?? 100_000);
const HISTORY = { from: '2025-02-17', to: '2025-07-11' };
const LEARN = { from: '2025-02-17', to: '2025-05-16' };
const CHECK = { from: '2025-05-19', to: '2025-07-11' };

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function speed(): void {
  const calendar = vietnameseCalendar();
  const model = fixedModel(
    calendar,
    (r) => statutoryDueAt(calendar, r, countedLimit(SIX_STEP_PROCEDURE.statutoryLimit), 'civil-code'),
    {
      dossiers: SIM_DOSSIERS,
      arrivals: {
        perWorkingDay: 120,
        hourly: Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 16 ? 1 : 0)),
      },
      duration: { kind: 'lognormal', medianRatio: 0.7, sigma: 0.5 },
      capacity: { D: 200 },
    },
  );
  simulateProcedure({ ...model, dossiers: 500 });
  const times: number[] = [];
  let last = simulateProcedure(model);
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    last = simulateProcedure(model);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const started = performance.now();
  const steps = SIM_DOSSIERS * SIX_STEP_PROCEDURE.steps.length;
  let t = Date.parse('2025-03-03T09:00:00+07:00');
  for (let i = 0; i < steps; i += 1)
    t = calendar.deadline(
      t - 3_000_000,
      { unit: 'workingDays', amount: 1 },
      { countingRule: 'from-instant' },
    );
  const reference = performance.now() - started;
  console.log(
    `  ${fmt(SIM_DOSSIERS)} dossiers, 6 steps, parallel branches: median ${fmt(times[2]! / 1000, 3)} s over 5 runs ` +
      `(on time ${fmt(last.onTimeShare * 100, 1)} %, bottleneck ${last.bottleneck?.stepId}@${last.bottleneck?.agency})   [< 2 s]`,
  );
  console.log(
    `    reference: ${fmt(steps)} step deadlines on the calendar one by one ${fmt(reference / 1000, 3)} s (ratio ${fmt(times[2]! / reference, 2)})`,
  );
}

/**
 * The early warning's precision and recall on the history: for every step visit of the dossiers received
 * in the last 8 weeks, its lateness probability (the agency's times for the step learnt from the weeks
 * before) evaluated every half working hour of its run; warned when it reaches the threshold. Recall: late
 * visits warned at least one working day before their deadline (at the handoff, for a budget of a day or
 * less) [>= 70 %]; precision: warned visits that ended late [>= 2 in 3].
 */
async function earlyWarning(pool: Pool): Promise<void> {
  const day = (d: string) => Date.parse(`${d}T00:00:00+07:00`);
  const learnt = await readStepHistory(pool, { start: day(LEARN.from), end: day('2025-05-17') }, null);
  const quantiles = new Map<string, readonly number[]>();
  for (const g of learnt.groups)
    if (g.usedPerBudget && g.visits >= 10)
      quantiles.set(`${g.procedureCode}/${g.stepId}/${g.agencyCode}`, g.usedPerBudget);
  const { rows } = await pool.query<{ key: string; budget: string; used: string; late: boolean }>(
    `SELECT d.procedure_code || '/' || v.step_id || '/' || v.agency_code AS key, v.budget_ms AS budget,
            v.used_working_ms AS used, coalesce(v.completed_at, v.returned_at) > v.deadline AS late
       FROM report_step_visits v JOIN report_dossiers d ON d.code = v.code
      WHERE d.received_at >= $1 AND d.received_at < $2 AND d.code NOT LIKE '%-c%'
        AND NOT v.excluded_from_limit AND v.budget_ms > 0 AND v.used_working_ms IS NOT NULL
        AND coalesce(v.completed_at, v.returned_at) IS NOT NULL`,
    [new Date(day(CHECK.from)), new Date(day('2025-07-12'))],
  );
  const HALF_HOUR = 1_800_000;
  const WORKING_DAY = 8 * 3_600_000;
  for (const threshold of [0.3, 0.4, 0.5, 0.6, 0.7]) {
    let warned = 0;
    let warnedLate = 0;
    let late = 0;
    let lateWarnedEarly = 0;
    for (const r of rows) {
      const q = quantiles.get(r.key);
      const budget = Number(r.budget);
      const used = Number(r.used);
      if (r.late) late += 1;
      if (!q) continue;
      const horizon = Math.max(0, budget - WORKING_DAY);
      let first: number | null = null;
      for (let t = 0; t < used && t < budget; t += HALF_HOUR)
        if (latenessProbability(q, t / budget) >= threshold) {
          first = t;
          break;
        }
      if (first === null) continue;
      warned += 1;
      if (r.late) {
        warnedLate += 1;
        if (first <= horizon) lateWarnedEarly += 1;
      }
    }
    console.log(
      `  threshold ${threshold}: ${fmt(warned)} of ${fmt(rows.length)} visits warned, ${fmt(late)} late; ` +
        `recall (warned a working day ahead) ${fmt((lateWarnedEarly / Math.max(late, 1)) * 100, 1)} %   [>= 70 %]; ` +
        `precision ${fmt((warnedLate / Math.max(warned, 1)) * 100, 1)} %   [>= 66.7 %]`,
    );
  }
}

async function main(): Promise<void> {
  console.log('\nSimulation benchmark (issue 21)\n1. Speed');
  speed();

  const handle = await startPostgres({ log: (m) => console.log(`  ${m}`) });
  const admin = new Client({ connectionString: handle.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const databaseUrl = withDatabase(handle.url, DATABASE);
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const simulator = await HistorySimulator.start(
    {
      databaseUrl,
      temporalAddress: '127.0.0.1:1',
      temporalNamespace: 'default',
      eventStoreUrl: undefined,
      apiPort: 0,
      apiHost: '127.0.0.1',
      temporalUiUrl: undefined,
      vaultMasterKey: randomBytes(32).toString('base64'),
    },
    { ...HISTORY, seed: 21, concurrency: 16, bulk: true },
  );
  try {
    console.log(
      `\n2. Validation against reality (${handle.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'})`,
    );
    let started = performance.now();
    await simulator.run(0, HISTORY_DOSSIERS);
    await pool.query('ANALYZE events');
    const app = simulator.context;
    const [report] = reportProjections(
      reportFactsDepsFrom(app.get(DossierCalendar), app.get(BoundProcedures)),
    );
    const runner = new ProjectionRunner(app.get<EventStore>(EVENT_STORE), pool, [report!], {
      batchSize: 500,
    });
    const last = BigInt(
      (await pool.query<{ p: string }>(`SELECT max(position)::text AS p FROM events`)).rows[0]!.p,
    );
    await runner.start();
    await runner.waitForCheckpoint(report!.name, last, 3_600_000);
    await runner.stop();
    await pool.query('VACUUM ANALYZE report_dossiers, report_step_visits');
    console.log(
      `  history: ${fmt(simulator.counts.dossiers)} dossiers ${HISTORY.from}…${HISTORY.to} through the engine, read models built, ` +
        `in ${fmt((performance.now() - started) / 1000, 1)} s`,
    );
    const realClock: Clock = { now: () => new Date() };
    const service = new ProcedureSimulationService(
      app.get(QueryBus),
      pool,
      app.get(DossierCalendar),
      app.get(BoundProcedures),
      app.get(AGENCY_DIRECTORY),
      realClock,
    );
    const day = (d: string) => Date.parse(`${d}T00:00:00+07:00`);
    const checked = await readStepHistory(pool, { start: day(CHECK.from), end: day('2025-07-12') }, null);
    for (const code of ['1.001193', '2.000986']) {
      const recorded = checked.procedures.find((p) => p.procedureCode === code)!;
      // Replications: the same 8 weeks simulated with REPLICATIONS seeds, the forecast their mean.
      started = performance.now();
      const shares: number[] = [];
      let forecast: Awaited<ReturnType<ProcedureSimulationService['simulate']>> | undefined;
      for (let seed = 1; seed <= REPLICATIONS; seed += 1) {
        const parsed = parseSimulationRequest({
          definition: 'published',
          dossiers: recorded.dossiers,
          seed,
          firstDay: CHECK.from,
          history: LEARN,
        });
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
        forecast = await service.simulate(code, parsed.value);
        shares.push(forecast.simulated.result.onTimeShare);
      }
      if (!forecast) throw new Error('no replication ran');
      const actual = recorded.finishedInTime / recorded.finished;
      const predicted = shares.reduce((a, b) => a + b, 0) / shares.length;
      const spread = `${fmt(Math.min(...shares) * 100, 1)}–${fmt(Math.max(...shares) * 100, 1)} %`;
      console.log(
        `  ${code}: learnt from ${fmt(forecast.history.dossiers)} dossiers (${LEARN.from}…${LEARN.to}); the last 8 weeks (${CHECK.from}…${CHECK.to}): ` +
          `predicted on time ${fmt(predicted * 100, 1)} % (mean of ${REPLICATIONS} runs, ${spread}), recorded ${fmt(actual * 100, 1)} % of ${fmt(recorded.finished)} finished: ` +
          `difference ${fmt(Math.abs(predicted - actual) * 100, 1)} points   [<= 3 points]  (${fmt(performance.now() - started)} ms)`,
      );
      // The same model over the weeks it was learnt from (in sample): what the model itself misses.
      const inSample = parseSimulationRequest({
        definition: 'published',
        dossiers: forecast.history.dossiers,
        seed: 1,
        firstDay: LEARN.from,
        history: LEARN,
      });
      if (!inSample.ok) throw new Error(JSON.stringify(inSample.problems));
      const own = await service.simulate(code, inSample.value);
      console.log(
        `    in sample (${LEARN.from}…${LEARN.to}): predicted ${fmt(own.simulated.result.onTimeShare * 100, 1)} %, recorded ${fmt((own.history.recordedOnTimeShare ?? 0) * 100, 1)} %`,
      );
      console.log(
        `    processing p50/p90 predicted ${forecast.simulated.result.processingWorkingDays.p50}/${forecast.simulated.result.processingWorkingDays.p90} working days; ` +
          `bottleneck ${forecast.simulated.result.bottleneck?.stepId}@${forecast.simulated.result.bottleneck?.agency}`,
      );
    }

    console.log(`\n3. What-if replay`);
    const { rows: base } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM report_dossiers');
    const copies = Math.max(0, Math.ceil(WHATIF_DOSSIERS / Number(base[0]!.n)) - 1);
    const { rows: columns } = await pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'report_dossiers' ORDER BY ordinal_position`,
    );
    const names = columns.map((c) => c.column_name);
    const select = names.map((c) =>
      c === 'code'
        ? `code || '-c' || k`
        : c === 'facts'
          ? `jsonb_set(facts, '{code}', to_jsonb(code || '-c' || k))`
          : c,
    );
    await pool.query(
      `INSERT INTO report_dossiers (${names.join(', ')}) SELECT ${select.join(', ')} FROM report_dossiers, generate_series(1, $1) k WHERE code NOT LIKE '%-c%'`,
      [copies],
    );
    await pool.query('ANALYZE report_dossiers');
    const total = Number(
      (await pool.query<{ n: string }>('SELECT count(*) AS n FROM report_dossiers')).rows[0]!.n,
    );
    const whatIf = new WhatIfService(
      pool,
      app.get(HolidayCalendarService),
      app.get(AGENCY_DIRECTORY),
      app.get(BoundProcedures),
      app.get(RUNTIME_CONFIG),
      realClock,
    );
    const request = parseWhatIfRequest({
      period: HISTORY,
      calendar: { workingDays: ['2025-05-02'] },
      limit: 100_000,
    });
    if (!request.ok) throw new Error(JSON.stringify(request.problems));
    started = performance.now();
    let progressLines = 0;
    let totals: unknown = null;
    for await (const line of await whatIf.prepare(request.value, null)) {
      if (line.type === 'progress') progressLines += 1;
      if (line.type === 'totals') totals = line.totals;
    }
    const replay = (performance.now() - started) / 1000;
    started = performance.now();
    const client = await pool.connect();
    const cursor = client.query(
      new Cursor<{ facts: unknown }>(
        `SELECT facts FROM report_dossiers WHERE received_at >= $1 AND received_at < $2 ORDER BY received_at, code`,
        [new Date(day(HISTORY.from)), new Date(day('2025-07-12'))],
      ),
    );
    let read = 0;
    for (let rows = await cursor.read(2_000); rows.length > 0; rows = await cursor.read(2_000))
      read += rows.length;
    await cursor.close();
    client.release();
    const plain = (performance.now() - started) / 1000;
    const t = totals as { dossiers: number; changed: number; newlyLate: number; differFromRecord: number };
    console.log(
      `  ${fmt(t.dossiers)} recorded dossiers (${fmt(total)} in the table) replayed with 2/5/2025 worked: ${fmt(replay, 1)} s, ` +
        `${fmt(progressLines)} progress lines; ${fmt(t.changed)} changed, ${fmt(t.newlyLate)} turned late, ` +
        `${fmt(t.differFromRecord)} differ from the record on the calendar in force   [< 30 s]`,
    );
    console.log(
      `    reference: the same ${fmt(read)} rows read through the cursor alone ${fmt(plain, 1)} s (ratio ${fmt(replay / plain, 1)})`,
    );
    console.log('\n4. Early warning (offline, on the same history)');
    await earlyWarning(pool);
  } finally {
    await simulator.close();
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`).catch(() => undefined);
    await admin.end();
    await handle.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

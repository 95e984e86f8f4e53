import type { Pool } from 'pg';
import Cursor from 'pg-cursor';
import { periodBounds, type ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { dossierConditions, SqlParams, whereSql, workingDays } from '../shared/report-sql';
import {
  apologyStatusSql,
  LATE,
  rollupCover,
  rollupSource,
  RUNNING,
  runningRangeSql,
  snapshotSource,
  type RollupCover,
} from '../rollups/report-rollups';

/** Whether the agency responsible apologised in writing (form 04), and in time. */
export type ApologyStatus = 'on-time' | 'late' | 'missing';

export interface LateDossier {
  readonly code: string;
  readonly procedureCode: string;
  readonly receivingUnitCode: string;
  readonly receivedAt: string;
  readonly dueAt: string;
  /** Null while it still runs past its due date. */
  readonly resultReadyAt: string | null;
  /** Working days past the due date at the result (null while running). */
  readonly lateByWorkingDays: number | null;
  /** Each step that ran past its deadline, and the agency that held it (responsible for it). */
  readonly lateSteps: readonly {
    readonly stepId: string;
    readonly agencyCode: string;
    readonly lateByWorkingDays: number | null;
  }[];
  readonly apology: ApologyStatus;
  readonly reappointments: number;
}

export interface LateReport {
  readonly period: { readonly from: string; readonly to: string; readonly asOf: string };
  readonly totals: {
    readonly late: number;
    readonly finishedLate: number;
    readonly runningLate: number;
    readonly apologies: { readonly onTime: number; readonly late: number; readonly missing: number };
    readonly reappointments: number;
  };
  readonly items: readonly LateDossier[];
  readonly page: { readonly limit: number; readonly offset: number };
  readonly definitions: string;
}

interface Totals {
  finished_late: string | null;
  running_late: string | null;
  on_time: string | null;
  late: string | null;
  missing: string | null;
  reappointments: string | null;
}

interface Row {
  code: string;
  procedure_code: string;
  receiving_unit_code: string;
  received_at: Date;
  due_at: Date;
  result_ready_at: Date | null;
  late_by_working_ms: string | null;
  apology: ApologyStatus;
  reappointments: number;
  late_steps: { step_id: string; agency_code: string; late_by_working_ms: number | null }[] | null;
}

/**
 * The late report (issue 19): dossiers whose result was ready late in the period, and those still
 * running past their due date at its end, each with the steps that ran late and the agency that held
 * them, whether the agency apologised on time, late or not at all, and its re-appointments. Totals over
 * all of them (from the monthly rollups where they cover the period, ADR 0017); the list is paged
 * (latest due date first).
 */
export async function lateReport(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
  now: number,
): Promise<LateReport> {
  const { start, end } = periodBounds(q);
  const { sql, late, asOf, a } = lateSource(q, scope, now);
  // Results are ready before now: the months up to the period's end, as the list counts them.
  const cover = await rollupCover(pool, start, end);
  const window = sql.p(q.page.offset + q.page.limit);
  const [totals, { rows: items }] = await Promise.all([
    lateTotals(pool, q, scope, asOf, cover),
    // Each part takes its first rows in the list's order on its own (the finished ones from the
    // partial index on the due date), so a page never sorts every late dossier of the period.
    pool.query<Row>(
      `SELECT l.*, ${lateStepsSql('l', a)} AS late_steps
         FROM ((${late.finished} ORDER BY due_at DESC, code LIMIT ${window})
               UNION ALL (${late.running} ORDER BY due_at DESC, code LIMIT ${window})) l
        ORDER BY l.due_at DESC, l.code LIMIT ${sql.p(q.page.limit)} OFFSET ${sql.p(q.page.offset)}`,
      sql.values,
    ),
  ]);
  const n = (v: string | null | undefined) => Number(v ?? 0);
  const finishedLate = n(totals.finished_late);
  const runningLate = n(totals.running_late);
  return {
    period: { from: q.from, to: q.to, asOf: new Date(asOf).toISOString() },
    totals: {
      late: finishedLate + runningLate,
      finishedLate,
      runningLate,
      apologies: { onTime: n(totals.on_time), late: n(totals.late), missing: n(totals.missing) },
      reappointments: n(totals.reappointments),
    },
    items: items.map((r) => lateDossierOf(r, asOf)),
    page: q.page,
    definitions: 'docs/reports.md#late',
  };
}

/** The totals: the finished late from the LATE rollup, the running late from the RUNNING snapshot. */
async function lateTotals(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
  asOf: number,
  cover: RollupCover,
): Promise<Totals> {
  const sql = new SqlParams();
  const where = whereSql(dossierConditions(q, scope, sql));
  const finished = `SELECT d.apology, d.n, d.reappointments, true AS finished
                      FROM (${rollupSource(LATE, cover, sql)}) d ${where}`;
  const runningWhere = whereSql(['d.overdue', ...dossierConditions(q, scope, sql)]);
  const running = `SELECT d.apology, d.n, d.reappointments, false AS finished
                     FROM (${snapshotSource(RUNNING, [{ bucket: 0, at: asOf }], cover, sql)}) d ${runningWhere}`;
  const { rows } = await pool.query<Totals>(
    `SELECT sum(n) FILTER (WHERE finished) AS finished_late, sum(n) FILTER (WHERE NOT finished) AS running_late,
            sum(n) FILTER (WHERE apology = 'on-time') AS on_time, sum(n) FILTER (WHERE apology = 'late') AS late,
            sum(n) FILTER (WHERE apology = 'missing') AS missing, sum(reappointments) AS reappointments
       FROM (${finished} UNION ALL ${running}) t`,
    sql.values,
  );
  return rows[0]!;
}

const LATE_COLUMNS = `d.code, d.procedure_code, d.receiving_unit_code, d.received_at, d.due_at, d.result_ready_at,
  d.late_by_working_ms, ${apologyStatusSql('d')} AS apology, d.reappointments`;

/**
 * The late dossiers as two queries: those finished late in the period, and those running past their
 * due date at its end (or now), which leaves out what the first has. Each on its own index.
 */
function lateSource(
  q: ReportQuery,
  scope: ReportScope | null,
  now: number,
): { sql: SqlParams; late: { finished: string; running: string }; asOf: number; a: string } {
  const { start, end } = periodBounds(q);
  const asOf = Math.min(end, now);
  const sql = new SqlParams();
  const s = sql.p(new Date(start).toISOString());
  const e = sql.p(new Date(end).toISOString());
  const a = sql.p(new Date(asOf).toISOString());
  const conditions = dossierConditions(q, scope, sql);
  const part = (condition: string) =>
    `SELECT ${LATE_COLUMNS} FROM report_dossiers d ${whereSql([condition, ...conditions])}`;
  const finishedLate = `d.outcome = 'late' AND d.result_ready_at >= ${s} AND d.result_ready_at < ${e}`;
  return {
    sql,
    late: {
      finished: part(finishedLate),
      running: part(
        `${runningRangeSql('d')} @> ${a}::timestamptz AND d.due_at < ${a} AND NOT coalesce(${finishedLate}, false)`,
      ),
    },
    asOf,
    a,
  };
}

/** The late steps of dossier `alias`: completed late, marked overdue, or still open past the deadline. */
function lateStepsSql(alias: string, asOfParam: string): string {
  return `(SELECT json_agg(json_build_object('step_id', v.step_id, 'agency_code', v.agency_code,
                                             'late_by_working_ms', v.late_by_working_ms)
                           ORDER BY v.handed_off_at, v.step_id)
             FROM report_step_visits v
            WHERE v.code = ${alias}.code
              AND (v.outcome = 'late' OR v.overdue
                   OR (v.completed_at IS NULL AND v.returned_at IS NULL AND v.deadline < ${asOfParam})))`;
}

function lateDossierOf(r: Row, asOf: number): LateDossier {
  const finished = r.result_ready_at !== null && r.result_ready_at.getTime() < asOf;
  return {
    code: r.code,
    procedureCode: r.procedure_code,
    receivingUnitCode: r.receiving_unit_code,
    receivedAt: r.received_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    resultReadyAt: finished ? r.result_ready_at!.toISOString() : null,
    lateByWorkingDays: finished ? workingDays(r.late_by_working_ms) : null,
    lateSteps: (r.late_steps ?? []).map((v) => ({
      stepId: v.step_id,
      agencyCode: v.agency_code,
      lateByWorkingDays: workingDays(v.late_by_working_ms),
    })),
    apology: r.apology,
    reappointments: r.reappointments,
  };
}

/**
 * Every late dossier of the report, latest due date first, read through a cursor a thousand rows at a
 * time (an export of hundreds of thousands of rows never holds them all).
 */
export async function* lateDossiers(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
  now: number,
): AsyncGenerator<LateDossier> {
  const { sql, late, asOf, a } = lateSource(q, scope, now);
  const client = await pool.connect();
  const cursor = client.query(
    new Cursor<Row>(
      `SELECT d.*, ${lateStepsSql('d', a)} AS late_steps FROM (${late.finished} UNION ALL ${late.running}) d ORDER BY d.due_at DESC, d.code`,
      sql.values,
    ),
  );
  try {
    for (;;) {
      const rows = await cursor.read(1_000);
      if (rows.length === 0) return;
      for (const r of rows) yield lateDossierOf(r, asOf);
    }
  } finally {
    await cursor.close();
    client.release();
  }
}

import type { Pool } from 'pg';
import Cursor from 'pg-cursor';
import { periodBounds, type ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { dossierConditions, SqlParams, whereSql, workingDays } from '../shared/report-sql';
import { runningRangeSql } from '../rollups/report-rollups';

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
  total: string;
  finished_late: string;
  apologies_on_time_total: string;
  apologies_late_total: string;
  apologies_missing_total: string;
  reappointments_total: string;
}

interface Row extends Totals {
  code: string;
  procedure_code: string;
  receiving_unit_code: string;
  received_at: Date;
  due_at: Date;
  result_ready_at: Date | null;
  late_by_working_ms: string | null;
  apologies: number;
  apologies_late: number;
  reappointments: number;
  late_steps: { step_id: string; agency_code: string; late_by_working_ms: number | null }[] | null;
}

/**
 * The late report (issue 19): dossiers whose result was ready late in the period, and those still
 * running past their due date at its end, each with the steps that ran late and the agency that held
 * them, whether the agency apologised on time, late or not at all, and its re-appointments. Totals over
 * all of them; the list is paged (latest due date first).
 */
export async function lateReport(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
  now: number,
): Promise<LateReport> {
  const { sql, late, asOf, a } = lateSource(q, scope, now);
  const limit = sql.p(q.page.limit);
  const offset = sql.p(q.page.offset);
  const { rows } = await pool.query<Row>(
    `WITH late AS (${late}), totals AS (
       SELECT count(*) AS total,
              count(*) FILTER (WHERE result_ready_at IS NOT NULL AND result_ready_at < ${a}) AS finished_late,
              count(*) FILTER (WHERE apologies > apologies_late) AS apologies_on_time_total,
              count(*) FILTER (WHERE apologies > 0 AND apologies = apologies_late) AS apologies_late_total,
              count(*) FILTER (WHERE apologies = 0) AS apologies_missing_total,
              coalesce(sum(reappointments), 0) AS reappointments_total
         FROM late
     )
     SELECT t.*, l.code, l.procedure_code, l.receiving_unit_code, l.received_at, l.due_at,
            l.result_ready_at, l.late_by_working_ms, l.apologies, l.apologies_late, l.reappointments,
            ${lateStepsSql('l', a)} AS late_steps
       FROM totals t
       LEFT JOIN LATERAL (SELECT * FROM late ORDER BY due_at DESC, code LIMIT ${limit} OFFSET ${offset}) l ON true`,
    sql.values,
  );
  const first = rows[0];
  const total = Number(first?.total ?? 0);
  const finishedLate = Number(first?.finished_late ?? 0);
  return {
    period: { from: q.from, to: q.to, asOf: new Date(asOf).toISOString() },
    totals: {
      late: total,
      finishedLate,
      runningLate: total - finishedLate,
      apologies: {
        onTime: Number(first?.apologies_on_time_total ?? 0),
        late: Number(first?.apologies_late_total ?? 0),
        missing: Number(first?.apologies_missing_total ?? 0),
      },
      reappointments: Number(first?.reappointments_total ?? 0),
    },
    items: rows.filter((r) => r.code !== null).map((r) => lateDossierOf(r, asOf)),
    page: q.page,
    definitions: 'docs/reports.md#late',
  };
}

const LATE_COLUMNS = `d.code, d.procedure_code, d.receiving_unit_code, d.received_at, d.due_at, d.result_ready_at,
  d.late_by_working_ms, d.apologies, d.apologies_late, d.reappointments`;

/**
 * The late dossiers as a query: those finished late in the period, and those running past their due
 * date at its end (or now). Two parts, each on its own index; the second leaves out what the first has.
 */
function lateSource(
  q: ReportQuery,
  scope: ReportScope | null,
  now: number,
): { sql: SqlParams; late: string; asOf: number; a: string } {
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
  const late = `${part(finishedLate)}
     UNION ALL
     ${part(`${runningRangeSql('d')} @> ${a}::timestamptz AND d.due_at < ${a} AND NOT coalesce(${finishedLate}, false)`)}`;
  return { sql, late, asOf, a };
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

function lateDossierOf(r: Omit<Row, keyof Totals>, asOf: number): LateDossier {
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
    apology: r.apologies === 0 ? 'missing' : r.apologies === r.apologies_late ? 'late' : 'on-time',
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
    new Cursor<Omit<Row, keyof Totals>>(
      `SELECT d.*, ${lateStepsSql('d', a)} AS late_steps FROM (${late}) d ORDER BY d.due_at DESC, d.code`,
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

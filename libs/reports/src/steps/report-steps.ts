import type { Pool } from 'pg';
import { periodBounds, type ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { dossierConditions, share, SqlParams, whereSql, workingDays } from '../shared/report-sql';

export interface StepFigures {
  readonly procedureCode: string;
  readonly stepId: string;
  readonly agencyCode: string;
  /** Visits that ended (completed or handed back) in the period. */
  readonly visits: number;
  readonly budgetWorkingDays: number | null;
  readonly usedWorkingDays: { readonly p50: number | null; readonly p90: number | null };
  /** Averages over the visits: handed off → received, received → completed. */
  readonly waitingWorkingDays: number | null;
  readonly workingWorkingDays: number | null;
  /** Of the completed visits judged against a deadline. */
  readonly lateShare: number | null;
  /** Visits that ended by handing the dossier back to an earlier step. */
  readonly returns: number;
  /** Working days past the deadlines, summed: what the ranking goes by. */
  readonly delayCausedWorkingDays: number;
}

export interface StepsReport {
  readonly period: { readonly from: string; readonly to: string };
  readonly steps: readonly StepFigures[];
  readonly definitions: string;
}

interface Row {
  procedure_code: string;
  step_id: string;
  agency_code: string;
  visits: string;
  budget_ms: string | null;
  p50: string | null;
  p90: string | null;
  waiting: string | null;
  working: string | null;
  judged: string;
  late: string;
  returns: string;
  delay: string;
}

/**
 * The bottleneck report, "khâu nào cần cải tiến" (issue 19): per procedure step and agency, over the
 * visits that ended in the period, the working time used against the budget (p50, p90), waiting
 * against working time, the share late and the returns; ranked by the delay they caused (working time
 * past their deadlines), then by the share late.
 */
export async function stepsReport(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
): Promise<StepsReport> {
  const { start, end } = periodBounds(q);
  const sql = new SqlParams();
  const s = sql.p(new Date(start).toISOString());
  const e = sql.p(new Date(end).toISOString());
  const where = [
    `coalesce(v.completed_at, v.returned_at) >= ${s} AND coalesce(v.completed_at, v.returned_at) < ${e}`,
    ...dossierConditions(q, scope, sql, { stepAgency: true }),
  ];
  const { rows } = await pool.query<Row>(
    `SELECT d.procedure_code, v.step_id, v.agency_code,
            count(*) AS visits,
            max(v.budget_ms) AS budget_ms,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY v.used_working_ms) AS p50,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY v.used_working_ms) AS p90,
            avg(v.waiting_working_ms) AS waiting,
            avg(v.working_working_ms) AS working,
            count(*) FILTER (WHERE v.completed_at IS NOT NULL AND NOT v.excluded_from_limit) AS judged,
            count(*) FILTER (WHERE v.outcome = 'late') AS late,
            count(*) FILTER (WHERE v.returned_at IS NOT NULL) AS returns,
            coalesce(sum(v.late_by_working_ms), 0) AS delay
       FROM report_step_visits v JOIN report_dossiers d ON d.code = v.code
      ${whereSql(where)}
      GROUP BY d.procedure_code, v.step_id, v.agency_code
      ORDER BY delay DESC, (count(*) FILTER (WHERE v.outcome = 'late'))::float / greatest(count(*), 1) DESC,
               d.procedure_code, v.step_id, v.agency_code`,
    sql.values,
  );
  return {
    period: { from: q.from, to: q.to },
    steps: rows.map((r) => ({
      procedureCode: r.procedure_code,
      stepId: r.step_id,
      agencyCode: r.agency_code,
      visits: Number(r.visits),
      budgetWorkingDays: workingDays(r.budget_ms),
      usedWorkingDays: { p50: workingDays(r.p50), p90: workingDays(r.p90) },
      waitingWorkingDays: workingDays(r.waiting),
      workingWorkingDays: workingDays(r.working),
      lateShare: share(Number(r.late), Number(r.judged)),
      returns: Number(r.returns),
      delayCausedWorkingDays: workingDays(r.delay) ?? 0,
    })),
    definitions: 'docs/reports.md#steps',
  };
}

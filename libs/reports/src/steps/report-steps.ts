import type { Pool } from 'pg';
import { periodBounds, type ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { dossierConditions, share, SqlParams, whereSql, workingDays } from '../shared/report-sql';
import {
  histogramOf,
  histogramPercentile,
  type HistogramBucket,
  rollupCover,
  rollupSource,
  VISITS,
} from '../rollups/report-rollups';

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
  histogram: (string | number)[][] | null;
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
  const rows = await stepRows(pool, q, scope);
  return {
    period: { from: q.from, to: q.to },
    steps: rows.map((r) => ({
      procedureCode: r.procedure_code,
      stepId: r.step_id,
      agencyCode: r.agency_code,
      visits: Number(r.visits),
      budgetWorkingDays: workingDays(r.budget_ms),
      usedWorkingDays: {
        p50: workingDays(histogramPercentile(r.used, 0.5)),
        p90: workingDays(histogramPercentile(r.used, 0.9)),
      },
      waitingWorkingDays: workingDays(r.waiting),
      workingWorkingDays: workingDays(r.working),
      lateShare: share(Number(r.late), Number(r.judged)),
      returns: Number(r.returns),
      delayCausedWorkingDays: workingDays(r.delay) ?? 0,
    })),
    definitions: 'docs/reports.md#steps',
  };
}

/**
 * Each step and agency's figures over the visits that ended in the period, ranked, with the histogram of
 * the working time used (`used`): what the report and the step-times chart draw from.
 */
export async function stepRows(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
): Promise<(Omit<Row, 'histogram'> & { used: HistogramBucket[] })[]> {
  const { start, end } = periodBounds(q);
  const cover = await rollupCover(pool, start, end);
  const sql = new SqlParams();
  const where = dossierConditions(q, scope, sql, { agencyColumn: 'd.agency_code' });
  // From the monthly rollups where they cover the period, from the facts elsewhere (ADR 0017).
  const { rows } = await pool.query<Row>(
    `WITH f AS (
       SELECT d.procedure_code, d.step_id, d.agency_code, d.bucket AS h, d.outcome, d.judged, d.returned,
              sum(d.n) AS n, max(d.budget_ms) AS budget_ms, min(d.min_ms) AS min_ms, max(d.max_ms) AS max_ms,
              sum(d.waiting_sum) AS waiting_sum, sum(d.waiting_n) AS waiting_n,
              sum(d.working_sum) AS working_sum, sum(d.working_n) AS working_n, sum(d.delay) AS delay
         FROM (${rollupSource(VISITS, cover, sql)}) d
        ${whereSql(where)}
        GROUP BY 1, 2, 3, 4, 5, 6, 7
     ), h AS (
       SELECT procedure_code, step_id, agency_code, h, sum(n) AS n, min(min_ms) AS min_ms, max(max_ms) AS max_ms
         FROM f WHERE h IS NOT NULL GROUP BY 1, 2, 3, 4
     )
     SELECT f.procedure_code, f.step_id, f.agency_code,
            sum(f.n) AS visits,
            max(f.budget_ms) AS budget_ms,
            sum(f.waiting_sum) / nullif(sum(f.waiting_n), 0) AS waiting,
            sum(f.working_sum) / nullif(sum(f.working_n), 0) AS working,
            coalesce(sum(f.n) FILTER (WHERE f.judged), 0) AS judged,
            coalesce(sum(f.n) FILTER (WHERE f.outcome = 'late'), 0) AS late,
            coalesce(sum(f.n) FILTER (WHERE f.returned), 0) AS returns,
            coalesce(sum(f.delay), 0) AS delay,
            (SELECT array_agg(ARRAY[h.h, h.n, h.min_ms, h.max_ms] ORDER BY h.h) FROM h
              WHERE h.procedure_code = f.procedure_code AND h.step_id = f.step_id
                AND h.agency_code = f.agency_code) AS histogram
       FROM f
      GROUP BY f.procedure_code, f.step_id, f.agency_code
      ORDER BY delay DESC, (coalesce(sum(f.n) FILTER (WHERE f.outcome = 'late'), 0))::float / greatest(sum(f.n), 1) DESC,
               f.procedure_code, f.step_id, f.agency_code`,
    sql.values,
  );
  return rows.map(({ histogram, ...r }) => ({ ...r, used: histogramOf(histogram) }));
}

import type { Pool } from 'pg';
import {
  reportBuckets,
  type ReportBucket,
  type ReportDimension,
  type ReportQuery,
} from '../domain/report-query';
import type { ReportScope } from './report-scope';
import { dossierConditions, share, SqlParams, whereSql, workingDays } from '../shared/report-sql';

/** The figures of one group (docs/reports.md#summary defines each). */
export interface SummaryFigures {
  /** Dossiers received in the period. */
  readonly received: number;
  /** Dossiers whose result was ready in the period, by their timeliness against the due date. */
  readonly finished: {
    readonly total: number;
    readonly early: number;
    readonly onTime: number;
    readonly late: number;
    /** Shares of `total` (null when nothing finished). */
    readonly earlyShare: number | null;
    readonly onTimeShare: number | null;
    readonly lateShare: number | null;
    /** Early or on time: the Decision 766 component. */
    readonly earlyOrOnTimeShare: number | null;
  };
  /** Received and neither finished nor stopped or withdrawn at the end of the period (or now). */
  readonly inProgress: { readonly total: number; readonly onTime: number; readonly overdue: number };
  /** Receipt to result, working days without the pauses and excluded phases, over the finished ones. */
  readonly processingWorkingDays: { readonly average: number | null; readonly p90: number | null };
  /** Share of the received filed online or through the national portal. */
  readonly onlineShare: number | null;
  /** Same-day procedures (limit of the working day, or immediate) finished in the period. */
  readonly sameDay: {
    readonly finished: number;
    readonly resolvedWithinDay: number;
    readonly share: number | null;
  };
}

export interface SummaryGroup extends SummaryFigures {
  readonly key: Readonly<Partial<Record<ReportDimension | 'period', string | null>>>;
}

export interface SummaryReport {
  readonly period: { readonly from: string; readonly to: string; readonly asOf: string };
  readonly filters: ReportQuery['filters'];
  readonly groupBy: readonly string[];
  readonly groups: readonly SummaryGroup[];
  readonly total: SummaryFigures;
  readonly definitions: string;
}

const COLUMN: Record<ReportDimension, string> = {
  unit: 'd.receiving_unit_code',
  agency: 'coalesce(d.lead_agency_code, d.receiving_unit_code)',
  procedure: 'd.procedure_code',
  field: 'd.field',
  channel: 'd.channel',
};

interface SummaryRow {
  bucket: number;
  dims: (string | null)[] | null;
  received: string;
  finished: string;
  early: string;
  on_time: string;
  late: string;
  in_progress: string;
  in_progress_overdue: string;
  avg_ms: string | null;
  p90_ms: string | null;
  online: string;
  same_day_finished: string;
  same_day_resolved: string;
}

/**
 * The summary report (issue 19): per bucket (month, quarter, year, or the whole period) and per group
 * of the dimensions asked, in one query over `report_dossiers`; the whole period's total in another.
 * `now` cuts "in progress" at the present for a period that has not ended.
 */
export async function summaryReport(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
  now: number,
): Promise<SummaryReport> {
  const buckets = reportBuckets(q);
  const whole = reportBuckets({ ...q, timeGrain: null });
  const grouped = q.groupBy.length > 0 || q.timeGrain !== null;
  const groupRows = grouped ? await query(pool, q, scope, buckets, q.groupBy, now) : [];
  const [totalRow] = await query(pool, q, scope, whole, [], now);
  return {
    period: { from: q.from, to: q.to, asOf: new Date(Math.min(whole[0]!.end, now)).toISOString() },
    filters: q.filters,
    groupBy: [...q.groupBy, ...(q.timeGrain ? [q.timeGrain] : [])],
    groups: groupRows.map((row) => ({
      key: {
        ...Object.fromEntries(q.groupBy.map((dim, i) => [dim, row.dims?.[i] ?? null])),
        ...(q.timeGrain ? { period: buckets[row.bucket]!.key } : {}),
      },
      ...figures(row),
    })),
    total: totalRow ? figures(totalRow) : figures(null),
    definitions: 'docs/reports.md#summary',
  };
}

async function query(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
  buckets: readonly ReportBucket[],
  dims: readonly ReportDimension[],
  now: number,
): Promise<SummaryRow[]> {
  const sql = new SqlParams();
  sql.p(buckets.map((b) => new Date(b.start).toISOString()));
  sql.p(buckets.map((b) => new Date(b.end).toISOString()));
  sql.p(buckets.map((b) => new Date(Math.min(b.end, now)).toISOString()));
  const where = dossierConditions(q, scope, sql);
  const dimsSql = dims.length > 0 ? `ARRAY[${dims.map((d) => COLUMN[d]).join(', ')}]` : 'NULL::text[]';
  // Up to the end of the bucket, or now for one not over: what has happened by then.
  const finishedIn = 'd.result_ready_at >= b.start_at AND d.result_ready_at < b.as_of';
  const runningAt =
    'd.received_at < b.as_of AND (d.result_ready_at IS NULL OR d.result_ready_at >= b.as_of) AND (d.ended_at IS NULL OR d.ended_at >= b.as_of)';
  const { rows } = await pool.query<SummaryRow>(
    `WITH b AS (
       SELECT (i - 1)::int AS bucket, s.start_at, s.end_at, s.as_of
         FROM unnest($1::timestamptz[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY
              AS s(start_at, end_at, as_of, i)
     )
     SELECT b.bucket, ${dimsSql} AS dims,
            count(*) FILTER (WHERE d.received_at >= b.start_at AND d.received_at < b.as_of) AS received,
            count(*) FILTER (WHERE ${finishedIn}) AS finished,
            count(*) FILTER (WHERE ${finishedIn} AND d.outcome = 'early') AS early,
            count(*) FILTER (WHERE ${finishedIn} AND d.outcome = 'on-time') AS on_time,
            count(*) FILTER (WHERE ${finishedIn} AND d.outcome = 'late') AS late,
            count(*) FILTER (WHERE ${runningAt}) AS in_progress,
            count(*) FILTER (WHERE ${runningAt} AND d.due_at < b.as_of) AS in_progress_overdue,
            avg(d.processing_working_ms) FILTER (WHERE ${finishedIn}) AS avg_ms,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY d.processing_working_ms) FILTER (WHERE ${finishedIn}) AS p90_ms,
            count(*) FILTER (WHERE d.received_at >= b.start_at AND d.received_at < b.as_of
                               AND d.channel IN ('online', 'national-portal')) AS online,
            count(*) FILTER (WHERE ${finishedIn} AND d.same_day) AS same_day_finished,
            count(*) FILTER (WHERE ${finishedIn} AND d.same_day AND d.outcome <> 'late') AS same_day_resolved
       FROM b
       JOIN report_dossiers d
         ON d.received_at < b.end_at
        AND (d.result_ready_at IS NULL OR d.result_ready_at >= b.start_at)
        AND (d.ended_at IS NULL OR d.ended_at >= b.start_at)
      ${whereSql(where)}
      GROUP BY b.bucket, ${dims.length > 0 ? dims.map((d) => COLUMN[d]).join(', ') : '1'}
      ORDER BY b.bucket, 2`,
    sql.values,
  );
  return rows;
}

function figures(row: SummaryRow | null): SummaryFigures {
  const n = (v: string | undefined | null) => (v === undefined || v === null ? 0 : Number(v));
  const finished = n(row?.finished);
  const early = n(row?.early);
  const onTime = n(row?.on_time);
  const late = n(row?.late);
  const received = n(row?.received);
  const sameDayFinished = n(row?.same_day_finished);
  const sameDayResolved = n(row?.same_day_resolved);
  const days = workingDays;
  const inProgress = n(row?.in_progress);
  const overdue = n(row?.in_progress_overdue);
  return {
    received,
    finished: {
      total: finished,
      early,
      onTime,
      late,
      earlyShare: share(early, finished),
      onTimeShare: share(onTime, finished),
      lateShare: share(late, finished),
      earlyOrOnTimeShare: share(early + onTime, finished),
    },
    inProgress: { total: inProgress, onTime: inProgress - overdue, overdue },
    processingWorkingDays: { average: days(row?.avg_ms), p90: days(row?.p90_ms) },
    onlineShare: share(n(row?.online), received),
    sameDay: {
      finished: sameDayFinished,
      resolvedWithinDay: sameDayResolved,
      share: share(sameDayResolved, sameDayFinished),
    },
  };
}

import type { Pool } from 'pg';
import {
  reportBuckets,
  type ReportBucket,
  type ReportDimension,
  type ReportQuery,
} from '../domain/report-query';
import type { ReportScope } from './report-scope';
import { dossierConditions, share, SqlParams, whereSql, workingDays } from '../shared/report-sql';
import {
  FINISHED,
  histogramOf,
  histogramPercentile,
  RECEIVED,
  rollupCover,
  rollupSource,
  RUNNING,
  snapshotSource,
  type RollupCover,
} from '../rollups/report-rollups';

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
  p90_ms: number | null;
  online: string;
  same_day_finished: string;
  same_day_resolved: string;
}

/**
 * The summary report (issue 19): per bucket (month, quarter, year, or the whole period) and per group
 * of the dimensions asked; the whole period's total beside. Received and finished are counted from the
 * monthly rollups where they cover the period and from the facts elsewhere (ADR 0017); in progress from
 * the facts, at the end of each bucket. `now` cuts a period that has not ended.
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
  const cover = await rollupCover(pool, whole[0]!.start, Math.min(whole[0]!.end, now));
  const [groupRows, [totalRow]] = await Promise.all([
    grouped ? query(pool, q, scope, buckets, q.groupBy, now, cover) : Promise.resolve([]),
    query(pool, q, scope, whole, [], now, cover),
  ]);
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

interface GroupRow {
  bucket: number;
  dims: (string | null)[];
}

type FinishedRow = GroupRow &
  Pick<
    SummaryRow,
    'finished' | 'early' | 'on_time' | 'late' | 'avg_ms' | 'same_day_finished' | 'same_day_resolved'
  > & { histogram: (string | number)[][] | null };

/** The buckets as a CTE `b` (bucket, start_at, end_at, as_of): up to its end, or now for one not over. */
function bucketsCte(sql: SqlParams, buckets: readonly ReportBucket[], now: number): string {
  const starts = sql.p(buckets.map((b) => new Date(b.start).toISOString()));
  const ends = sql.p(buckets.map((b) => new Date(b.end).toISOString()));
  const asOf = sql.p(buckets.map((b) => new Date(Math.min(b.end, now)).toISOString()));
  return `b AS (
       SELECT (i - 1)::int AS bucket, s.start_at, s.end_at, s.as_of
         FROM unnest(${starts}::timestamptz[], ${ends}::timestamptz[], ${asOf}::timestamptz[]) WITH ORDINALITY
              AS s(start_at, end_at, as_of, i)
     )`;
}

/** Each bucket's instant: its end, or now for one not over. */
const asOfs = (buckets: readonly ReportBucket[], now: number) =>
  buckets.map((b, bucket) => ({ bucket, at: Math.min(b.end, now) }));

/** Three statements at once (received, finished with their histogram, in progress), joined by group. */
async function query(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
  buckets: readonly ReportBucket[],
  dims: readonly ReportDimension[],
  now: number,
  cover: RollupCover,
): Promise<SummaryRow[]> {
  const dimsSql = dims.length > 0 ? `ARRAY[${dims.map((d) => COLUMN[d]).join(', ')}]` : `'{}'::text[]`;
  const statement = async <R extends GroupRow>(body: (sql: SqlParams, where: string) => string) => {
    const sql = new SqlParams();
    const b = bucketsCte(sql, buckets, now);
    const text = body(sql, whereSql(dossierConditions(q, scope, sql)));
    return (await pool.query<R>(`WITH ${b} ${text}`, sql.values)).rows;
  };
  const [received, finished, running] = await Promise.all([
    statement<GroupRow & { received: string; online: string }>(
      (sql, where) =>
        `SELECT b.bucket, ${dimsSql} AS dims, sum(d.received) AS received, sum(d.online) AS online
           FROM b JOIN (${rollupSource(RECEIVED, cover, sql)}) d ON d.at >= b.start_at AND d.at < b.as_of
          ${where} GROUP BY 1, 2`,
    ),
    statement<FinishedRow>(
      (sql, where) =>
        `, f AS (
           SELECT b.bucket, ${dimsSql} AS dims, d.outcome, d.same_day, d.bucket AS h, sum(d.n) AS n,
                  sum(d.sum_ms) AS sum_ms, min(d.min_ms) AS min_ms, max(d.max_ms) AS max_ms
             FROM b JOIN (${rollupSource(FINISHED, cover, sql)}) d ON d.at >= b.start_at AND d.at < b.as_of
            ${where} GROUP BY 1, 2, 3, 4, 5
         ), h AS (
           SELECT bucket, dims, h, sum(n) AS n, min(min_ms) AS min_ms, max(max_ms) AS max_ms
             FROM f WHERE h IS NOT NULL GROUP BY 1, 2, 3
         )
         SELECT f.bucket, f.dims, sum(f.n) AS finished,
                coalesce(sum(f.n) FILTER (WHERE f.outcome = 'early'), 0) AS early,
                coalesce(sum(f.n) FILTER (WHERE f.outcome = 'on-time'), 0) AS on_time,
                coalesce(sum(f.n) FILTER (WHERE f.outcome = 'late'), 0) AS late,
                sum(f.sum_ms) / nullif(sum(f.n) FILTER (WHERE f.sum_ms IS NOT NULL), 0) AS avg_ms,
                coalesce(sum(f.n) FILTER (WHERE f.same_day), 0) AS same_day_finished,
                coalesce(sum(f.n) FILTER (WHERE f.same_day AND f.outcome <> 'late'), 0) AS same_day_resolved,
                (SELECT array_agg(ARRAY[h.h, h.n, h.min_ms, h.max_ms] ORDER BY h.h) FROM h
                  WHERE h.bucket = f.bucket AND h.dims = f.dims) AS histogram
           FROM f GROUP BY 1, 2`,
    ),
    statement<GroupRow & { in_progress: string; in_progress_overdue: string }>(
      (sql, where) =>
        `SELECT d.bucket, ${dimsSql} AS dims, sum(d.n) AS in_progress,
                coalesce(sum(d.n) FILTER (WHERE d.overdue), 0) AS in_progress_overdue
           FROM (${snapshotSource(RUNNING, asOfs(buckets, now), cover, sql)}) d
          ${where} GROUP BY 1, 2`,
    ),
  ]);
  const groups = new Map<string, Record<string, unknown>>();
  const entry = (row: GroupRow) => {
    const key = JSON.stringify([row.bucket, row.dims]);
    let found = groups.get(key);
    if (!found) groups.set(key, (found = { bucket: row.bucket, dims: dims.length > 0 ? row.dims : null }));
    return found;
  };
  for (const row of received) Object.assign(entry(row), { received: row.received, online: row.online });
  for (const row of finished) {
    const { histogram, ...counts } = row;
    Object.assign(entry(row), counts, {
      p90_ms: histogramPercentile(histogramOf(histogram), 0.9),
    });
  }
  for (const row of running)
    Object.assign(entry(row), {
      in_progress: row.in_progress,
      in_progress_overdue: row.in_progress_overdue,
    });
  return [...groups.values()]
    .map((g) => g as unknown as SummaryRow)
    .sort((a, b) => a.bucket - b.bucket || compareDims(a.dims, b.dims));
}

/** Groups in the order of their dimension values, nulls last (as PostgreSQL orders them). */
function compareDims(a: (string | null)[] | null, b: (string | null)[] | null): number {
  const x = a ?? [];
  const y = b ?? [];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    if (x[i] === y[i]) continue;
    if (x[i] === null || x[i] === undefined) return 1;
    if (y[i] === null || y[i] === undefined) return -1;
    return x[i]! < y[i]! ? -1 : 1;
  }
  return 0;
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

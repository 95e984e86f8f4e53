import type { Pool } from 'pg';
import { reportBuckets, type ReportQuery } from '../domain/report-query';
import type { ReportScope } from '../summary/report-scope';
import { dossierConditions, share, SqlParams, whereSql } from '../shared/report-sql';
import { FINISHED, RECEIVED, rollupCover, rollupSource } from '../rollups/report-rollups';

export interface SameDayGroup {
  readonly unitCode: string;
  readonly period: string | null;
  /** Same-day dossiers received. */
  readonly received: number;
  /** Finished (result ready) in the period or bucket. */
  readonly finished: number;
  readonly resolvedWithinDay: number;
  readonly late: number;
  readonly resolvedShare: number | null;
}

export interface SameDayReport {
  readonly period: { readonly from: string; readonly to: string };
  readonly groups: readonly SameDayGroup[];
  readonly total: Omit<SameDayGroup, 'unitCode' | 'period'>;
  readonly definitions: string;
}

interface Row {
  bucket: number;
  unit: string | null;
  received: string;
  finished: string;
  resolved: string;
}

/**
 * Same-day dossiers (giải quyết trong ngày) by receiving unit and period (issue 19): the procedures whose
 * limit is the working day or an immediate result, received, finished, and resolved within the day (not
 * late), as Ho Chi Minh City counts them (about 694,000 in a month of 2022).
 */
export async function sameDayReport(
  pool: Pool,
  q: ReportQuery,
  scope: ReportScope | null,
): Promise<SameDayReport> {
  const buckets = reportBuckets(q);
  const whole = reportBuckets({ ...q, timeGrain: null })[0]!;
  const cover = await rollupCover(pool, whole.start, whole.end);
  const sql = new SqlParams();
  const starts = sql.p(buckets.map((b) => new Date(b.start).toISOString()));
  const ends = sql.p(buckets.map((b) => new Date(b.end).toISOString()));
  const where = whereSql(['d.same_day', ...dossierConditions(q, scope, sql)]);
  // Received and finished from the monthly rollups where they cover the period (ADR 0017).
  const { rows } = await pool.query<Row>(
    `WITH b AS (
       SELECT (i - 1)::int AS bucket, s.start_at, s.end_at
         FROM unnest(${starts}::timestamptz[], ${ends}::timestamptz[]) WITH ORDINALITY AS s(start_at, end_at, i)
     ), x AS (
       SELECT b.bucket, d.receiving_unit_code AS unit, d.received AS received, 0::bigint AS finished,
              0::bigint AS resolved
         FROM b JOIN (${rollupSource(RECEIVED, cover, sql)}) d ON d.at >= b.start_at AND d.at < b.end_at ${where}
       UNION ALL
       SELECT b.bucket, d.receiving_unit_code, 0, d.n, CASE WHEN d.outcome <> 'late' THEN d.n ELSE 0 END
         FROM b JOIN (${rollupSource(FINISHED, cover, sql)}) d ON d.at >= b.start_at AND d.at < b.end_at ${where}
     )
     SELECT bucket, unit, sum(received) AS received, sum(finished) AS finished, sum(resolved) AS resolved
       FROM x
      GROUP BY GROUPING SETS ((bucket, unit), ())
      ORDER BY bucket NULLS LAST, unit`,
    sql.values,
  );
  const figures = (r: Row | undefined) => {
    const finished = Number(r?.finished ?? 0);
    const resolved = Number(r?.resolved ?? 0);
    return {
      received: Number(r?.received ?? 0),
      finished,
      resolvedWithinDay: resolved,
      late: finished - resolved,
      resolvedShare: share(resolved, finished),
    };
  };
  const total = rows.find((r) => r.bucket === null);
  return {
    period: { from: q.from, to: q.to },
    groups: rows
      .filter((r) => r.bucket !== null)
      .map((r) => ({ unitCode: r.unit!, period: buckets[r.bucket]!.key, ...figures(r) })),
    total: figures(total),
    definitions: 'docs/reports.md#same-day',
  };
}

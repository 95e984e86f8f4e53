import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@lien-thong/postgres';
import type { SqlParams } from '../shared/report-sql';

/**
 * Monthly rollups of the report facts (issue 19, a year of a province in well under a second): the same
 * figures the reports compute from `report_dossiers` and `report_step_visits`, added up per Vietnamese
 * calendar month and per combination of the dimensions the reports filter and group by. ADR 0017.
 *
 * - Each rollup is a "shape": the rows one dossier or visit contributes (`at`, its keys, its measures),
 *   and the way measures add up (sum, min, max). A month's rollup is its shape grouped by its keys; a
 *   report reads the months the rollup covers from the rollup and every other instant of its period
 *   (a month cut by the period, the month under way, a month not refreshed yet) from the facts in the
 *   same shape, and adds both up the same way. So a report gives the same figures with or without the
 *   rollups (tested), only faster.
 * - Durations (processing time, a step's working time) are kept as a histogram: buckets 1 % wide on
 *   working minutes, each with its count, smallest and largest value. A percentile read from it is exact
 *   when the values it needs sit alone in their bucket (or are its smallest or largest), and otherwise
 *   off by less than the bucket's width, 1 %.
 * - The projection marks the months a batch touched (old and new instants) dirty, in its transaction;
 *   `refreshDirtyMonths` (the worker, every few seconds) recomputes them. A month dirty or never
 *   refreshed is read from the facts, so the figures are never stale, only slower to get.
 */

const TZ = `'Asia/Ho_Chi_Minh'`;

/** The Vietnamese calendar month of an instant, as its first day. */
export const monthOfSql = (instant: string): string =>
  `(date_trunc('month', ${instant} AT TIME ZONE ${TZ}))::date`;

/** The first instant of a month given as its first day (a date). */
const monthStartSql = (month: string): string => `((${month})::timestamp AT TIME ZONE ${TZ})`;

/** Width of a histogram bucket: each bucket's upper bound is 1 % above its lower one (in minutes + 1). */
export const HISTOGRAM_RATIO = 1.01;
const bucketSql = (ms: string): string =>
  `CASE WHEN ${ms} IS NULL THEN NULL ELSE floor(ln(1 + greatest(${ms}, 0) / 60000.0) / ln(${HISTOGRAM_RATIO}))::int END`;

/** The dossier's dimensions every rollup keeps: what the reports filter, group and scope by. */
const DOSSIER_KEYS = [
  'receiving_unit_code text',
  'procedure_code text',
  'field text',
  'channel text',
  'lead_agency_code text',
  'participant_agencies text[]',
  'same_day boolean',
];
const dossierKeys = (alias: string) =>
  DOSSIER_KEYS.map((k) => `${alias}.${k.split(' ')[0]} AS ${k.split(' ')[0]}`);

interface Measure {
  readonly column: string;
  readonly type: string;
  /** How values of it add up. */
  readonly add: 'sum' | 'min' | 'max';
}

export interface RollupShape {
  readonly table: string;
  readonly keys: readonly string[];
  readonly measures: readonly Measure[];
  /** The shape's rows from the facts, the instant they count at as `at`, for `range` (on that instant). */
  readonly facts: (range: (instant: string) => string) => string;
}

const sum = (column: string): Measure => ({ column, type: 'bigint', add: 'sum' });
const KEY = (name: string) => name.split(' ')[0]!;

/** Dossiers received: when, and how (online or through the national portal). */
export const RECEIVED: RollupShape = {
  table: 'report_rollup_received',
  keys: DOSSIER_KEYS,
  measures: [sum('received'), sum('online')],
  facts: (range) =>
    `SELECT d.received_at AS at, ${dossierKeys('d').join(', ')}, 1::bigint AS received,
            (d.channel IN ('online', 'national-portal'))::int::bigint AS online
       FROM report_dossiers d WHERE ${range('d.received_at')}`,
};

/** Dossiers finished (result ready): their timeliness and processing time (histogram). */
export const FINISHED: RollupShape = {
  table: 'report_rollup_finished',
  keys: [...DOSSIER_KEYS, 'outcome text', 'bucket int'],
  measures: [
    sum('n'),
    sum('sum_ms'),
    { column: 'min_ms', type: 'bigint', add: 'min' },
    { column: 'max_ms', type: 'bigint', add: 'max' },
  ],
  facts: (range) =>
    `SELECT d.result_ready_at AS at, ${dossierKeys('d').join(', ')}, d.outcome AS outcome,
            ${bucketSql('d.processing_working_ms')} AS bucket, 1::bigint AS n,
            d.processing_working_ms AS sum_ms, d.processing_working_ms AS min_ms,
            d.processing_working_ms AS max_ms
       FROM report_dossiers d WHERE ${range('d.result_ready_at')}`,
};

/** Step visits that ended (completed or handed back): what the bottleneck report and the scorecard count. */
export const VISITS: RollupShape = {
  table: 'report_rollup_visits',
  keys: [
    ...DOSSIER_KEYS,
    'step_id text',
    'agency_code text',
    'outcome text',
    'judged boolean',
    'returned boolean',
    'reworked boolean',
    'bucket int',
  ],
  measures: [
    sum('n'),
    { column: 'budget_ms', type: 'bigint', add: 'max' },
    { column: 'min_ms', type: 'bigint', add: 'min' },
    { column: 'max_ms', type: 'bigint', add: 'max' },
    sum('waiting_sum'),
    sum('waiting_n'),
    sum('working_sum'),
    sum('working_n'),
    sum('delay'),
  ],
  facts: (range) =>
    `SELECT coalesce(v.completed_at, v.returned_at) AS at, ${dossierKeys('d').join(', ')},
            v.step_id AS step_id, v.agency_code AS agency_code, v.outcome AS outcome,
            (v.completed_at IS NOT NULL AND NOT v.excluded_from_limit) AS judged,
            (v.returned_at IS NOT NULL) AS returned, (v.visit > 1) AS reworked,
            ${bucketSql('v.used_working_ms')} AS bucket, 1::bigint AS n, v.budget_ms AS budget_ms,
            v.used_working_ms AS min_ms, v.used_working_ms AS max_ms,
            v.waiting_working_ms AS waiting_sum, (v.waiting_working_ms IS NOT NULL)::int::bigint AS waiting_n,
            v.working_working_ms AS working_sum, (v.working_working_ms IS NOT NULL)::int::bigint AS working_n,
            coalesce(v.late_by_working_ms, 0) AS delay
       FROM report_step_visits v JOIN report_dossiers d ON d.code = v.code
      WHERE ${range('coalesce(v.completed_at, v.returned_at)')}`,
};

/**
 * Each agency's part in each dossier (the scorecard's dossier components), counted when the agency's
 * last visit of the dossier ended: whether one of its steps there was late, whether it apologised in
 * time, asked a supplement, asked more than once.
 */
export const AGENCY_DOSSIERS: RollupShape = {
  table: 'report_rollup_agency_dossiers',
  keys: [
    ...DOSSIER_KEYS,
    'agency_code text',
    'made_late boolean',
    'apologised boolean',
    'asked boolean',
    'asked_again boolean',
  ],
  measures: [sum('n')],
  facts: (range) =>
    `SELECT x.at, ${dossierKeys('d').join(', ')}, x.agency_code AS agency_code, x.made_late AS made_late,
            x.agency_code = ANY(d.apologised_in_time_agencies) AS apologised,
            x.agency_code = ANY(d.supplement_agencies) AS asked,
            x.agency_code = ANY(d.repeated_supplement_agencies) AS asked_again, 1::bigint AS n
       FROM (SELECT v.code, v.agency_code, max(coalesce(v.completed_at, v.returned_at)) AS at,
                    bool_or(v.outcome = 'late') AS made_late
               FROM report_step_visits v
              WHERE v.code IN (SELECT e.code FROM report_step_visits e
                                WHERE ${range('coalesce(e.completed_at, e.returned_at)')})
              GROUP BY v.code, v.agency_code) x
       JOIN report_dossiers d ON d.code = x.code
      WHERE ${range('x.at')}`,
};

/** A late dossier's apology status (form 04): none, every one after its deadline, or one in time. */
export const apologyStatusSql = (alias: string): string =>
  `CASE WHEN ${alias}.apologies = 0 THEN 'missing' WHEN ${alias}.apologies = ${alias}.apologies_late THEN 'late' ELSE 'on-time' END`;

/** Dossiers finished late (the late report's totals): whether the agency apologised, re-appointments. */
export const LATE: RollupShape = {
  table: 'report_rollup_late',
  keys: [...DOSSIER_KEYS, 'apology text'],
  measures: [sum('n'), sum('reappointments')],
  facts: (range) =>
    `SELECT d.result_ready_at AS at, ${dossierKeys('d').join(', ')}, ${apologyStatusSql('d')} AS apology,
            1::bigint AS n, d.reappointments::bigint AS reappointments
       FROM report_dossiers d WHERE d.outcome = 'late' AND ${range('d.result_ready_at')}`,
};

export const ROLLUP_SHAPES: readonly RollupShape[] = [RECEIVED, FINISHED, VISITS, AGENCY_DOSSIERS, LATE];

/**
 * A snapshot rather than a flow: the rows of what is so at one instant. Its rollup keeps, per month,
 * the rows at the month's end (the first instant of the next month); `facts(at)` gives them at any
 * instant `at` (an SQL expression) from the facts.
 */
export interface SnapshotShape {
  readonly table: string;
  readonly keys: readonly string[];
  readonly measures: readonly Measure[];
  readonly facts: (at: string) => string;
}

/**
 * Dossiers in flight (summary "in progress", the late report's running part): whether past their due
 * date, and for those the apology status and re-appointments, as the late report counts them.
 */
export const RUNNING: SnapshotShape = {
  table: 'report_rollup_running',
  keys: [...DOSSIER_KEYS, 'overdue boolean', 'apology text'],
  measures: [sum('n'), sum('reappointments')],
  facts: (at) =>
    `SELECT ${dossierKeys('d').join(', ')}, (d.due_at < ${at}) AS overdue,
            CASE WHEN d.due_at < ${at} THEN ${apologyStatusSql('d')} END AS apology, 1::bigint AS n,
            d.reappointments::bigint AS reappointments
       FROM report_dossiers d WHERE ${runningRangeSql('d')} @> ${at}`,
};

export const SNAPSHOT_SHAPES: readonly SnapshotShape[] = [RUNNING];

/** The tables of the given rollups, each with its month index. */
export function rollupTablesSql(shapes: readonly (RollupShape | SnapshotShape)[]): string {
  return shapes
    .map(
      (shape) =>
        `CREATE TABLE ${shape.table} (
           month date NOT NULL,
           ${[...shape.keys, ...shape.measures.map((m) => `${m.column} ${m.type}`)].join(',\n           ')}
         );
         CREATE INDEX ${shape.table}_month ON ${shape.table} (month);`,
    )
    .join('\n');
}

/**
 * The projection's migration 0003 that created the first rollups (and the indexes the facts' reads
 * need). Its shapes as they were then: a shape added later comes with a migration of its own.
 */
export function rollupMigrationSql(): string {
  return `${rollupTablesSql([RECEIVED, FINISHED, VISITS, AGENCY_DOSSIERS])}
    -- Months whose rollups are computed, and months changed since (version: bumped at every change).
    CREATE TABLE report_rollup_months (month date PRIMARY KEY, refreshed_at timestamptz NOT NULL);
    CREATE TABLE report_dirty_months (month date PRIMARY KEY, version bigint NOT NULL DEFAULT 1);
    CREATE INDEX report_dossiers_finished_late ON report_dossiers (result_ready_at) WHERE outcome = 'late';
    CREATE INDEX report_step_visits_ended ON report_step_visits ((coalesce(completed_at, returned_at)));
    -- Dossiers in flight at an instant (summary "in progress", backlog): received, not yet finished or ended.
    CREATE INDEX report_dossiers_running ON report_dossiers USING gist
      (${runningRangeSql()});`;
}

/**
 * A dossier's time in flight, (received, finished or ended]: it runs at instant t when this range contains
 * t (received before t, not finished or ended before t). The GiST index above is on this expression.
 */
export const runningRangeSql = (alias = ''): string => {
  const c = (column: string) => `${alias ? `${alias}.` : ''}${column}`;
  return `tstzrange(${c('received_at')}, greatest(${c('received_at')}, coalesce(least(${c('result_ready_at')}, ${c('ended_at')}), 'infinity'::timestamptz)), '(]')`;
};

/**
 * A step visit's time open, [handed off, completed or handed back): the step is held at instant t when
 * this range contains t. A GiST index covers it (migration 0005), so the backlog reads the visits open at
 * an instant from the index alone.
 */
export const openVisitRangeSql = (alias = ''): string => {
  const c = (column: string) => `${alias ? `${alias}.` : ''}${column}`;
  return `tstzrange(${c('handed_off_at')}, greatest(${c('handed_off_at')}, coalesce(${c('completed_at')}, ${c('returned_at')}, 'infinity'::timestamptz)), '[)')`;
};

export const ROLLUP_TABLES = [
  ...ROLLUP_SHAPES.map((s) => s.table),
  ...SNAPSHOT_SHAPES.map((s) => s.table),
  'report_rollup_months',
  'report_dirty_months',
] as const;

/** A dossier's time in flight as the snapshots see it: from its receipt to its end (null: not ended). */
export interface RunningSpan {
  readonly from: Date | string;
  readonly to: Date | string | null;
}

const iso = (i: Date | string): string => (typeof i === 'string' ? i : i.toISOString());

/**
 * Marks dirty the months of the given instants (the projection: the old and new instants of what a batch
 * rewrote), and every month a span runs through up to the month under way (a snapshot at each of their
 * ends counts the dossier, with its current due date and apologies). An upsert that bumps the version, so
 * that a refresh under way cannot clear a change it did not see (it clears only the version it read).
 */
export async function markDirtyMonths(
  tx: PoolClient,
  instants: readonly (Date | string | null)[],
  spans: readonly RunningSpan[] = [],
): Promise<void> {
  const present = instants.filter((i): i is Date | string => i !== null);
  // The spans' months, counted here: a batch of a rebuild holds thousands of dossiers not ended yet.
  const months = new Set<string>();
  const now = Date.now();
  for (const span of spans) {
    const from = new Date(span.from).getTime();
    const to = Math.max(from, Math.min(span.to === null ? now : new Date(span.to).getTime(), now));
    for (let month = monthOf(from); month <= monthOf(to); month = nextMonth(month)) months.add(month);
  }
  if (present.length === 0 && months.size === 0) return;
  await tx.query(
    `INSERT INTO report_dirty_months (month)
     SELECT DISTINCT m FROM (
       SELECT ${monthOfSql('x')} AS m FROM unnest($1::timestamptz[]) AS x
       UNION ALL SELECT unnest($2::date[])
     ) y ORDER BY 1
     ON CONFLICT (month) DO UPDATE SET version = report_dirty_months.version + 1`,
    [present.map(iso), [...months]],
  );
}

/** The Vietnamese calendar month of an instant, as its first day (YYYY-MM-01). */
function monthOf(instant: number): string {
  return new Date(instant + VN_OFFSET_MS).toISOString().slice(0, 8) + '01';
}

function nextMonth(month: string): string {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Recomputes one month's rollups from the facts, in one transaction. */
export async function refreshMonth(pool: Pool, month: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ version: string }>(
      'SELECT version FROM report_dirty_months WHERE month = $1',
      [month],
    );
    const range = (instant: string) =>
      `${instant} >= ${monthStartSql('$1::date')} AND ${instant} < ${monthStartSql(`$1::date + interval '1 month'`)}`;
    // Each rollup's month: its rows from the facts, grouped by its keys, its measures added up.
    const rewrite = async (shape: RollupShape | SnapshotShape, facts: string) => {
      const keys = shape.keys.map(KEY);
      await client.query(`DELETE FROM ${shape.table} WHERE month = $1`, [month]);
      await client.query(
        `INSERT INTO ${shape.table} (month, ${[...keys, ...shape.measures.map((m) => m.column)].join(', ')})
         SELECT $1::date, ${[...keys, ...shape.measures.map((m) => `${m.add}(${m.column})`)].join(', ')}
           FROM (${facts}) s
          GROUP BY ${keys.join(', ')}`,
        [month],
      );
    };
    for (const shape of ROLLUP_SHAPES) await rewrite(shape, shape.facts(range));
    // The snapshots at the month's end: the first instant of the next month.
    for (const shape of SNAPSHOT_SHAPES)
      await rewrite(shape, shape.facts(monthStartSql(`$1::date + interval '1 month'`)));
    await client.query(
      `INSERT INTO report_rollup_months (month, refreshed_at) VALUES ($1, now())
       ON CONFLICT (month) DO UPDATE SET refreshed_at = now()`,
      [month],
    );
    if (rows[0])
      await client.query('DELETE FROM report_dirty_months WHERE month = $1 AND version = $2', [
        month,
        rows[0].version,
      ]);
  });
}

/**
 * Recomputes up to `limit` dirty months that are over, oldest first; how many it did. The month under
 * way stays dirty until it ends: no report can read it whole before then (`rollupCover`), and
 * recomputing it at every change would cost the most where the history is busiest.
 */
export async function refreshDirtyMonths(pool: Pool, limit = 12): Promise<number> {
  const { rows } = await pool.query<{ month: string }>(
    `SELECT to_char(month, 'YYYY-MM-DD') AS month FROM report_dirty_months
      WHERE month < (date_trunc('month', now() AT TIME ZONE ${TZ}))::date
      ORDER BY month LIMIT $1`,
    [limit],
  );
  for (const { month } of rows) await refreshMonth(pool, month);
  return rows.length;
}

/** A month as its first day and its bounds in instants (Vietnam is UTC+7 all year). */
interface Month {
  readonly day: string;
  readonly start: number;
  readonly end: number;
}

const VN_OFFSET_MS = 7 * 3_600_000;

/** The whole months inside [start, end). */
function wholeMonths(start: number, end: number): Month[] {
  const months: Month[] = [];
  const local = new Date(start + VN_OFFSET_MS);
  let year = local.getUTCFullYear();
  let month = local.getUTCMonth();
  for (;;) {
    const from = Date.UTC(year, month, 1) - VN_OFFSET_MS;
    const to = Date.UTC(year + Math.floor((month + 1) / 12), (month + 1) % 12, 1) - VN_OFFSET_MS;
    if (from >= end) break;
    if (from >= start && to <= end)
      months.push({ day: `${year}-${String(month + 1).padStart(2, '0')}-01`, start: from, end: to });
    year += Math.floor((month + 1) / 12);
    month = (month + 1) % 12;
  }
  return months;
}

/** Where a report over [start, end) reads each instant from: the months the rollups cover, the rest. */
export interface RollupCover {
  /** Months (first days) read from the rollups. */
  readonly months: readonly string[];
  /** The intervals read from the facts. */
  readonly rest: readonly { readonly start: number; readonly end: number }[];
}

export async function rollupCover(pool: Pool, start: number, end: number): Promise<RollupCover> {
  const candidates = wholeMonths(start, end);
  let covered = new Set<string>();
  if (candidates.length > 0) {
    const { rows } = await pool.query<{ month: string }>(
      `SELECT to_char(m.month, 'YYYY-MM-DD') AS month FROM report_rollup_months m
        WHERE m.month = ANY($1::date[])
          AND NOT EXISTS (SELECT 1 FROM report_dirty_months x WHERE x.month = m.month)`,
      [candidates.map((m) => m.day)],
    );
    covered = new Set(rows.map((r) => r.month));
  }
  const rest: { start: number; end: number }[] = [];
  let cursor = start;
  for (const month of candidates.filter((m) => covered.has(m.day))) {
    if (month.start > cursor) rest.push({ start: cursor, end: month.start });
    cursor = month.end;
  }
  if (cursor < end) rest.push({ start: cursor, end });
  return { months: [...covered].sort(), rest };
}

/**
 * The shape's rows over the cover, as a derived table: the rollup's rows of the covered months (`at` the
 * month's first instant) and the facts' rows of the rest. Columns: `at`, the keys, the measures.
 */
export function rollupSource(shape: RollupShape, cover: RollupCover, sql: SqlParams): string {
  const parts: string[] = [];
  const columns = [...shape.keys.map(KEY), ...shape.measures.map((m) => m.column)];
  if (cover.months.length > 0)
    parts.push(
      `SELECT ${monthStartSql('r.month')} AS at, ${columns.map((c) => `r.${c}`).join(', ')}
         FROM ${shape.table} r WHERE r.month = ANY(${sql.p(cover.months)}::date[])`,
    );
  if (cover.rest.length > 0) {
    const range = (instant: string) =>
      `(${cover.rest
        .map(
          (r) =>
            `(${instant} >= ${sql.p(new Date(r.start).toISOString())}::timestamptz AND ${instant} < ${sql.p(new Date(r.end).toISOString())}::timestamptz)`,
        )
        .join(' OR ')})`;
    parts.push(`SELECT at, ${columns.join(', ')} FROM (${shape.facts(range)}) f`);
  }
  if (parts.length === 0)
    return `SELECT NULL::timestamptz AS at, ${columns.map((c) => `NULL AS ${c}`).join(', ')} WHERE false`;
  return parts.join('\nUNION ALL\n');
}

/**
 * The snapshot's rows at each bucket's instant, as a derived table with the bucket's number as `bucket`:
 * from the rollup where the instant ends a month the rollups cover, from the facts elsewhere (the
 * GiST index on the time in flight). Columns: `bucket`, the keys, the measures.
 */
export function snapshotSource(
  shape: SnapshotShape,
  instants: readonly { readonly bucket: number; readonly at: number }[],
  cover: RollupCover,
  sql: SqlParams,
): string {
  const columns = [...shape.keys.map(KEY), ...shape.measures.map((m) => m.column)];
  const covered = new Set(cover.months);
  const fromRollup: { bucket: number; month: string }[] = [];
  const fromFacts: { bucket: number; at: number }[] = [];
  for (const i of instants) {
    const month = monthEndingAt(i.at);
    if (month !== null && covered.has(month)) fromRollup.push({ bucket: i.bucket, month });
    else fromFacts.push(i);
  }
  const parts: string[] = [];
  if (fromRollup.length > 0)
    parts.push(
      `SELECT x.bucket, ${columns.map((c) => `r.${c}`).join(', ')}
         FROM unnest(${sql.p(fromRollup.map((r) => r.bucket))}::int[], ${sql.p(fromRollup.map((r) => r.month))}::date[])
              AS x(bucket, month)
         JOIN ${shape.table} r ON r.month = x.month`,
    );
  if (fromFacts.length > 0)
    parts.push(
      `SELECT x.bucket, f.* FROM unnest(${sql.p(fromFacts.map((r) => r.bucket))}::int[],
                                        ${sql.p(fromFacts.map((r) => new Date(r.at).toISOString()))}::timestamptz[])
              AS x(bucket, at)
         CROSS JOIN LATERAL (${shape.facts('x.at')}) f`,
    );
  if (parts.length === 0)
    return `SELECT NULL::int AS bucket, ${columns.map((c) => `NULL AS ${c}`).join(', ')} WHERE false`;
  return parts.join('\nUNION ALL\n');
}

/** The month (its first day) whose end is the instant, or null when the instant does not end a month. */
function monthEndingAt(instant: number): string | null {
  const local = new Date(instant + VN_OFFSET_MS);
  if (local.getUTCDate() !== 1 || instant % 3_600_000 !== 0 || local.getUTCHours() !== 0) return null;
  const previous = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  return `${previous.getUTCFullYear()}-${String(previous.getUTCMonth() + 1).padStart(2, '0')}-01`;
}

/** A histogram bucket as the reports read it: values counted, smallest, largest. */
export interface HistogramBucket {
  readonly bucket: number;
  readonly n: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The percentile `p` (0–1) of the values a histogram holds, interpolated linearly between the two
 * nearest ranks as PostgreSQL's `percentile_cont` does. A value at a rank is exact when it is its
 * bucket's smallest or largest (or alone in it); between them it is placed evenly by rank.
 */
export function histogramPercentile(buckets: readonly HistogramBucket[], p: number): number | null {
  const sorted = [...buckets].filter((b) => b.n > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((n, b) => n + b.n, 0);
  if (total === 0) return null;
  const at = (rank: number): number => {
    let seen = 0;
    for (const b of sorted) {
      if (rank < seen + b.n) {
        const j = rank - seen;
        return b.n === 1 ? b.min : b.min + ((b.max - b.min) * j) / (b.n - 1);
      }
      seen += b.n;
    }
    return sorted[sorted.length - 1]!.max;
  };
  const rank = p * (total - 1);
  const low = Math.floor(rank);
  const lowValue = at(low);
  return rank === low ? lowValue : lowValue + (rank - low) * (at(low + 1) - lowValue);
}

/** Parses `array_agg(ARRAY[bucket, n, min, max])` as the reports select it. */
export function histogramOf(rows: readonly (readonly (string | number)[])[] | null): HistogramBucket[] {
  return (rows ?? []).map(([bucket, n, min, max]) => ({
    bucket: Number(bucket),
    n: Number(n),
    min: Number(min),
    max: Number(max),
  }));
}

import type { ProblemDetail } from '@lien-thong/contracts';
import { reportError } from '../reports.errors';

export const REPORT_DIMENSIONS = ['unit', 'agency', 'procedure', 'field', 'channel'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
export const REPORT_TIME_GRAINS = ['month', 'quarter', 'year'] as const;
export type ReportTimeGrain = (typeof REPORT_TIME_GRAINS)[number];
export type ReportGrouping = ReportDimension | ReportTimeGrain;

const CHANNELS = ['counter', 'post', 'online', 'national-portal', 'other'];
const MAX_YEARS = 5;
const VN_OFFSET_MS = 7 * 3_600_000;

/** The period and filters of a report, checked. Days are Vietnam calendar days (UTC+7). */
export interface ReportQuery {
  /** `YYYY-MM-DD`, inclusive. */
  readonly from: string;
  /** `YYYY-MM-DD`, inclusive. */
  readonly to: string;
  readonly filters: {
    readonly unit?: readonly string[];
    readonly agency?: readonly string[];
    readonly procedure?: readonly string[];
    readonly field?: readonly string[];
    readonly channel?: readonly string[];
  };
  readonly groupBy: readonly ReportDimension[];
  readonly timeGrain: ReportTimeGrain | null;
  /** Paging of a report that lists dossiers (`limit` 1–1000, default 100; `offset`). */
  readonly page: { readonly limit: number; readonly offset: number };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The instant a Vietnam calendar day begins. */
export function vietnamDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00+07:00`);
}

/** `YYYY-MM-DD` of the Vietnam day after `day`. */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The period `[from 00:00, the day after to 00:00)` in Vietnam time, as instants. */
export function periodBounds(q: Pick<ReportQuery, 'from' | 'to'>): { start: number; end: number } {
  return { start: vietnamDayStart(q.from), end: vietnamDayStart(nextDay(q.to)) };
}

/**
 * Reads the report's query parameters (`from`, `to`, `unit`, `agency`, `procedure`, `field`, `channel`,
 * `groupBy`): every problem at once, 400 `REPORT_QUERY_INVALID` naming each parameter.
 */
export function parseReportQuery(
  q: Record<string, string | undefined>,
  options: { readonly paged?: boolean; readonly grouped?: boolean } = {},
): ReportQuery {
  const problems: ProblemDetail[] = [];
  const known = [
    'from',
    'to',
    'unit',
    'agency',
    'procedure',
    'field',
    'channel',
    ...(options.grouped === false ? [] : ['groupBy']),
    ...(options.paged ? ['limit', 'offset'] : []),
  ];
  for (const key of Object.keys(q))
    if (!known.includes(key))
      problems.push({
        path: key,
        code: 'UNKNOWN',
        message: `not a report parameter (known: ${known.join(', ')})`,
      });
  const day = (name: 'from' | 'to') => {
    const value = q[name];
    if (value === undefined || value === '')
      problems.push({ path: name, code: 'REQUIRED', message: 'a day, YYYY-MM-DD (Vietnam time)' });
    else if (!validDay(value))
      problems.push({ path: name, code: 'FORMAT', message: `not a day: "${value}" (YYYY-MM-DD)` });
    return value ?? '';
  };
  const from = day('from');
  const to = day('to');
  if (validDay(from) && validDay(to)) {
    if (to < from) problems.push({ path: 'to', code: 'RANGE', message: 'before from' });
    const limit = `${Number(from.slice(0, 4)) + MAX_YEARS}${from.slice(4)}`;
    if (to >= limit)
      problems.push({
        path: 'to',
        code: 'RANGE',
        message: `a period of at most ${MAX_YEARS} years (to before ${limit})`,
      });
  }
  const list = (name: keyof ReportQuery['filters']) => {
    const value = q[name];
    if (value === undefined || value === '') return undefined;
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return items.length > 0 ? items : undefined;
  };
  const channel = list('channel');
  for (const c of channel ?? [])
    if (!CHANNELS.includes(c))
      problems.push({
        path: 'channel',
        code: 'ENUM',
        message: `"${c}" is not one of ${CHANNELS.join(', ')}`,
      });
  const groupBy: ReportDimension[] = [];
  let timeGrain: ReportTimeGrain | null = null;
  for (const g of (q.groupBy ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    if ((REPORT_DIMENSIONS as readonly string[]).includes(g)) {
      if (!groupBy.includes(g as ReportDimension)) groupBy.push(g as ReportDimension);
    } else if ((REPORT_TIME_GRAINS as readonly string[]).includes(g)) {
      if (timeGrain !== null && timeGrain !== g)
        problems.push({
          path: 'groupBy',
          code: 'CONFLICT',
          message: `one of month, quarter, year, not both ${timeGrain} and ${g}`,
        });
      timeGrain = g as ReportTimeGrain;
    } else
      problems.push({
        path: 'groupBy',
        code: 'ENUM',
        message: `"${g}" is not a grouping (${[...REPORT_DIMENSIONS, ...REPORT_TIME_GRAINS].join(', ')})`,
      });
  }
  const whole = (name: 'limit' | 'offset', fallback: number, min: number, max: number): number => {
    const value = q[name];
    if (value === undefined || value === '') return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push({ path: name, code: 'RANGE', message: `a whole number from ${min} to ${max}` });
      return fallback;
    }
    return Number(value);
  };
  const page = { limit: whole('limit', 100, 1, 1000), offset: whole('offset', 0, 0, 10_000_000) };
  if (problems.length > 0)
    throw reportError(
      'REPORT_QUERY_INVALID',
      `The report cannot be made: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      'Tham số báo cáo không hợp lệ',
      problems,
    );
  const filters: { -readonly [K in keyof ReportQuery['filters']]: ReportQuery['filters'][K] } = {};
  for (const name of ['unit', 'agency', 'procedure', 'field'] as const) {
    const items = list(name);
    if (items) filters[name] = items;
  }
  if (channel) filters.channel = channel;
  return { from, to, filters, groupBy, timeGrain, page };
}

/** A sub-period of the report: a month, a quarter or a year (cut to the period), or the whole period. */
export interface ReportBucket {
  /** `2026-03`, `2026-Q1`, `2026`; null for the whole period. */
  readonly key: string | null;
  readonly start: number;
  readonly end: number;
}

/** The buckets of the period for the time grain (the whole period when none). */
export function reportBuckets(q: Pick<ReportQuery, 'from' | 'to' | 'timeGrain'>): ReportBucket[] {
  const { start, end } = periodBounds(q);
  if (q.timeGrain === null) return [{ key: null, start, end }];
  const months = q.timeGrain === 'month' ? 1 : q.timeGrain === 'quarter' ? 3 : 12;
  const buckets: ReportBucket[] = [];
  let year = Number(q.from.slice(0, 4));
  let month = Number(q.from.slice(5, 7)) - 1;
  month -= month % months;
  for (;;) {
    const bucketStart = Date.UTC(year, month, 1) - VN_OFFSET_MS;
    if (bucketStart >= end) break;
    const nextMonth = month + months;
    const bucketEnd = Date.UTC(year + Math.floor(nextMonth / 12), nextMonth % 12, 1) - VN_OFFSET_MS;
    const key =
      q.timeGrain === 'year'
        ? String(year)
        : q.timeGrain === 'quarter'
          ? `${year}-Q${month / 3 + 1}`
          : `${year}-${String(month + 1).padStart(2, '0')}`;
    buckets.push({ key, start: Math.max(start, bucketStart), end: Math.min(end, bucketEnd) });
    year += Math.floor(nextMonth / 12);
    month = nextMonth % 12;
  }
  return buckets;
}

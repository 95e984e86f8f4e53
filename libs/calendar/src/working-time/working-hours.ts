import { isClock, parseClock } from '../local-date';
import type { CalendarProblem, ParseResult } from '../holidays/calendar-year';

/** Local `HH:MM` start and end of a period of a day. */
export type ClockRange = readonly [string, string];

/**
 * A unit's hours. Counting hours are the periods whose time counts towards deadlines (one working day
 * is their sum: 8 h by default). Reception hours, when given, are when the desk receives dossiers; they
 * can differ (a desk open on Saturday mornings) without changing what counts.
 */
export interface WorkingHoursConfig {
  /** Counting hours of every working day, e.g. [['07:30', '11:30'], ['13:00', '17:00']]. */
  readonly segments: readonly ClockRange[];
  /**
   * The reception cut-off (15:00 by default): a dossier received at the counter at or after it is
   * transferred when the next working day opens, and a same-day procedure's result moves to the next
   * working day (Decree 118/2025, art. 18 (3)).
   */
  readonly receptionCutoff: string;
  /**
   * Whether the cut-off also moves the receipt day for counting the statutory limit (a provincial
   * choice). Default false: the limit counts from the working day after the day of receipt (Civil Code
   * art. 147 (1)), whatever the hour; true: a receipt at or after the cut-off counts as received on the
   * next working day, and counting starts on the working day after that.
   */
  readonly cutoffMovesReceipt?: boolean;
  readonly reception?: {
    /** Reception hours on working days (default: the counting hours). */
    readonly workingDays?: readonly ClockRange[];
    /** Reception hours on ordinary Saturdays (default: closed). */
    readonly saturdays?: readonly ClockRange[];
  };
}

/** The usual hours of Vietnamese state agencies in Asia/Ho_Chi_Minh, with the 15:00 cut-off. */
export const DEFAULT_WORKING_HOURS: WorkingHoursConfig = {
  segments: [
    ['07:30', '11:30'],
    ['13:00', '17:00'],
  ],
  receptionCutoff: '15:00',
};

/** Minutes after midnight, sorted. */
export interface Period {
  readonly start: number;
  readonly end: number;
}

function parseRanges(value: unknown, path: string, problems: CalendarProblem[], required: boolean): Period[] {
  if (!Array.isArray(value) || (required && value.length === 0)) {
    problems.push({
      path,
      message: `must be ${required ? 'a non-empty' : 'an'} array of ["HH:MM", "HH:MM"]`,
    });
    return [];
  }
  const periods: Period[] = [];
  value.forEach((range: unknown, i) => {
    if (!Array.isArray(range) || range.length !== 2 || !isClock(range[0]) || !isClock(range[1])) {
      problems.push({ path: `${path}[${i}]`, message: 'must be ["HH:MM", "HH:MM"] (00:00 to 24:00)' });
      return;
    }
    const period = { start: parseClock(range[0]), end: parseClock(range[1]) };
    if (period.end <= period.start)
      problems.push({ path: `${path}[${i}]`, message: 'must end after it starts' });
    else periods.push(period);
  });
  periods.sort((a, b) => a.start - b.start);
  periods.forEach((p, i) => {
    const next = periods[i + 1];
    if (next && next.start < p.end) problems.push({ path, message: 'periods must not overlap' });
  });
  return periods;
}

/** Validates a unit's hours (e.g. from an agency's settings) and lists every problem with its path. */
export function parseWorkingHours(input: unknown): ParseResult<WorkingHoursConfig> {
  const problems: CalendarProblem[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, problems: [{ path: '', message: 'must be a JSON object' }] };
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o))
    if (!['segments', 'receptionCutoff', 'reception', 'cutoffMovesReceipt'].includes(key))
      problems.push({ path: key, message: 'unknown field' });
  parseRanges(o.segments, 'segments', problems, true);
  if (!isClock(o.receptionCutoff))
    problems.push({ path: 'receptionCutoff', message: 'must be a time of day, HH:MM' });
  if (o.cutoffMovesReceipt !== undefined && typeof o.cutoffMovesReceipt !== 'boolean')
    problems.push({ path: 'cutoffMovesReceipt', message: 'must be true or false' });
  if (o.reception !== undefined) {
    if (typeof o.reception !== 'object' || o.reception === null || Array.isArray(o.reception)) {
      problems.push({ path: 'reception', message: 'must be an object { workingDays?, saturdays? }' });
    } else {
      const r = o.reception as Record<string, unknown>;
      for (const key of Object.keys(r))
        if (key !== 'workingDays' && key !== 'saturdays')
          problems.push({ path: `reception.${key}`, message: 'unknown field' });
      if (r.workingDays !== undefined) parseRanges(r.workingDays, 'reception.workingDays', problems, false);
      if (r.saturdays !== undefined) parseRanges(r.saturdays, 'reception.saturdays', problems, false);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: input as WorkingHoursConfig };
}

const toPeriods = (ranges: readonly ClockRange[]): Period[] =>
  ranges
    .map(([from, to]) => ({ start: parseClock(from), end: parseClock(to) }))
    .sort((a, b) => a.start - b.start);

/** The periods of a configuration, in minutes; throws on an invalid one, listing every problem. */
export function periodsOf(config: WorkingHoursConfig): {
  counting: Period[];
  cutoff: number;
  receptionWorkingDays: Period[];
  receptionSaturdays: Period[];
} {
  const parsed = parseWorkingHours(config);
  if (!parsed.ok)
    throw new RangeError(
      `Invalid working hours: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    );
  const counting = toPeriods(config.segments);
  return {
    counting,
    cutoff: parseClock(config.receptionCutoff),
    receptionWorkingDays: config.reception?.workingDays ? toPeriods(config.reception.workingDays) : counting,
    receptionSaturdays: toPeriods(config.reception?.saturdays ?? []),
  };
}

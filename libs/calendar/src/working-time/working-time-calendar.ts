import {
  addDays,
  DAY_MS,
  localDateOf,
  parseClock,
  startOfLocalDay,
  weekdayOf,
  type LocalDate,
} from '../local-date';
import type { WorkingDayCalendar } from '../holidays/working-day-calendar';

/** A step's or a procedure's time budget. `workingSeconds` exists for tests on the always-open calendar. */
export interface TimeBudget {
  readonly unit: 'workingDays' | 'workingHours' | 'workingSeconds';
  /** Fractions allowed: 0.5 working day is half a working day's hours. */
  readonly amount: number;
}

/** An interval [from, to) of instants (epoch ms) that does not count: a supplement pause, an excluded phase. */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

/**
 * - `civil-code`: the day of the triggering event is not counted; counting starts when the next working
 *   day opens, and a whole number of days ends when its last working day closes (Bộ luật Dân sự).
 * - `from-instant`: counting starts at the instant itself (working hours, same-day procedures).
 */
export type CountingRule = 'civil-code' | 'from-instant';

export interface WorkingHoursConfig {
  /** Counting hours, local time, e.g. [['07:30','11:30'], ['13:00','17:00']]. */
  readonly segments: readonly (readonly [string, string])[];
  /** Dossiers received at or after this local time count as received the next working day. */
  readonly receptionCutoff: string;
  /**
   * When the desk receives dossiers, if not during the counting hours: e.g. also on Saturday mornings.
   * Reception on a day that is not a working day does not start the clock before the next working day.
   */
  readonly reception?: {
    readonly workingDays?: readonly (readonly [string, string])[];
    readonly saturdays?: readonly (readonly [string, string])[];
  };
}

export const DEFAULT_WORKING_HOURS: WorkingHoursConfig = {
  segments: [
    ['07:30', '11:30'],
    ['13:00', '17:00'],
  ],
  receptionCutoff: '15:00',
};

export interface DeadlineOptions {
  readonly countingRule?: CountingRule;
  /** Intervals that do not count (pauses, excluded phases); the deadline moves by the working time they cover. */
  readonly exclusions?: readonly Interval[];
}

/** Deadline arithmetic over working time. Pure and deterministic: safe inside Temporal workflows. */
export interface WorkingTimeCalendar {
  /** Milliseconds of working time in one working day (8 h by default; 24 h always-open). */
  readonly workingDayMs: number;
  budgetMs(budget: TimeBudget): number;
  isWorkingInstant(instant: number): boolean;
  /** Working time between two instants, less the exclusions. */
  workingTimeBetween(from: number, to: number, exclusions?: readonly Interval[]): number;
  /** The instant at which `amountMs` of working time has elapsed after `from`, skipping exclusions. */
  addWorkingTime(from: number, amountMs: number, exclusions?: readonly Interval[]): number;
  /** When counting starts for an event at `instant` under a rule. */
  countingStart(instant: number, rule: CountingRule): number;
  /** The deadline of a budget started by an event at `start`. */
  deadline(start: number, budget: TimeBudget, options?: DeadlineOptions): number;
  /** The instant a dossier received at `receivedAt` counts as received (reception cut-off, closed days). */
  effectiveReceipt(receivedAt: number): number;
  /** The close of the working day on which `instant` falls, or of the next working day if it is closed. */
  endOfWorkingDay(instant: number): number;
  /** Whether the desk receives dossiers at `instant` (reception hours, which can differ from counting hours). */
  isReceptionOpen(instant: number): boolean;
}

const MAX_DAYS_SCANNED = 366 * 30;

/** The Vietnamese working-time calendar: working days from a WorkingDayCalendar, counting hours per unit. */
export class VietnameseWorkingTimeCalendar implements WorkingTimeCalendar {
  private readonly segments: readonly { start: number; end: number }[];
  private readonly cutoffMinutes: number;
  private readonly receptionWorkingDays: readonly { start: number; end: number }[];
  private readonly receptionSaturdays: readonly { start: number; end: number }[];
  readonly workingDayMs: number;

  constructor(
    private readonly days: WorkingDayCalendar,
    hours: WorkingHoursConfig = DEFAULT_WORKING_HOURS,
  ) {
    this.segments = hours.segments
      .map(([s, e]) => ({ start: parseClock(s) * 60_000, end: parseClock(e) * 60_000 }))
      .sort((a, b) => a.start - b.start);
    for (const [i, seg] of this.segments.entries()) {
      if (seg.end <= seg.start) throw new Error(`Working-hours segment ${i} ends before it starts`);
      const next = this.segments[i + 1];
      if (next && next.start < seg.end) throw new Error('Working-hours segments overlap');
    }
    this.cutoffMinutes = parseClock(hours.receptionCutoff);
    const toMs = (segments: readonly (readonly [string, string])[]) =>
      segments.map(([a, b]) => ({ start: parseClock(a) * 60_000, end: parseClock(b) * 60_000 }));
    this.receptionWorkingDays = hours.reception?.workingDays
      ? toMs(hours.reception.workingDays)
      : this.segments;
    this.receptionSaturdays = hours.reception?.saturdays ? toMs(hours.reception.saturdays) : [];
    this.workingDayMs = this.segments.reduce((sum, s) => sum + (s.end - s.start), 0);
  }

  budgetMs(budget: TimeBudget): number {
    if (!(budget.amount >= 0) || !Number.isFinite(budget.amount))
      throw new Error(`Invalid budget amount ${budget.amount}`);
    switch (budget.unit) {
      case 'workingDays':
        return Math.round(budget.amount * this.workingDayMs);
      case 'workingHours':
        return Math.round(budget.amount * 3_600_000);
      case 'workingSeconds':
        return Math.round(budget.amount * 1_000);
    }
  }

  isWorkingInstant(instant: number): boolean {
    const date = localDateOf(instant);
    if (!this.days.isWorkingDay(date)) return false;
    const t = instant - startOfLocalDay(date);
    return this.segments.some((s) => t >= s.start && t < s.end);
  }

  workingTimeBetween(from: number, to: number, exclusions: readonly Interval[] = []): number {
    if (to <= from) return 0;
    const excluded = mergeIntervals(exclusions);
    let total = 0;
    for (
      let date = localDateOf(from), n = 0;
      startOfLocalDay(date) < to && n < MAX_DAYS_SCANNED;
      date = addDays(date, 1), n += 1
    ) {
      for (const piece of this.workingPieces(date, excluded)) {
        total += Math.max(0, Math.min(piece.to, to) - Math.max(piece.from, from));
      }
    }
    return total;
  }

  addWorkingTime(from: number, amountMs: number, exclusions: readonly Interval[] = []): number {
    if (amountMs <= 0) return from;
    const excluded = mergeIntervals(exclusions);
    let remaining = amountMs;
    for (let date = localDateOf(from), n = 0; n < MAX_DAYS_SCANNED; date = addDays(date, 1), n += 1) {
      for (const piece of this.workingPieces(date, excluded)) {
        const start = Math.max(piece.from, from);
        if (start >= piece.to) continue;
        const available = piece.to - start;
        if (available >= remaining) return start + remaining;
        remaining -= available;
      }
    }
    throw new Error(`No working time found within ${MAX_DAYS_SCANNED} days: is every day closed?`);
  }

  countingStart(instant: number, rule: CountingRule): number {
    if (rule === 'from-instant') return instant;
    return this.openingOfNextWorkingDay(localDateOf(instant));
  }

  deadline(start: number, budget: TimeBudget, options: DeadlineOptions = {}): number {
    const from = this.countingStart(start, options.countingRule ?? 'civil-code');
    return this.addWorkingTime(from, this.budgetMs(budget), options.exclusions);
  }

  effectiveReceipt(receivedAt: number): number {
    const date = localDateOf(receivedAt);
    const minutes = (receivedAt - startOfLocalDay(date)) / 60_000;
    if (this.days.isWorkingDay(date) && minutes < this.cutoffMinutes) return receivedAt;
    return this.openingOfNextWorkingDay(date);
  }

  endOfWorkingDay(instant: number): number {
    let date = localDateOf(instant);
    for (let n = 0; n < MAX_DAYS_SCANNED; n += 1, date = addDays(date, 1)) {
      if (!this.days.isWorkingDay(date)) continue;
      const close = startOfLocalDay(date) + this.segments[this.segments.length - 1]!.end;
      if (close > instant) return close;
    }
    throw new Error('No working day found');
  }

  isReceptionOpen(instant: number): boolean {
    const date = localDateOf(instant);
    const t = instant - startOfLocalDay(date);
    const within = (segments: readonly { start: number; end: number }[]) =>
      segments.some((s) => t >= s.start && t < s.end);
    if (this.days.isWorkingDay(date)) return within(this.receptionWorkingDays);
    // A Saturday desk opens on ordinary Saturdays, not on public holidays.
    const info = this.days.day(date);
    return weekdayOf(date) === 6 && info.basis === 'weekend' && within(this.receptionSaturdays);
  }

  private openingOfNextWorkingDay(after: LocalDate): number {
    let date = addDays(after, 1);
    for (let n = 0; n < MAX_DAYS_SCANNED; n += 1, date = addDays(date, 1)) {
      if (this.days.isWorkingDay(date)) return startOfLocalDay(date) + this.segments[0]!.start;
    }
    throw new Error('No working day found');
  }

  /** The day's working segments as instants, less the exclusions. */
  private workingPieces(date: LocalDate, excluded: readonly Interval[]): Interval[] {
    if (!this.days.isWorkingDay(date)) return [];
    const midnight = startOfLocalDay(date);
    const pieces: Interval[] = [];
    for (const seg of this.segments) {
      pieces.push(...subtract({ from: midnight + seg.start, to: midnight + seg.end }, excluded));
    }
    return pieces;
  }
}

/**
 * Every instant is working time and there are no holidays: for workflow tests with budgets of seconds
 * (there is no time-skipping Temporal server here). A working day is 24 h.
 */
export class AlwaysOpenCalendar implements WorkingTimeCalendar {
  readonly workingDayMs = DAY_MS;

  budgetMs(budget: TimeBudget): number {
    switch (budget.unit) {
      case 'workingDays':
        return Math.round(budget.amount * DAY_MS);
      case 'workingHours':
        return Math.round(budget.amount * 3_600_000);
      case 'workingSeconds':
        return Math.round(budget.amount * 1_000);
    }
  }

  isWorkingInstant(): boolean {
    return true;
  }

  workingTimeBetween(from: number, to: number, exclusions: readonly Interval[] = []): number {
    if (to <= from) return 0;
    return subtract({ from, to }, mergeIntervals(exclusions)).reduce((sum, p) => sum + (p.to - p.from), 0);
  }

  addWorkingTime(from: number, amountMs: number, exclusions: readonly Interval[] = []): number {
    let end = from + amountMs;
    // Each exclusion that starts before the running end pushes the end by the part of it still ahead.
    for (const ex of mergeIntervals(exclusions)) {
      if (ex.to <= from || ex.from >= end) continue;
      end += ex.to - Math.max(ex.from, from);
    }
    return end;
  }

  countingStart(instant: number): number {
    return instant;
  }

  deadline(start: number, budget: TimeBudget, options: DeadlineOptions = {}): number {
    return this.addWorkingTime(start, this.budgetMs(budget), options.exclusions);
  }

  effectiveReceipt(receivedAt: number): number {
    return receivedAt;
  }

  endOfWorkingDay(instant: number): number {
    return startOfLocalDay(localDateOf(instant)) + DAY_MS;
  }

  isReceptionOpen(): boolean {
    return true;
  }
}

export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && i.from <= last.to)
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, i.to) };
    else merged.push({ ...i });
  }
  return merged;
}

function subtract(piece: Interval, excluded: readonly Interval[]): Interval[] {
  let parts: Interval[] = [piece];
  for (const ex of excluded) {
    if (ex.to <= piece.from || ex.from >= piece.to) continue;
    parts = parts.flatMap((p) => {
      if (ex.to <= p.from || ex.from >= p.to) return [p];
      const out: Interval[] = [];
      if (ex.from > p.from) out.push({ from: p.from, to: ex.from });
      if (ex.to < p.to) out.push({ from: ex.to, to: p.to });
      return out;
    });
  }
  return parts;
}

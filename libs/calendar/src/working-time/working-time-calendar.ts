import {
  DAY_MS,
  dayNumberOf,
  fromDayNumber,
  midnightOf,
  weekdayOfDayNumber,
  type DayNumber,
} from '../local-date';
import type { WorkingDayCalendar } from '../holidays/working-day-calendar';
import { mergeIntervals, subtractIntervals, type Interval } from './intervals';
import { DEFAULT_WORKING_HOURS, periodsOf, type Period, type WorkingHoursConfig } from './working-hours';

/**
 * A time budget: of a procedure (its statutory limit) or of one step. Fractions are allowed: a working
 * day is the unit's counting hours (8 h by default), so 0.5 working day is 4 working hours.
 * `workingSeconds` is for test procedures on the always-open calendar.
 */
export interface TimeBudget {
  readonly unit: 'workingDays' | 'workingHours' | 'workingSeconds';
  readonly amount: number;
}

/** A budget, or "within the day" (trong ngày): due when the working day on which counting starts closes. */
export type TimeLimit = TimeBudget | { readonly unit: 'sameDay' };

/**
 * When counting starts for an event (a receipt, a handoff):
 * - `civil-code` (Bộ luật Dân sự 2015, Art. 147-148): the day of the event is not counted; counting
 *   starts when the next working day opens, so N working days end when the N-th working day after the
 *   event's day closes (17:00 by default);
 * - `from-instant`: counting starts at the event itself (budgets in hours, short steps).
 */
export type CountingRule = 'civil-code' | 'from-instant';

export interface DeadlineOptions {
  /** Default `civil-code`. */
  readonly countingRule?: CountingRule;
  /**
   * Intervals that do not count: supplement pauses, excluded phases (an applicant paying land tax).
   * The deadline moves by exactly the working time they cover; they may overlap and be open-ended
   * only by being given a far end.
   */
  readonly exclusions?: readonly Interval[];
}

/** Deadline arithmetic over working time. Instants are epoch milliseconds. Pure and deterministic. */
export interface WorkingTimeCalendar {
  /** Milliseconds of working time in one working day (8 h by default; 24 h on the always-open calendar). */
  readonly workingDayMs: number;
  /** The working time a budget stands for. */
  budgetMs(budget: TimeBudget): number;
  isWorkingInstant(instant: number): boolean;
  /** Working time in [from, to), less the exclusions; 0 when `to` is not after `from`. */
  workingTimeBetween(from: number, to: number, exclusions?: readonly Interval[]): number;
  /**
   * The earliest instant by which `amountMs` of working time has elapsed since `from`, skipping the
   * exclusions. A budget used up exactly at a closing time is due at that closing time (17:00), not at
   * the next opening.
   */
  addWorkingTime(from: number, amountMs: number, exclusions?: readonly Interval[]): number;
  /** When counting starts for an event at `instant` under a rule. */
  countingStart(instant: number, rule: CountingRule): number;
  /** The due instant of a limit started by an event at `start`. */
  deadline(start: number, limit: TimeLimit, options?: DeadlineOptions): number;
  /**
   * When a dossier received at `receivedAt` counts as received: at once on a working day before the
   * cut-off; otherwise when the next working day opens (after the cut-off, on a closed day, or on a
   * Saturday the desk receives but that is not a working day). `applyCutoff: false` ignores the cut-off.
   */
  effectiveReceipt(receivedAt: number, options?: { readonly applyCutoff?: boolean }): number;
  /**
   * When the statutory limit of a dossier received at `receivedAt` starts counting. `civil-code`: at the
   * opening of the first working day after the day of receipt (the day of the event is not counted,
   * Civil Code art. 147 (1)); a receipt on a closed day (a Saturday desk, a night online filing) so counts
   * from the next working day, never skipping it too. With the unit's `cutoffMovesReceipt`, a receipt
   * at or after the cut-off counts as received on the next working day first. `from-instant` (budgets
   * in hours): at the receipt itself when it falls in working time before the cut-off (the cut-off only
   * when it moves the receipt), else when the next working day opens.
   */
  statutoryStart(receivedAt: number, rule: CountingRule): number;
  /**
   * By when a dossier received at the counter (or by post) at `receivedAt` must be transferred: the end
   * of that working day when received before the cut-off, else the opening of the next working day
   * (Decree 118/2025, art. 18 (3)).
   */
  transferDueBy(receivedAt: number): number;
  /** The close of the working day `instant` falls in, or of the next working day if it is closed then. */
  endOfWorkingDay(instant: number): number;
  /** Whether the desk receives dossiers at `instant` (reception hours can differ from counting hours). */
  isReceptionOpen(instant: number): boolean;
}

const MINUTE_MS = 60_000;
/** Thirty years without a working day means a broken calendar, not a long wait. */
const MAX_DAYS_SCANNED = 366 * 30;

export function budgetToMs(budget: TimeBudget, workingDayMs: number): number {
  if (!Number.isFinite(budget.amount) || budget.amount < 0)
    throw new RangeError(`A budget is a finite amount of at least 0, not ${budget.amount}`);
  switch (budget.unit) {
    case 'workingDays':
      return Math.round(budget.amount * workingDayMs);
    case 'workingHours':
      return Math.round(budget.amount * 3_600_000);
    case 'workingSeconds':
      return Math.round(budget.amount * 1_000);
    default:
      throw new RangeError(`Unknown budget unit ${String((budget as { unit: unknown }).unit)}`);
  }
}

/**
 * The Vietnamese working-time calendar of one unit: working days from a WorkingDayCalendar (weekends,
 * holidays, swapped days), counting hours and reception hours from the unit's configuration, all in
 * Vietnamese local time (UTC+7). Arithmetic walks day by day and segment by segment (a few dozen steps
 * for 30 working days), never minute by minute.
 */
export class VietnameseWorkingTimeCalendar implements WorkingTimeCalendar {
  readonly workingDayMs: number;
  private readonly segments: readonly Period[];
  private readonly cutoffMs: number;
  private readonly cutoffMovesReceipt: boolean;
  private readonly receptionWorkingDays: readonly Period[];
  private readonly receptionSaturdays: readonly Period[];

  constructor(
    private readonly days: WorkingDayCalendar,
    hours: WorkingHoursConfig = DEFAULT_WORKING_HOURS,
  ) {
    const periods = periodsOf(hours);
    const toMs = (p: Period): Period => ({ start: p.start * MINUTE_MS, end: p.end * MINUTE_MS });
    this.segments = periods.counting.map(toMs);
    this.cutoffMs = periods.cutoff * MINUTE_MS;
    this.cutoffMovesReceipt = hours.cutoffMovesReceipt === true;
    this.receptionWorkingDays = periods.receptionWorkingDays.map(toMs);
    this.receptionSaturdays = periods.receptionSaturdays.map(toMs);
    this.workingDayMs = this.segments.reduce((sum, s) => sum + (s.end - s.start), 0);
  }

  budgetMs(budget: TimeBudget): number {
    return budgetToMs(budget, this.workingDayMs);
  }

  isWorkingInstant(instant: number): boolean {
    const day = dayNumberOf(instant);
    if (!this.days.isWorkingDayNumber(day)) return false;
    const t = instant - midnightOf(day);
    return this.segments.some((s) => t >= s.start && t < s.end);
  }

  workingTimeBetween(from: number, to: number, exclusions: readonly Interval[] = []): number {
    if (!(to > from)) return 0;
    const excluded = mergeIntervals(exclusions);
    let total = 0;
    const last = dayNumberOf(to);
    for (let day = dayNumberOf(from); day <= last; day += 1) {
      if (!this.days.isWorkingDayNumber(day)) continue;
      const midnight = midnightOf(day);
      for (const seg of this.segments) {
        const start = Math.max(midnight + seg.start, from);
        const end = Math.min(midnight + seg.end, to);
        if (end <= start) continue;
        for (const piece of subtractIntervals({ from: start, to: end }, excluded))
          total += piece.to - piece.from;
      }
    }
    return total;
  }

  addWorkingTime(from: number, amountMs: number, exclusions: readonly Interval[] = []): number {
    if (!Number.isFinite(amountMs) || amountMs < 0)
      throw new RangeError(`Not an amount of time: ${amountMs}`);
    if (amountMs === 0) return from;
    const excluded = mergeIntervals(exclusions);
    let remaining = amountMs;
    const first = dayNumberOf(from);
    for (let day = first; day < first + MAX_DAYS_SCANNED; day += 1) {
      if (!this.days.isWorkingDayNumber(day)) continue;
      const midnight = midnightOf(day);
      // Whole untouched days are the common case of a long budget: take them in one step.
      if (
        midnight >= from &&
        remaining > this.workingDayMs &&
        !overlaps(excluded, midnight, midnight + DAY_MS)
      ) {
        remaining -= this.workingDayMs;
        continue;
      }
      for (const seg of this.segments) {
        const start = Math.max(midnight + seg.start, from);
        const end = midnight + seg.end;
        if (end <= start) continue;
        for (const piece of subtractIntervals({ from: start, to: end }, excluded)) {
          const available = piece.to - piece.from;
          if (available >= remaining) return piece.from + remaining;
          remaining -= available;
        }
      }
    }
    throw new RangeError(`No working time found within ${MAX_DAYS_SCANNED} days: is every day closed?`);
  }

  countingStart(instant: number, rule: CountingRule): number {
    return rule === 'from-instant' ? instant : this.openingOfNextWorkingDay(dayNumberOf(instant));
  }

  deadline(start: number, limit: TimeLimit, options: DeadlineOptions = {}): number {
    if (limit.unit === 'sameDay') {
      // What is left of the day (of the next working day when closed), moved by any pause within it.
      const rest = this.workingTimeBetween(start, this.endOfWorkingDay(start));
      return this.addWorkingTime(start, rest, options.exclusions);
    }
    const from = this.countingStart(start, options.countingRule ?? 'civil-code');
    return this.addWorkingTime(from, this.budgetMs(limit), options.exclusions);
  }

  effectiveReceipt(receivedAt: number, options: { readonly applyCutoff?: boolean } = {}): number {
    const day = dayNumberOf(receivedAt);
    const beforeCutoff = options.applyCutoff === false || receivedAt - midnightOf(day) < this.cutoffMs;
    if (this.days.isWorkingDayNumber(day) && beforeCutoff) return receivedAt;
    return this.openingOfNextWorkingDay(day);
  }

  statutoryStart(receivedAt: number, rule: CountingRule): number {
    const day = dayNumberOf(receivedAt);
    const afterCutoff = receivedAt - midnightOf(day) >= this.cutoffMs;
    const movedToNextDay = this.cutoffMovesReceipt && this.days.isWorkingDayNumber(day) && afterCutoff;
    if (rule === 'from-instant')
      return movedToNextDay ? this.openingOfNextWorkingDay(day) : this.nextWorkingInstant(receivedAt);
    const receiptDay = movedToNextDay ? this.nextWorkingDayAfter(day) : day;
    return this.openingOfNextWorkingDay(receiptDay);
  }

  transferDueBy(receivedAt: number): number {
    const effective = this.effectiveReceipt(receivedAt);
    return effective === receivedAt ? this.endOfWorkingDay(receivedAt) : effective;
  }

  endOfWorkingDay(instant: number): number {
    const first = dayNumberOf(instant);
    const close = this.segments[this.segments.length - 1]!.end;
    for (let day = first; day < first + MAX_DAYS_SCANNED; day += 1) {
      if (this.days.isWorkingDayNumber(day) && midnightOf(day) + close > instant)
        return midnightOf(day) + close;
    }
    throw new RangeError(`No working day within ${MAX_DAYS_SCANNED} days`);
  }

  isReceptionOpen(instant: number): boolean {
    const day = dayNumberOf(instant);
    const t = instant - midnightOf(day);
    const within = (periods: readonly Period[]) => periods.some((p) => t >= p.start && t < p.end);
    if (this.days.isWorkingDayNumber(day)) return within(this.receptionWorkingDays);
    // A Saturday desk opens on ordinary Saturdays, not on Saturdays inside a holiday break.
    return weekdayOfDayNumber(day) === 6 && this.isOrdinaryWeekend(day) && within(this.receptionSaturdays);
  }

  private isOrdinaryWeekend(day: DayNumber): boolean {
    return this.days.day(fromDayNumber(day)).basis === 'weekend';
  }

  /** `instant` when it is working time, else the next opening (counting hours). */
  private nextWorkingInstant(instant: number): number {
    if (this.isWorkingInstant(instant)) return instant;
    const day = dayNumberOf(instant);
    const t = instant - midnightOf(day);
    if (this.days.isWorkingDayNumber(day)) {
      const later = this.segments.find((s) => s.start > t);
      if (later) return midnightOf(day) + later.start;
    }
    return this.openingOfNextWorkingDay(day);
  }

  private nextWorkingDayAfter(after: DayNumber): DayNumber {
    for (let day = after + 1; day <= after + MAX_DAYS_SCANNED; day += 1)
      if (this.days.isWorkingDayNumber(day)) return day;
    throw new RangeError(`No working day within ${MAX_DAYS_SCANNED} days`);
  }

  private openingOfNextWorkingDay(after: DayNumber): number {
    for (let day = after + 1; day <= after + MAX_DAYS_SCANNED; day += 1) {
      if (this.days.isWorkingDayNumber(day)) return midnightOf(day) + this.segments[0]!.start;
    }
    throw new RangeError(`No working day within ${MAX_DAYS_SCANNED} days`);
  }
}

function overlaps(excluded: readonly Interval[], from: number, to: number): boolean {
  return excluded.some((ex) => ex.from < to && ex.to > from);
}

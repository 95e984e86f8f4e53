import { DAY_MS, dayNumberOf, midnightOf } from '../local-date';
import { mergeIntervals, subtractIntervals, type Interval } from './intervals';
import {
  budgetToMs,
  type DeadlineOptions,
  type TimeBudget,
  type TimeLimit,
  type WorkingTimeCalendar,
} from './working-time-calendar';

/**
 * Every instant is working time and no day is a holiday: for workflow tests, where budgets of a few
 * seconds must run out in real time (the Temporal dev server here does not skip time). A working day
 * is 24 hours; counting rules do not apply (counting always starts at the event); the cut-off does
 * not apply; "within the day" ends at the next local midnight.
 */
export class AlwaysOpenCalendar implements WorkingTimeCalendar {
  readonly workingDayMs = DAY_MS;

  budgetMs(budget: TimeBudget): number {
    return budgetToMs(budget, this.workingDayMs);
  }

  isWorkingInstant(): boolean {
    return true;
  }

  workingTimeBetween(from: number, to: number, exclusions: readonly Interval[] = []): number {
    if (!(to > from)) return 0;
    return subtractIntervals({ from, to }, mergeIntervals(exclusions)).reduce(
      (sum, p) => sum + (p.to - p.from),
      0,
    );
  }

  addWorkingTime(from: number, amountMs: number, exclusions: readonly Interval[] = []): number {
    if (!Number.isFinite(amountMs) || amountMs < 0)
      throw new RangeError(`Not an amount of time: ${amountMs}`);
    let end = from + amountMs;
    // Merged and sorted: each exclusion starting before the running end pushes it by its part after `from`.
    for (const ex of mergeIntervals(exclusions)) {
      if (ex.to <= from) continue;
      if (ex.from >= end) break;
      end += ex.to - Math.max(ex.from, from);
    }
    return end;
  }

  countingStart(instant: number): number {
    return instant;
  }

  deadline(start: number, limit: TimeLimit, options: DeadlineOptions = {}): number {
    const amount = limit.unit === 'sameDay' ? this.endOfWorkingDay(start) - start : this.budgetMs(limit);
    return this.addWorkingTime(start, amount, options.exclusions);
  }

  effectiveReceipt(receivedAt: number): number {
    return receivedAt;
  }

  statutoryStart(receivedAt: number): number {
    return receivedAt;
  }

  transferDueBy(receivedAt: number): number {
    return this.endOfWorkingDay(receivedAt);
  }

  endOfWorkingDay(instant: number): number {
    return midnightOf(dayNumberOf(instant) + 1);
  }

  isReceptionOpen(): boolean {
    return true;
  }
}

/** The always-open calendar (see AlwaysOpenCalendar). */
export function alwaysOpenCalendar(): WorkingTimeCalendar {
  return new AlwaysOpenCalendar();
}

import { DAY_MS, dayNumberOf, midnightOf, type WorkingTimeCalendar } from '@lien-thong/calendar';

/**
 * Working time as a line (trục thời gian làm việc): an instant's position is the working time since the
 * origin on the calendar, so a step that takes a working day of 8 hours simply adds 8 hours, and every
 * deadline counted "from the instant" is a sum. The simulation runs on this line and goes back to instants
 * only to judge a day (early or on time) and to report; each conversion is one short calendar call, with
 * the working time of each whole day before it kept in an array (extended as the simulation runs on).
 */
export class WorkingAxis {
  /** cumulative[i]: working time from the origin to the start of day i. */
  private readonly cumulative: number[] = [0];

  constructor(
    readonly calendar: WorkingTimeCalendar,
    /** Counted from the start (Vietnam midnight) of this instant's day. */
    origin: number,
  ) {
    this.origin = midnightOf(dayNumberOf(origin));
  }

  readonly origin: number;

  private dayStart(i: number): number {
    return this.origin + i * DAY_MS;
  }

  private extendTo(day: number): void {
    while (this.cumulative.length <= day + 1) {
      const i = this.cumulative.length - 1;
      this.cumulative.push(
        this.cumulative[i]! + this.calendar.workingTimeBetween(this.dayStart(i), this.dayStart(i + 1)),
      );
    }
  }

  /** The working time between the origin and `instant` (0 before the origin). */
  toWorking(instant: number): number {
    if (instant <= this.origin) return 0;
    const day = Math.floor((instant - this.origin) / DAY_MS);
    this.extendTo(day);
    return this.cumulative[day]! + this.calendar.workingTimeBetween(this.dayStart(day), instant);
  }

  /**
   * The earliest instant at which `working` time has elapsed since the origin; a position at the end of a
   * working day is that day's closing time (as deadlines are), not the next opening.
   */
  toInstant(working: number): number {
    if (working <= 0) return this.origin;
    // The day whose working time contains the position: the last with cumulative < working.
    while (this.cumulative[this.cumulative.length - 1]! < working) this.extendTo(this.cumulative.length);
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < working) lo = mid;
      else hi = mid;
    }
    return this.calendar.addWorkingTime(this.dayStart(lo), working - this.cumulative[lo]!);
  }

  /** Working days whose start lies between two positions, as (date start instant, position) pairs. */
  dayStartsBetween(fromWorking: number, toWorking: number): { day: number; working: number }[] {
    const out: { day: number; working: number }[] = [];
    const last = Math.floor((this.toInstant(toWorking) - this.origin) / DAY_MS);
    this.extendTo(last);
    for (let i = 0; i <= last; i += 1) {
      const w = this.cumulative[i]!;
      if (w < fromWorking) continue;
      // A day with no working time (weekend, holiday) has the same position as the next: skip it.
      if (this.cumulative[i + 1]! === w) continue;
      out.push({ day: this.dayStart(i), working: w });
    }
    return out;
  }
}

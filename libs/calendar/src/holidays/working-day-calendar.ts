import {
  DAY_MS,
  fromDayNumber,
  toDayNumber,
  weekdayOfDayNumber,
  type DayNumber,
  type LocalDate,
} from '../local-date';
import type { CalendarYear } from './calendar-year';
import { LABOUR_CODE_2019, statutoryHolidays, type HolidayRules } from './statutory-holidays';

export interface DayInfo {
  readonly date: LocalDate;
  readonly working: boolean;
  /** Why a weekday is off, or why a weekend day is worked (or listed in an announced break). */
  readonly reason?: string;
  /** `decision`: from the year's calendar file; `statutory`: from the rules; else the ordinary week. */
  readonly basis: 'decision' | 'statutory' | 'weekend' | 'weekday';
  /** The document that decided it, when the calendar file names one. */
  readonly source?: string;
}

/**
 * The days of a range of years that are not ordinary weekdays or weekends, compiled from the calendar
 * files and the rules: a plain, serialisable object, so a service can compile it once and hand it to a
 * workflow as input (`WorkingDayCalendar.fromHolidaySet`) instead of the workflow reading files.
 */
export interface HolidaySet {
  readonly fromYear: number;
  readonly toYear: number;
  /** Rules used for the years without a calendar file. */
  readonly rules: string;
  /** Per year: the calendar file followed (its main document), or the rules. */
  readonly years: readonly {
    readonly year: number;
    readonly basis: 'decision' | 'statutory';
    readonly document?: string;
  }[];
  /** The special days, sorted by date. */
  readonly days: readonly DayInfo[];
}

const isWeekend = (day: DayNumber): boolean => {
  const weekday = weekdayOfDayNumber(day);
  return weekday === 0 || weekday === 6;
};

/**
 * Which days are working days for civil servants: Monday to Friday, less public holidays. A year with
 * a calendar file follows it exactly (its days off, its weekend days worked); any other year follows
 * the rules (statutoryHolidays). Pure: the files are passed in. Years are compiled on first use and
 * kept; construct a new calendar (withDecision) when a file changes.
 */
export class WorkingDayCalendar {
  private readonly decisions = new Map<number, CalendarYear>();
  private readonly compiled = new Map<number, Map<DayNumber, DayInfo>>();

  constructor(
    decisions: readonly CalendarYear[] = [],
    private readonly rules: HolidayRules = LABOUR_CODE_2019,
  ) {
    for (const decision of decisions) this.decisions.set(decision.year, decision);
  }

  /** A calendar following a compiled holiday set within its years (and the rules outside them). */
  static fromHolidaySet(set: HolidaySet, rules: HolidayRules = LABOUR_CODE_2019): WorkingDayCalendar {
    const calendar = new WorkingDayCalendar([], rules);
    for (let year = set.fromYear; year <= set.toYear; year += 1) calendar.compiled.set(year, new Map());
    for (const day of set.days)
      calendar.compiled.get(Number(day.date.slice(0, 4)))?.set(toDayNumber(day.date), day);
    return calendar;
  }

  /** A calendar with one more (or a replaced) year file: deadlines computed from it reflect the change. */
  withDecision(decision: CalendarYear): WorkingDayCalendar {
    const others = [...this.decisions.values()].filter((d) => d.year !== decision.year);
    return new WorkingDayCalendar([...others, decision], this.rules);
  }

  decisionFor(year: number): CalendarYear | undefined {
    return this.decisions.get(year);
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  /** The same as isWorkingDay, on day numbers (the working-time arithmetic's fast path). */
  isWorkingDayNumber(day: DayNumber): boolean {
    const special = this.specialDays(new Date(day * DAY_MS).getUTCFullYear()).get(day);
    return special ? special.working : !isWeekend(day);
  }

  day(date: LocalDate): DayInfo {
    const number = toDayNumber(date);
    const special = this.specialDays(Number(date.slice(0, 4))).get(number);
    if (special) return special;
    return isWeekend(number)
      ? { date, working: false, basis: 'weekend' }
      : { date, working: true, basis: 'weekday' };
  }

  /** Every day from `from` to `to` inclusive. */
  days(from: LocalDate, to: LocalDate): DayInfo[] {
    const result: DayInfo[] = [];
    for (let day = toDayNumber(from); day <= toDayNumber(to); day += 1)
      result.push(this.day(fromDayNumber(day)));
    return result;
  }

  /** The compiled special days of a range of years (see HolidaySet). */
  holidaySet(fromYear: number, toYear: number): HolidaySet {
    if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || toYear < fromYear)
      throw new RangeError(`Not a range of years: ${fromYear}..${toYear}`);
    const years: HolidaySet['years'][number][] = [];
    const days: DayInfo[] = [];
    for (let year = fromYear; year <= toYear; year += 1) {
      const decision = this.decisions.get(year);
      years.push(
        decision
          ? { year, basis: 'decision', document: decision.source.document }
          : { year, basis: 'statutory' },
      );
      days.push(...this.specialDays(year).values());
    }
    days.sort((a, b) => a.date.localeCompare(b.date));
    return { fromYear, toYear, rules: this.rules.name, years, days };
  }

  private specialDays(year: number): Map<DayNumber, DayInfo> {
    let days = this.compiled.get(year);
    if (days) return days;
    days = new Map();
    const decision = this.decisions.get(year);
    if (decision) {
      for (const d of decision.daysOff)
        days.set(toDayNumber(d.date), {
          date: d.date,
          working: false,
          reason: d.reason,
          basis: 'decision',
          ...sourceOf(d),
        });
      for (const d of decision.workingDays)
        days.set(toDayNumber(d.date), {
          date: d.date,
          working: true,
          reason: d.reason,
          basis: 'decision',
          ...sourceOf(d),
        });
    } else {
      for (const h of statutoryHolidays(year, this.rules))
        days.set(toDayNumber(h.date), { date: h.date, working: false, reason: h.reason, basis: 'statutory' });
    }
    this.compiled.set(year, days);
    return days;
  }
}

const sourceOf = (day: { source?: string }): { source?: string } =>
  day.source === undefined ? {} : { source: day.source };

/** Compiles the holiday set of a range of years from calendar files and rules (see HolidaySet). */
export function compileHolidaySet(
  decisions: readonly CalendarYear[],
  fromYear: number,
  toYear: number,
  rules: HolidayRules = LABOUR_CODE_2019,
): HolidaySet {
  return new WorkingDayCalendar(decisions, rules).holidaySet(fromYear, toYear);
}

import { weekdayOf, type LocalDate } from '../local-date';
import type { CalendarDecision } from './calendar-decision';
import { statutoryHolidays } from './statutory-holidays';

export interface DayInfo {
  readonly date: LocalDate;
  readonly working: boolean;
  /** Why a weekday is off, or why a weekend day is worked. */
  readonly reason?: string;
  /** `decision` when a government decision for that year is loaded, else `statutory`. */
  readonly basis: 'decision' | 'statutory' | 'weekend' | 'weekday';
}

/**
 * Which days are working days for civil servants: Monday to Friday, less public holidays. For a year
 * with a loaded government decision, the decision is authoritative (its days off, its Saturdays worked);
 * otherwise the Labour Code rules apply (statutoryHolidays). Pure: decisions are passed in.
 */
export class WorkingDayCalendar {
  private readonly decisions = new Map<number, CalendarDecision>();
  private readonly yearCache = new Map<number, Map<LocalDate, DayInfo>>();

  constructor(decisions: readonly CalendarDecision[] = []) {
    for (const decision of decisions) this.decisions.set(decision.year, decision);
  }

  /** A calendar with one more (or a replaced) decision: deadlines computed from it reflect the change. */
  withDecision(decision: CalendarDecision): WorkingDayCalendar {
    return new WorkingDayCalendar([
      ...[...this.decisions.values()].filter((d) => d.year !== decision.year),
      decision,
    ]);
  }

  decisionFor(year: number): CalendarDecision | undefined {
    return this.decisions.get(year);
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.day(date).working;
  }

  day(date: LocalDate): DayInfo {
    const year = Number(date.slice(0, 4));
    let special = this.yearCache.get(year);
    if (!special) {
      special = this.specialDays(year);
      this.yearCache.set(year, special);
    }
    const known = special.get(date);
    if (known) return known;
    const weekday = weekdayOf(date);
    return weekday === 0 || weekday === 6
      ? { date, working: false, basis: 'weekend' }
      : { date, working: true, basis: 'weekday' };
  }

  private specialDays(year: number): Map<LocalDate, DayInfo> {
    const days = new Map<LocalDate, DayInfo>();
    const decision = this.decisions.get(year);
    if (decision) {
      for (const d of decision.daysOff)
        days.set(d.date, { date: d.date, working: false, reason: d.reason, basis: 'decision' });
      for (const d of decision.workingDays)
        days.set(d.date, { date: d.date, working: true, reason: d.reason, basis: 'decision' });
      return days;
    }
    for (const h of statutoryHolidays(year))
      days.set(h.date, { date: h.date, working: false, reason: h.reason, basis: 'statutory' });
    return days;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_WORKING_HOURS,
  VietnameseWorkingTimeCalendar,
  alwaysOpenCalendar,
  type CountingRule,
  type Interval,
  type TimeBudget,
  type TimeLimit,
  type WorkingDayCalendar,
  type WorkingTimeCalendar,
} from '@lien-thong/calendar';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import { HolidayCalendarService } from '@lien-thong/holiday-calendar';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@lien-thong/config';

/**
 * The working-time calendar dates are computed on: the Vietnamese civil-service calendar with every
 * holiday decision loaded so far (shipped files plus `POST /calendar/decisions`), or the always-open
 * calendar when the runtime says so (test procedures with budgets in seconds).
 */
@Injectable()
export class DossierCalendar {
  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    private readonly holidays: HolidayCalendarService,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
  ) {}

  /** The calendar with the usual hours (07:30–11:30, 13:00–17:00, cut-off 15:00): step budgets. */
  async current(): Promise<WorkingTimeCalendar> {
    const days = await this.days();
    return days === null
      ? alwaysOpenCalendar()
      : new VietnameseWorkingTimeCalendar(days, DEFAULT_WORKING_HOURS);
  }

  /** The working days in force (every holiday decision loaded); null on the always-open calendar. */
  async days(): Promise<WorkingDayCalendar | null> {
    return this.config.calendar === 'always-open' ? null : this.holidays.calendar();
  }

  /**
   * The calendars of every unit on the given working days (the ones in force, or a what-if's): for a unit,
   * its own hours for the statutory limit (`unit`) and the usual hours for step budgets (`steps`), as
   * `forUnit` and `current` count them. The directory is read once; the lookup is synchronous.
   */
  async unitsOn(days: WorkingDayCalendar | null): Promise<(unitCode: string | null) => UnitCalendars> {
    if (days === null) {
      const open = { unit: alwaysOpenCalendar(), steps: alwaysOpenCalendar() };
      return () => open;
    }
    const directory = await this.agencies.snapshot();
    const steps = new VietnameseWorkingTimeCalendar(days, DEFAULT_WORKING_HOURS);
    const usual: UnitCalendars = { unit: steps, steps };
    const byUnit = new Map<string, UnitCalendars>();
    return (unitCode) => {
      const hours = unitCode === null ? undefined : directory.get(unitCode)?.hours;
      if (!hours || unitCode === null) return usual;
      let found = byUnit.get(unitCode);
      if (!found) {
        found = { unit: new VietnameseWorkingTimeCalendar(days, hours), steps };
        byUnit.set(unitCode, found);
      }
      return found;
    };
  }

  /**
   * The calendar of a receiving unit: its own hours, reception hours and cut-off when the directory
   * gives them (issue 18, item 2), else the usual ones. Reception, the transfer and the statutory limit
   * of the dossiers it receives are counted on it.
   */
  async forUnit(unitCode: string | null): Promise<WorkingTimeCalendar> {
    return (await this.unitsOn(await this.days()))(unitCode).unit;
  }
}

/** A unit's calendars: its own hours (reception, the statutory limit) and the usual hours (step budgets). */
export interface UnitCalendars {
  readonly unit: WorkingTimeCalendar;
  readonly steps: WorkingTimeCalendar;
}

/**
 * The statutory due date of a dossier counted from `from` (its receipt, or a restart after a
 * supplement): a limit in days or hours starts when the calendar's `statutoryStart` says (the working
 * day after the day of receipt under the Civil Code rule, never skipping a day twice); a same-day limit
 * ends with the day of receipt, or with the next working day after the cut-off (Decree 118/2025, art.
 * 18 (3)). The intake and every later recomputation count the same way.
 */
export function statutoryDueAt(
  calendar: WorkingTimeCalendar,
  from: number,
  limit: TimeLimit,
  rule: CountingRule,
  exclusions: readonly Interval[] = [],
): number {
  if (limit.unit === 'sameDay')
    return calendar.deadline(calendar.effectiveReceipt(from), limit, { exclusions });
  return calendar.deadline(calendar.statutoryStart(from, rule), limit, {
    countingRule: 'from-instant',
    exclusions,
  });
}

/**
 * Whether `instant` is within a working day's hours, its closing instant included (17:00 is when an
 * appointment usually falls): not a weekend, a holiday, the lunch break or the night.
 */
export function isWithinWorkingHours(calendar: WorkingTimeCalendar, instant: number): boolean {
  return calendar.isWorkingInstant(instant) || calendar.isWorkingInstant(instant - 1);
}

/**
 * The latest instant that still leaves `notice` of working time before `due`: for whole working days,
 * the close of the working day that many days before `due`'s day (one working day before an appointment
 * on Thursday is Wednesday 17:00); for hours or seconds (test procedures), that much working time back.
 */
export function noticeDeadline(calendar: WorkingTimeCalendar, due: number, notice: TimeBudget): number {
  if (notice.unit === 'workingDays' && Number.isInteger(notice.amount))
    return workingDaysBefore(calendar, due, notice.amount);
  const wanted = calendar.budgetMs(notice);
  let at = due - wanted;
  // Step back by what is still missing: each step covers at least the working time it lacked.
  for (let i = 0; i < 10_000; i += 1) {
    const have = calendar.workingTimeBetween(at, due);
    if (have >= wanted) return at;
    at -= wanted - have;
  }
  return at;
}

/** Ends of working days, counted back: the latest instant that is still `days` working days before `due`. */
export function workingDaysBefore(calendar: WorkingTimeCalendar, due: number, days: number): number {
  const DAY = 86_400_000;
  const VN = 7 * 3_600_000;
  const startOfDay = (t: number) => Math.floor((t + VN) / DAY) * DAY - VN;
  let day = startOfDay(due);
  let found = 0;
  for (let i = 0; i < 366 * 2; i += 1) {
    day -= DAY;
    // A day is a working day when its middle counts (10:00 is inside the morning session).
    if (calendar.isWorkingInstant(day + 10 * 3_600_000)) {
      found += 1;
      if (found === days) return calendar.endOfWorkingDay(day + 10 * 3_600_000);
    }
  }
  return due;
}

import type { CalendarYear } from '../holidays/calendar-year';
import { OFFICIAL_DECISIONS } from '../holidays/official-decisions';
import { LABOUR_CODE_2019, type HolidayRules } from '../holidays/statutory-holidays';
import { WorkingDayCalendar, type HolidaySet } from '../holidays/working-day-calendar';
import { DEFAULT_WORKING_HOURS, type WorkingHoursConfig } from './working-hours';
import { VietnameseWorkingTimeCalendar, type WorkingTimeCalendar } from './working-time-calendar';

export interface VietnameseCalendarOptions {
  /** Calendar-year files to follow (default: the shipped 2024-2026 ones). Ignored with `holidaySet`. */
  readonly decisions?: readonly CalendarYear[];
  /** A compiled holiday set (what a workflow receives as input instead of files). */
  readonly holidaySet?: HolidaySet;
  /** The unit's hours (default 07:30-11:30, 13:00-17:00, cut-off 15:00). */
  readonly hours?: WorkingHoursConfig;
  /** The law for years without a file (default Labour Code 2019). */
  readonly rules?: HolidayRules;
}

/** The working-time calendar of a unit, from calendar files or a compiled holiday set, and its hours. */
export function vietnameseCalendar(options: VietnameseCalendarOptions = {}): WorkingTimeCalendar {
  const rules = options.rules ?? LABOUR_CODE_2019;
  const days = options.holidaySet
    ? WorkingDayCalendar.fromHolidaySet(options.holidaySet, rules)
    : new WorkingDayCalendar(options.decisions ?? OFFICIAL_DECISIONS, rules);
  return new VietnameseWorkingTimeCalendar(days, options.hours ?? DEFAULT_WORKING_HOURS);
}

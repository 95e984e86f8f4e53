export {
  VIETNAM_TIME_ZONE_HOURS,
  solarToLunar,
  lunarToSolar,
  tetDate,
  hungKingsDay,
  type LunarDate,
  type SolarDate,
} from './lunar/vietnamese-lunar';
export { localDateOf, startOfLocalDay, addDays, isLocalDate, type LocalDate } from './local-date';
export {
  parseCalendarDecision,
  type CalendarDecision,
  type CalendarProblem,
  type ParseResult,
} from './holidays/calendar-decision';
export { statutoryHolidays, type Holiday } from './holidays/statutory-holidays';
export { WorkingDayCalendar, type DayInfo } from './holidays/working-day-calendar';
export { OFFICIAL_DECISIONS } from './holidays/official-decisions';
export {
  VietnameseWorkingTimeCalendar,
  AlwaysOpenCalendar,
  DEFAULT_WORKING_HOURS,
  mergeIntervals,
  type WorkingTimeCalendar,
  type WorkingHoursConfig,
  type TimeBudget,
  type Interval,
  type CountingRule,
  type DeadlineOptions,
} from './working-time/working-time-calendar';

// The public surface of the calendar library. Pure and deterministic: safe inside Temporal workflows.
export {
  VIETNAM_TIME_ZONE_HOURS,
  vietnameseCalendarTimeZone,
  solarToLunar,
  lunarToSolar,
  tetDate,
  hungKingsDay,
  type LunarDate,
  type SolarDate,
} from './lunar/vietnamese-lunar';
export {
  VN_OFFSET_MS,
  DAY_MS,
  isLocalDate,
  localDateOf,
  startOfLocalDay,
  addDays,
  weekdayOf,
  dayNumberOf,
  toDayNumber,
  fromDayNumber,
  midnightOf,
  type LocalDate,
  type DayNumber,
} from './local-date';
export {
  parseCalendarYear,
  parseCalendarDecision,
  type CalendarYear,
  type CalendarDecision,
  type CalendarSource,
  type CalendarDay,
  type CalendarProblem,
  type ParseResult,
} from './holidays/calendar-year';
export {
  LABOUR_CODE_2019,
  statutoryHolidays,
  statutoryAnchors,
  type HolidayRules,
  type Holiday,
} from './holidays/statutory-holidays';
export {
  WorkingDayCalendar,
  compileHolidaySet,
  type DayInfo,
  type HolidaySet,
} from './holidays/working-day-calendar';
export { OFFICIAL_DECISIONS } from './holidays/official-decisions';
export { mergeIntervals, type Interval } from './working-time/intervals';
export {
  DEFAULT_WORKING_HOURS,
  parseWorkingHours,
  type WorkingHoursConfig,
  type ClockRange,
} from './working-time/working-hours';
export {
  VietnameseWorkingTimeCalendar,
  type WorkingTimeCalendar,
  type TimeBudget,
  type TimeLimit,
  type CountingRule,
  type DeadlineOptions,
} from './working-time/working-time-calendar';
export { AlwaysOpenCalendar, alwaysOpenCalendar } from './working-time/always-open-calendar';
export { vietnameseCalendar, type VietnameseCalendarOptions } from './working-time/vietnamese-calendar';

import {
  WorkingDayCalendar,
  isLocalDate,
  weekdayOf,
  type DayInfo,
  type LocalDate,
} from '@lien-thong/calendar';

/** A change to the holiday calendar a what-if asks about: days declared off, days declared working. */
export interface CalendarChange {
  /** Days off added (a holiday decision, a day of mourning), each with its reason. */
  readonly daysOff: readonly { readonly date: LocalDate; readonly reason: string }[];
  /** Days made working days: a holiday taken back, or a weekend day worked in exchange. */
  readonly workingDays: readonly LocalDate[];
}

export const NO_CALENDAR_CHANGE: CalendarChange = { daysOff: [], workingDays: [] };

/**
 * The calendar in force with the change applied, for the years it touches (the others as they are):
 * the calendar's special days of those years (its files, or the statutory rules), less the days made
 * working, plus the days declared off. Pure; the calendar in force is not changed.
 */
export function applyCalendarChange(base: WorkingDayCalendar, change: CalendarChange): WorkingDayCalendar {
  if (change.daysOff.length === 0 && change.workingDays.length === 0) return base;
  const years = [...change.daysOff.map((d) => d.date), ...change.workingDays].map((d) =>
    Number(d.slice(0, 4)),
  );
  const set = base.holidaySet(Math.min(...years), Math.max(...years));
  const days = new Map<LocalDate, DayInfo>(set.days.map((d) => [d.date, d]));
  for (const date of change.workingDays) {
    const weekend = [0, 6].includes(weekdayOf(date));
    if (weekend) days.set(date, { date, working: true, reason: 'Làm việc (giả định)', basis: 'decision' });
    else days.delete(date);
  }
  for (const { date, reason } of change.daysOff)
    days.set(date, { date, working: false, reason, basis: 'decision' });
  return WorkingDayCalendar.fromHolidaySet({
    ...set,
    days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
  });
}

/** Every problem of a calendar change, with its path (for a 400 that names each). */
export function calendarChangeProblems(value: unknown, path: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ path, message: 'must be an object { daysOff?: [{ date, reason }], workingDays?: [date] }' }];
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v))
    if (!['daysOff', 'workingDays'].includes(key))
      problems.push({ path: `${path}.${key}`, message: 'unknown field (known: daysOff, workingDays)' });
  const seen = new Set<string>();
  const checkDate = (date: unknown, at: string) => {
    if (!isLocalDate(date)) problems.push({ path: at, message: 'must be a date YYYY-MM-DD' });
    else if (Number(date.slice(0, 4)) < 2000 || Number(date.slice(0, 4)) > 2199)
      problems.push({ path: at, message: 'must be a date between 2000 and 2199' });
    else if (seen.has(date)) problems.push({ path: at, message: `${date} is named twice` });
    else seen.add(date);
  };
  if (v.daysOff !== undefined) {
    if (!Array.isArray(v.daysOff) || v.daysOff.length > 366)
      problems.push({ path: `${path}.daysOff`, message: 'must be a list of at most 366 days' });
    else
      v.daysOff.forEach((d: unknown, i) => {
        const at = `${path}.daysOff[${i}]`;
        if (typeof d !== 'object' || d === null)
          return problems.push({ path: at, message: 'must be { date, reason }' });
        const day = d as Record<string, unknown>;
        checkDate(day.date, `${at}.date`);
        if (typeof day.reason !== 'string' || day.reason.trim() === '' || day.reason.length > 200)
          problems.push({ path: `${at}.reason`, message: 'must be a text of 1 to 200 characters' });
      });
  }
  if (v.workingDays !== undefined) {
    if (!Array.isArray(v.workingDays) || v.workingDays.length > 366)
      problems.push({ path: `${path}.workingDays`, message: 'must be a list of at most 366 dates' });
    else v.workingDays.forEach((d: unknown, i) => checkDate(d, `${path}.workingDays[${i}]`));
  }
  return problems;
}

/**
 * Local dates and times in Vietnam. Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since
 * 1975), so local reasoning is plain arithmetic on epoch milliseconds: no time-zone database needed.
 */
export const VN_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

/**
 * A local day as an integer: days since 1970-01-01 (local). Cheaper than strings in loops over days;
 * `dayNumberOf(instant)` is the local day an instant falls on.
 */
export type DayNumber = number;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function dayNumberOf(instantMs: number): DayNumber {
  return Math.floor((instantMs + VN_OFFSET_MS) / DAY_MS);
}

export function toDayNumber(date: LocalDate): DayNumber {
  return Math.round(Date.parse(`${date}T00:00:00.000Z`) / DAY_MS);
}

export function fromDayNumber(day: DayNumber): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The instant of local midnight starting a local day. */
export function midnightOf(day: DayNumber): number {
  return day * DAY_MS - VN_OFFSET_MS;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function localDateOf(instantMs: number): LocalDate {
  return fromDayNumber(dayNumberOf(instantMs));
}

/** The instant of local midnight starting `date`. */
export function startOfLocalDay(date: LocalDate): number {
  return midnightOf(toDayNumber(date));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return weekdayOfDayNumber(toDayNumber(date));
}

export function toLocalDate(d: { day: number; month: number; year: number }): LocalDate {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

const CLOCK = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

export function isClock(value: unknown): value is string {
  return typeof value === 'string' && CLOCK.test(value);
}

/** `HH:MM` (00:00 to 24:00) → minutes after local midnight. */
export function parseClock(value: string): number {
  const m = CLOCK.exec(value);
  if (!m) throw new RangeError(`Not a time of day (HH:MM): ${value}`);
  return Number(m[1] ?? m[3]) * 60 + Number(m[2] ?? m[4]);
}

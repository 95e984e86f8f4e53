/** Local dates and times in Vietnam (UTC+7 all year: no daylight saving). */
export const VN_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function localDateOf(instantMs: number): LocalDate {
  return new Date(instantMs + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of local midnight starting `date`. */
export function startOfLocalDay(date: LocalDate): number {
  return Date.parse(`${date}T00:00:00.000Z`) - VN_OFFSET_MS;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(`${date}T00:00:00.000Z`).getUTCDay();
}

export function toLocalDate(d: { day: number; month: number; year: number }): LocalDate {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** `HH:MM` → minutes after midnight. */
export function parseClock(value: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!m) throw new Error(`Not a time of day (HH:MM): ${value}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

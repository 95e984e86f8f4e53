/**
 * Dates, times and numbers as Vietnamese offices write them (dd/MM/yyyy, 24-hour clock, a comma for
 * decimals and a dot for thousands), always in Vietnam's time zone, whatever the browser's.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const locale = (language: string) => (language.startsWith('en') ? 'en-GB' : 'vi-VN');

function formatInstant(iso: string | null | undefined, language: string, withTime: boolean): string {
  if (!iso) return '—';
  // A calendar day (YYYY-MM-DD) is that day in Vietnam, not midnight UTC.
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00+07:00` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hour12: false } : {}),
  }).format(date);
}

export function formatDateTime(iso: string | null | undefined, language = 'vi'): string {
  return formatInstant(iso, language, true);
}

export function formatDate(iso: string | null | undefined, language = 'vi'): string {
  return formatInstant(iso, language, false);
}

export function formatNumber(value: number | null | undefined, language = 'vi', digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(locale(language), {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

/** A share (0..1) as a percentage: 0,875 → "87,5 %" in Vietnamese. */
export function formatPercent(share: number | null | undefined, language = 'vi'): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  return `${formatNumber(share * 100, language, 1)} %`;
}

/** Today's date in Vietnam (YYYY-MM-DD). */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(now);
}

/** The first day of the month of a YYYY-MM-DD date. */
export function monthStart(day: string): string {
  return `${day.slice(0, 8)}01`;
}

/**
 * A typed day (dd/mm/yyyy) as the `YYYY-MM-DD` the API takes, or null while it is not a whole, real
 * day yet (31/02/2026 is none). Strict: what is typed is the day meant, nothing is guessed.
 */
export function parseDay(typed: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(typed);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

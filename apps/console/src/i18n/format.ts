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

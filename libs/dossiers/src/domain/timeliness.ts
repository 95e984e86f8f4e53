import type { Timeliness } from './dossier-snapshot';

const VN_OFFSET_MS = 7 * 3_600_000;

/** Instants travel as ISO 8601 strings with offsets; compare them as instants, never as text. */
export function instantMs(iso: string): number {
  return Date.parse(iso);
}

/** `YYYY-MM-DD` of an instant in Vietnam (UTC+7 all year). */
export function vietnamDateOf(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Trễ hạn after the due instant; trước hạn when finished on a local day before the due day; đúng hạn
 * otherwise (the due day itself, up to the due instant). Day granularity for "early" follows how the
 * statistics count it; the instant decides "late", so hour budgets are judged exactly.
 */
export function classifyTimeliness(at: string, dueAt: string): Timeliness {
  if (instantMs(at) > instantMs(dueAt)) return 'late';
  return vietnamDateOf(at) < vietnamDateOf(dueAt) ? 'early' : 'on-time';
}

const VN_OFFSET_MS = 7 * 3_600_000;

/** An instant as ISO 8601 in Vietnam time, e.g. `2026-11-23T10:00:00.000+07:00`: what events store. */
export function vietnamIso(instant: number | Date): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return `${new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 23)}+07:00`;
}

export const ms = (iso: string): number => Date.parse(iso);

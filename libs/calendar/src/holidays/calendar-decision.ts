import { isLocalDate, type LocalDate } from '../local-date';

/**
 * One year's government decision on days off for civil servants (công chức, viên chức): which weekdays
 * are off (holidays, bridging days) and which weekend days are worked in exchange. Data, with its
 * source, because it is decided every year and may arrive late.
 */
export interface CalendarDecision {
  readonly year: number;
  readonly source: {
    /** e.g. `Thông báo 6150/TB-BLĐTBXH` */
    readonly document: string;
    readonly issuer: string;
    /** YYYY-MM-DD */
    readonly issuedOn: string;
    readonly title?: string;
  };
  /**
   * Every weekday that is off, with the reason (holiday, compensatory day, bridging day), and the
   * Saturdays inside an announced break (so a Saturday reception desk stays closed then).
   */
  readonly daysOff: readonly { readonly date: LocalDate; readonly reason: string }[];
  /** Weekend days worked in exchange for a bridging day. */
  readonly workingDays: readonly { readonly date: LocalDate; readonly reason: string }[];
  /** What could not be verified, or anything a reader should know. */
  readonly notes?: string;
}

export interface CalendarProblem {
  readonly path: string;
  readonly message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: CalendarProblem[] };

/** Validates a calendar decision file and reports every problem with its path. Pure. */
export function parseCalendarDecision(input: unknown): ParseResult<CalendarDecision> {
  const problems: CalendarProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: '', message: 'must be a JSON object' }] };
  }
  const o = input as Record<string, unknown>;
  const year = o.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1968 || year > 2200) {
    add('year', 'must be a whole year between 1968 and 2200');
  }
  const source = o.source as Record<string, unknown> | undefined;
  if (typeof source !== 'object' || source === null) {
    add('source', 'is required: the document, its issuer and the date it was issued');
  } else {
    for (const key of ['document', 'issuer'] as const) {
      if (typeof source[key] !== 'string' || !source[key].trim())
        add(`source.${key}`, 'must be a non-empty string');
    }
    if (!isLocalDate(source.issuedOn)) add('source.issuedOn', 'must be a date YYYY-MM-DD');
  }
  const seen = new Map<string, string>();
  for (const key of ['daysOff', 'workingDays'] as const) {
    const list = o[key];
    if (!Array.isArray(list)) {
      add(key, 'must be an array (possibly empty)');
      continue;
    }
    list.forEach((entry: unknown, i) => {
      const path = `${key}[${i}]`;
      const e = entry as Record<string, unknown> | null;
      if (typeof e !== 'object' || e === null) return add(path, 'must be an object { date, reason }');
      if (!isLocalDate(e.date)) return add(`${path}.date`, 'must be a date YYYY-MM-DD');
      if (typeof year === 'number' && !e.date.startsWith(`${year}-`))
        add(`${path}.date`, `${e.date} is not in ${year}`);
      if (typeof e.reason !== 'string' || !e.reason.trim()) add(`${path}.reason`, 'must say why');
      const day = new Date(`${e.date}T00:00:00Z`).getUTCDay();
      const weekend = day === 0 || day === 6;
      if (key === 'workingDays' && !weekend)
        add(`${path}.date`, `${e.date} is a weekday: only weekend days can be worked in exchange`);
      const other = seen.get(e.date);
      if (other) add(`${path}.date`, `${e.date} is listed twice (also in ${other})`);
      seen.set(e.date, path);
    });
  }
  if (o.notes !== undefined && typeof o.notes !== 'string') add('notes', 'must be a string');
  return problems.length ? { ok: false, problems } : { ok: true, value: input as CalendarDecision };
}

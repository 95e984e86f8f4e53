import { isLocalDate, toDayNumber, weekdayOfDayNumber, type LocalDate } from '../local-date';
import { LABOUR_CODE_2019, statutoryAnchors, type HolidayRules } from './statutory-holidays';

/** A document that decides days off: a notice, an official letter conveying the Prime Minister's decision. */
export interface CalendarSource {
  /** Number and kind, e.g. `Thông báo 5015/TB-LĐTBXH`, `Công văn 8726/VPCP-KGVX`. */
  readonly document: string;
  readonly issuer: string;
  readonly issuedOn: LocalDate;
  readonly title?: string;
  /** What it decides, in a line. */
  readonly covers?: string;
}

export interface CalendarDay {
  readonly date: LocalDate;
  readonly reason: string;
  /** The `document` of the cited source that decides this day; absent for holidays fixed by law. */
  readonly source?: string;
}

/**
 * One year of the civil-service calendar (công chức, viên chức: Monday to Friday week): every day off
 * and every weekend day worked, with the documents that decided them. It is the whole truth for its
 * year: list every public holiday, compensatory day and swapped day, and every day of an announced
 * break (weekends too, so a Saturday desk stays closed). Data, because it is decided every year and
 * can change late.
 */
export interface CalendarYear {
  readonly year: number;
  readonly source: CalendarSource;
  readonly additionalSources?: readonly CalendarSource[];
  readonly daysOff: readonly CalendarDay[];
  /** Weekend days worked in exchange for a weekday off. */
  readonly workingDays: readonly CalendarDay[];
  /** What could not be verified, or anything a reader should know. */
  readonly notes?: string;
}

/** The former name of CalendarYear, kept for callers that say "decision". */
export type CalendarDecision = CalendarYear;

export interface CalendarProblem {
  /** JSON path, e.g. `daysOff[3].date`. */
  readonly path: string;
  readonly message: string;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly CalendarProblem[] };

const YEAR_FIELDS = ['$schema', 'year', 'source', 'additionalSources', 'daysOff', 'workingDays', 'notes'];
const SOURCE_FIELDS = ['document', 'issuer', 'issuedOn', 'title', 'covers'];
const DAY_FIELDS = ['date', 'reason', 'source'];

/** The lunar calendar (and so the statutory holidays) is computed and tested for these years. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

type Problems = CalendarProblem[];
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function unknownFields(value: Json, known: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      problems.push({
        path: path ? `${path}.${key}` : key,
        message: `unknown field (known: ${known.join(', ')})`,
      });
  }
}

function parseSource(value: unknown, path: string, problems: Problems): CalendarSource | undefined {
  if (!isObject(value)) {
    problems.push({ path, message: 'must be an object { document, issuer, issuedOn, title?, covers? }' });
    return undefined;
  }
  const before = problems.length;
  unknownFields(value, SOURCE_FIELDS, path, problems);
  if (!isText(value.document))
    problems.push({
      path: `${path}.document`,
      message: 'must name the document, e.g. "Thông báo 5015/TB-LĐTBXH"',
    });
  if (!isText(value.issuer)) problems.push({ path: `${path}.issuer`, message: 'must name the issuing body' });
  if (!isLocalDate(value.issuedOn))
    problems.push({ path: `${path}.issuedOn`, message: 'must be the date of issue, YYYY-MM-DD' });
  for (const key of ['title', 'covers'] as const) {
    if (value[key] !== undefined && !isText(value[key]))
      problems.push({ path: `${path}.${key}`, message: 'must be a non-empty string when present' });
  }
  if (problems.length > before) return undefined;
  return {
    document: value.document as string,
    issuer: value.issuer as string,
    issuedOn: value.issuedOn as string,
    ...(value.title === undefined ? {} : { title: value.title as string }),
    ...(value.covers === undefined ? {} : { covers: value.covers as string }),
  };
}

/**
 * Validates a calendar-year file and returns every problem with its JSON path (so an API can answer
 * 400 with the full list), or the typed value. Checks the shape, that dates are real and in the year,
 * that worked days are weekend days, that no date is listed twice, that each day's `source` is one of
 * the cited documents, and that the public holidays fixed by law (1/1, Tết mùng 1–3, Hùng Kings day,
 * 30/4, 1/5, 2/9, by `rules`) are listed as days off when they fall on a weekday. Pure.
 */
export function parseCalendarYear(
  input: unknown,
  rules: HolidayRules = LABOUR_CODE_2019,
): ParseResult<CalendarYear> {
  const problems: Problems = [];
  if (!isObject(input)) return { ok: false, problems: [{ path: '', message: 'must be a JSON object' }] };
  unknownFields(input, YEAR_FIELDS, '', problems);

  const year =
    typeof input.year === 'number' &&
    Number.isInteger(input.year) &&
    input.year >= FIRST_YEAR &&
    input.year <= LAST_YEAR
      ? input.year
      : undefined;
  if (year === undefined)
    problems.push({ path: 'year', message: `must be a whole year from ${FIRST_YEAR} to ${LAST_YEAR}` });

  const source = parseSource(input.source, 'source', problems);
  const additionalSources: CalendarSource[] = [];
  if (input.additionalSources !== undefined) {
    if (!Array.isArray(input.additionalSources)) {
      problems.push({ path: 'additionalSources', message: 'must be an array of sources when present' });
    } else {
      input.additionalSources.forEach((entry: unknown, i) => {
        const parsed = parseSource(entry, `additionalSources[${i}]`, problems);
        if (parsed) additionalSources.push(parsed);
      });
    }
  }
  const cited = new Set([source, ...additionalSources].flatMap((s) => (s ? [s.document] : [])));
  const sourcesOk = source !== undefined && problems.every((p) => !p.path.startsWith('additionalSources'));

  const seen = new Map<string, string>();
  const lists: Record<'daysOff' | 'workingDays', CalendarDay[]> = { daysOff: [], workingDays: [] };
  for (const key of ['daysOff', 'workingDays'] as const) {
    const list = input[key];
    if (!Array.isArray(list)) {
      problems.push({ path: key, message: 'must be an array (possibly empty)' });
      continue;
    }
    list.forEach((entry: unknown, i) => {
      const path = `${key}[${i}]`;
      if (!isObject(entry)) {
        problems.push({ path, message: 'must be an object { date, reason, source? }' });
        return;
      }
      unknownFields(entry, DAY_FIELDS, path, problems);
      const { date, reason } = entry;
      if (!isText(reason)) problems.push({ path: `${path}.reason`, message: 'must say why' });
      if (entry.source !== undefined && !(isText(entry.source) && (!sourcesOk || cited.has(entry.source))))
        problems.push({
          path: `${path}.source`,
          message: `must be the document of a cited source (${[...cited].join('; ') || 'none cited'})`,
        });
      if (!isLocalDate(date)) {
        problems.push({ path: `${path}.date`, message: 'must be a real date, YYYY-MM-DD' });
        return;
      }
      if (year !== undefined && !date.startsWith(`${year}-`))
        problems.push({ path: `${path}.date`, message: `${date} is not in ${year}` });
      const weekday = weekdayOfDayNumber(toDayNumber(date));
      if (key === 'workingDays' && weekday !== 0 && weekday !== 6)
        problems.push({
          path: `${path}.date`,
          message: `${date} is a weekday: only weekend days can be worked in exchange`,
        });
      const other = seen.get(date);
      if (other)
        problems.push({ path: `${path}.date`, message: `${date} is listed twice (also at ${other})` });
      seen.set(date, path);
      if (isText(reason))
        lists[key].push({
          date,
          reason,
          ...(entry.source === undefined ? {} : { source: entry.source as string }),
        });
    });
  }

  if (year !== undefined && Array.isArray(input.daysOff)) {
    const off = new Set(lists.daysOff.map((d) => d.date));
    for (const holiday of statutoryAnchors(year, rules)) {
      const weekday = weekdayOfDayNumber(toDayNumber(holiday.date));
      if (weekday !== 0 && weekday !== 6 && !off.has(holiday.date))
        problems.push({
          path: 'daysOff',
          message: `${holiday.date} (${holiday.reason}) is a public holiday on a weekday: list it as a day off`,
        });
    }
  }

  if (input.notes !== undefined && typeof input.notes !== 'string')
    problems.push({ path: 'notes', message: 'must be a string when present' });

  if (problems.length > 0 || !source || year === undefined) return { ok: false, problems };
  return {
    ok: true,
    value: {
      year,
      source,
      ...(additionalSources.length > 0 ? { additionalSources } : {}),
      daysOff: lists.daysOff,
      workingDays: lists.workingDays,
      ...(typeof input.notes === 'string' ? { notes: input.notes } : {}),
    },
  };
}

/** The former name of parseCalendarYear. */
export const parseCalendarDecision = parseCalendarYear;

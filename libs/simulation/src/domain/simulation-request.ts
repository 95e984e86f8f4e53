import { isLocalDate, toDayNumber, type LocalDate, type TimeBudget } from '@lien-thong/calendar';
import type { ProblemDetail } from '@lien-thong/contracts';
import type { StatutoryLimit } from '@lien-thong/procedures';
import { calendarChangeProblems, type CalendarChange } from '../what-if/calendar-change';

/** The most dossiers one simulation makes (issue 21): a forecast for a province's year of one procedure. */
export const MAX_SIMULATED_DOSSIERS = 1_000_000;
/** Capacity planning runs up to 120 simulations: each of at most this many dossiers. */
export const MAX_PLANNED_DOSSIERS = 20_000;
/** The longest history a model is learnt from, and the longest what-if period. */
export const MAX_PERIOD_DAYS = 5 * 366;

/** Which definition: a published version, the draft, or the latest published version. */
export type DefinitionRef = { readonly version: number } | 'draft' | 'published';

export interface SimulationRequest {
  readonly definition: DefinitionRef;
  readonly compareWith: DefinitionRef | null;
  readonly dossiers: number;
  readonly seed: number;
  /** First day arrivals may fall on; null: the next day. */
  readonly firstDay: LocalDate | null;
  readonly arrivals: { readonly perWorkingDay: number; readonly hourly?: readonly number[] } | null;
  /** Learn from the dossiers received in this period; null: the 12 weeks before today. */
  readonly history: { readonly from: LocalDate; readonly to: LocalDate } | null;
  readonly capacity: Readonly<Record<string, number>>;
  readonly supplementPauseDays: number | null;
  /** Forecast for capacity planning: the smallest capacities keeping the on-time share at the target. */
  readonly targetOnTimeShare: number | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const AGENCY_CODE = /^[A-Za-z0-9.@_-]{1,80}$/;

function unknownKeys(value: Json, known: readonly string[], path: string, problems: ProblemDetail[]): void {
  for (const key of Object.keys(value))
    if (!known.includes(key))
      problems.push({
        path: path ? `${path}.${key}` : key,
        code: 'UNKNOWN_FIELD',
        message: `unknown field (known: ${known.join(', ')})`,
      });
}

function definitionRef(value: unknown, path: string, problems: ProblemDetail[]): DefinitionRef | null {
  if (value === 'draft' || value === 'published') return value;
  if (Number.isInteger(value) && (value as number) >= 1) return { version: value as number };
  problems.push({
    path,
    code: 'INVALID',
    message: 'must be a published version number, "draft" or "published"',
  });
  return null;
}

function period(
  value: unknown,
  path: string,
  problems: ProblemDetail[],
): { from: LocalDate; to: LocalDate } | null {
  if (!isObject(value)) {
    problems.push({ path, code: 'INVALID', message: 'must be { from: YYYY-MM-DD, to: YYYY-MM-DD }' });
    return null;
  }
  unknownKeys(value, ['from', 'to'], path, problems);
  const { from, to } = value;
  if (!isLocalDate(from))
    problems.push({ path: `${path}.from`, code: 'INVALID', message: 'must be a date YYYY-MM-DD' });
  if (!isLocalDate(to))
    problems.push({ path: `${path}.to`, code: 'INVALID', message: 'must be a date YYYY-MM-DD' });
  if (!isLocalDate(from) || !isLocalDate(to)) return null;
  if (to < from) {
    problems.push({ path: `${path}.to`, code: 'INVALID', message: 'must not be before from' });
    return null;
  }
  if (toDayNumber(to) - toDayNumber(from) > MAX_PERIOD_DAYS) {
    problems.push({ path, code: 'TOO_LONG', message: 'must be at most 5 years' });
    return null;
  }
  return { from, to };
}

function numberIn(
  value: unknown,
  path: string,
  min: number,
  max: number,
  problems: ProblemDetail[],
  integer = false,
): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    problems.push({ path, code: 'INVALID', message: `must be a ${integer ? 'whole number' : 'number'}` });
    return null;
  }
  if (value < min || value > max) {
    problems.push({
      path,
      code: max === MAX_SIMULATED_DOSSIERS && value > max ? 'TOO_LARGE' : 'OUT_OF_RANGE',
      message: `must be between ${min.toLocaleString('en')} and ${max.toLocaleString('en')}`,
    });
    return null;
  }
  return value;
}

function capacityOf(value: unknown, path: string, problems: ProblemDetail[]): Record<string, number> {
  if (value === undefined) return {};
  if (!isObject(value)) {
    problems.push({
      path,
      code: 'INVALID',
      message: 'must be an object { "<agency code>": dossiers at once }',
    });
    return {};
  }
  const out: Record<string, number> = {};
  for (const [agency, n] of Object.entries(value)) {
    if (!AGENCY_CODE.test(agency))
      problems.push({ path: `${path}.${agency}`, code: 'INVALID', message: 'is not an agency code' });
    const v = numberIn(n, `${path}.${agency}`, 1, 100_000, problems, true);
    if (v !== null) out[agency] = v;
  }
  return out;
}

/**
 * Reads a simulation request (`POST /procedures/{code}/simulate`): every problem at once, with its path,
 * so the 400 names each. Defaults: the latest published version, 1,000 dossiers, seed 1, arrivals and
 * step times from the 12 weeks before today, no capacity limit.
 */
export function parseSimulationRequest(
  body: unknown,
): { ok: true; value: SimulationRequest } | { ok: false; problems: ProblemDetail[] } {
  const problems: ProblemDetail[] = [];
  const b = body === undefined || body === null ? {} : body;
  if (!isObject(b))
    return {
      ok: false,
      problems: [{ path: '', code: 'INVALID', message: 'the body must be a JSON object' }],
    };
  unknownKeys(
    b,
    [
      'definition',
      'compareWith',
      'dossiers',
      'seed',
      'firstDay',
      'arrivals',
      'history',
      'capacity',
      'supplementPauseDays',
      'targetOnTimeShare',
    ],
    '',
    problems,
  );
  const definition =
    b.definition === undefined ? 'published' : definitionRef(b.definition, 'definition', problems);
  const compareWith =
    b.compareWith === undefined ? null : definitionRef(b.compareWith, 'compareWith', problems);
  const dossiers =
    b.dossiers === undefined
      ? 1000
      : numberIn(b.dossiers, 'dossiers', 1, MAX_SIMULATED_DOSSIERS, problems, true);
  const seed = b.seed === undefined ? 1 : numberIn(b.seed, 'seed', 0, 2 ** 31 - 1, problems, true);
  let firstDay: LocalDate | null = null;
  if (b.firstDay !== undefined) {
    if (!isLocalDate(b.firstDay) || b.firstDay < '2000-01-01' || b.firstDay > '2199-01-01')
      problems.push({
        path: 'firstDay',
        code: 'INVALID',
        message: 'must be a date YYYY-MM-DD between 2000 and 2199',
      });
    else firstDay = b.firstDay;
  }
  let arrivals: SimulationRequest['arrivals'] = null;
  if (b.arrivals !== undefined) {
    if (!isObject(b.arrivals))
      problems.push({ path: 'arrivals', code: 'INVALID', message: 'must be { perWorkingDay, hourly? }' });
    else {
      unknownKeys(b.arrivals, ['perWorkingDay', 'hourly'], 'arrivals', problems);
      const rate = numberIn(b.arrivals.perWorkingDay, 'arrivals.perWorkingDay', 0.001, 1_000_000, problems);
      let hourly: number[] | undefined;
      if (b.arrivals.hourly !== undefined) {
        const h = b.arrivals.hourly;
        if (
          !Array.isArray(h) ||
          h.length !== 24 ||
          !h.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) ||
          (h as number[]).reduce((a, x) => a + x, 0) <= 0
        )
          problems.push({
            path: 'arrivals.hourly',
            code: 'INVALID',
            message: 'must be 24 weights of at least 0, one per hour of the day, not all 0',
          });
        else hourly = h as number[];
      }
      if (rate !== null) arrivals = hourly ? { perWorkingDay: rate, hourly } : { perWorkingDay: rate };
    }
  }
  const history = b.history === undefined ? null : period(b.history, 'history', problems);
  const capacity = capacityOf(b.capacity, 'capacity', problems);
  const supplementPauseDays =
    b.supplementPauseDays === undefined
      ? null
      : numberIn(b.supplementPauseDays, 'supplementPauseDays', 0, 365, problems);
  const targetOnTimeShare =
    b.targetOnTimeShare === undefined
      ? null
      : numberIn(b.targetOnTimeShare, 'targetOnTimeShare', 0.01, 1, problems);
  if (targetOnTimeShare !== null && dossiers !== null && dossiers > MAX_PLANNED_DOSSIERS)
    problems.push({
      path: 'dossiers',
      code: 'TOO_LARGE',
      message: `capacity planning runs many simulations: at most ${MAX_PLANNED_DOSSIERS.toLocaleString('en')} dossiers each`,
    });
  if (targetOnTimeShare !== null && compareWith !== null)
    problems.push({
      path: 'targetOnTimeShare',
      code: 'INVALID',
      message: 'capacity planning runs on one definition: leave out compareWith',
    });
  if (problems.length > 0 || definition === null || dossiers === null || seed === null)
    return { ok: false, problems };
  return {
    ok: true,
    value: {
      definition,
      compareWith,
      dossiers,
      seed,
      firstDay,
      arrivals,
      history,
      capacity,
      supplementPauseDays,
      targetOnTimeShare,
    },
  };
}

/** A what-if over recorded dossiers: which of them, and what would have been different. */
export interface WhatIfRequest {
  /** Dossiers received in this period. */
  readonly period: { readonly from: LocalDate; readonly to: LocalDate };
  readonly procedure: readonly string[] | null;
  readonly agency: readonly string[] | null;
  readonly unit: readonly string[] | null;
  readonly calendar: CalendarChange;
  /** Per procedure code: another statutory limit, other step budgets. */
  readonly rules: Readonly<
    Record<
      string,
      { readonly statutoryLimit?: StatutoryLimit; readonly steps?: Readonly<Record<string, TimeBudget>> }
    >
  >;
  /** Changed dossiers listed at most (the totals count them all). */
  readonly limit: number;
}

export const MAX_WHAT_IF_LISTED = 100_000;
const BUDGET_UNITS = ['workingDays', 'workingHours', 'workingSeconds'];

function budgetOf(value: unknown, path: string, problems: ProblemDetail[]): TimeBudget | null {
  if (!isObject(value) || !BUDGET_UNITS.includes(value.unit as string)) {
    problems.push({
      path,
      code: 'INVALID',
      message: `must be { unit: ${BUDGET_UNITS.join(' | ')}, amount }`,
    });
    return null;
  }
  unknownKeys(value, ['unit', 'amount'], path, problems);
  const amount = numberIn(value.amount, `${path}.amount`, 0, 10_000, problems);
  return amount === null ? null : { unit: value.unit as TimeBudget['unit'], amount };
}

function codes(value: unknown, path: string, problems: ProblemDetail[]): string[] | null {
  if (value === undefined) return null;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > 200 ||
    !value.every((v) => typeof v === 'string' && AGENCY_CODE.test(v))
  ) {
    problems.push({ path, code: 'INVALID', message: 'must be a list of 1 to 200 codes' });
    return null;
  }
  return value as string[];
}

/** Reads a what-if request (`POST /what-if`): every problem at once, with its path. */
export function parseWhatIfRequest(
  body: unknown,
): { ok: true; value: WhatIfRequest } | { ok: false; problems: ProblemDetail[] } {
  const problems: ProblemDetail[] = [];
  if (!isObject(body))
    return {
      ok: false,
      problems: [{ path: '', code: 'INVALID', message: 'the body must be a JSON object' }],
    };
  unknownKeys(body, ['period', 'procedure', 'agency', 'unit', 'calendar', 'rules', 'limit'], '', problems);
  const p =
    body.period === undefined
      ? (problems.push({ path: 'period', code: 'REQUIRED', message: 'is required: { from, to }' }), null)
      : period(body.period, 'period', problems);
  const procedure = codes(body.procedure, 'procedure', problems);
  const agency = codes(body.agency, 'agency', problems);
  const unit = codes(body.unit, 'unit', problems);
  let calendar: CalendarChange = { daysOff: [], workingDays: [] };
  if (body.calendar !== undefined) {
    const found = calendarChangeProblems(body.calendar, 'calendar');
    problems.push(...found.map((f) => ({ ...f, code: 'INVALID' })));
    if (found.length === 0) {
      const c = body.calendar as {
        daysOff?: CalendarChange['daysOff'];
        workingDays?: CalendarChange['workingDays'];
      };
      calendar = { daysOff: c.daysOff ?? [], workingDays: c.workingDays ?? [] };
    }
  }
  const rules: Record<string, { statutoryLimit?: StatutoryLimit; steps?: Record<string, TimeBudget> }> = {};
  if (body.rules !== undefined) {
    if (!isObject(body.rules))
      problems.push({
        path: 'rules',
        code: 'INVALID',
        message: 'must be { "<procedure code>": { statutoryLimit?, steps? } }',
      });
    else
      for (const [code, r] of Object.entries(body.rules)) {
        const at = `rules.${code}`;
        if (!isObject(r)) {
          problems.push({ path: at, code: 'INVALID', message: 'must be { statutoryLimit?, steps? }' });
          continue;
        }
        unknownKeys(r, ['statutoryLimit', 'steps'], at, problems);
        const entry: { statutoryLimit?: StatutoryLimit; steps?: Record<string, TimeBudget> } = {};
        if (r.statutoryLimit !== undefined) {
          const l = r.statutoryLimit;
          if (isObject(l) && (l.unit === 'sameDay' || l.unit === 'immediate')) {
            unknownKeys(l, ['unit'], `${at}.statutoryLimit`, problems);
            entry.statutoryLimit = { unit: l.unit };
          } else {
            const budget = budgetOf(l, `${at}.statutoryLimit`, problems);
            if (budget) entry.statutoryLimit = budget;
          }
        }
        if (r.steps !== undefined) {
          if (!isObject(r.steps))
            problems.push({
              path: `${at}.steps`,
              code: 'INVALID',
              message: 'must be { "<step id>": budget }',
            });
          else {
            entry.steps = {};
            for (const [stepId, budget] of Object.entries(r.steps)) {
              const parsed = budgetOf(budget, `${at}.steps.${stepId}`, problems);
              if (parsed) entry.steps[stepId] = parsed;
            }
          }
        }
        rules[code] = entry;
      }
  }
  if (
    calendar.daysOff.length === 0 &&
    calendar.workingDays.length === 0 &&
    Object.keys(rules).length === 0 &&
    problems.length === 0
  )
    problems.push({
      path: 'calendar',
      code: 'REQUIRED',
      message: 'say what would be different: a calendar change or other rules',
    });
  const limit =
    body.limit === undefined ? 1000 : numberIn(body.limit, 'limit', 0, MAX_WHAT_IF_LISTED, problems, true);
  if (problems.length > 0 || p === null || limit === null) return { ok: false, problems };
  return { ok: true, value: { period: p, procedure, agency, unit, calendar, rules, limit } };
}

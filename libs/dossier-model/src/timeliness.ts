import type { StepCompletedData, StepHandedOffData } from './dossier-events';
import { isWithinDayLimit, type StatutoryLimitSnapshot, type Timeliness } from './dossier-snapshot';

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

/**
 * How a step's time is judged: early, on time or late, or not counted at all for a step marked
 * `excludedFromLimit` (the applicant's time, e.g. paying land tax: no agency answers for it). What read
 * models show and count; the events keep the timeliness against the step's own period for information.
 */
export type StepJudgement = Timeliness | 'not-counted';

export function completionJudgement(
  d: Pick<StepCompletedData, 'outcome' | 'excludedFromLimit'>,
): StepJudgement {
  return d.excludedFromLimit === true ? 'not-counted' : d.outcome;
}

/** Null for a first step; a predecessor recorded without an outcome is one that does not count. */
export function previousStepJudgement(
  d: Pick<StepHandedOffData, 'previousStepId' | 'previousStepOutcome'>,
): StepJudgement | null {
  if (d.previousStepId === null) return null;
  return d.previousStepOutcome ?? 'not-counted';
}

/**
 * Giải quyết trong ngày: for a procedure whose statutory limit is the working day (`sameDay`) or whose
 * result is given at once (`immediate`), whether the result was ready by the dossier's due date, which
 * is the end of the working day it counts from (the next one after the cut-off), moved only by clock
 * stops. True counts the dossier as resolved within the day, whether its timeliness says early or on
 * time; false means it was late. Null for any other limit, and when the limit was not recorded (dossiers
 * received before `statutoryLimit` existed).
 */
export function resolvedWithinDay(
  limit: StatutoryLimitSnapshot | undefined | null,
  outcome: Timeliness,
): boolean | null {
  if (!isWithinDayLimit(limit)) return null;
  return outcome !== 'late';
}

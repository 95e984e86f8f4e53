import type { Interval, TimeBudget, WorkingTimeCalendar } from '@lien-thong/calendar';
import { countedLimit, type StatutoryLimit } from '@lien-thong/procedures';

/** What the replay needs of a dossier: the reports' facts (`report_dossiers.facts`), as recorded. */
export interface ReplayFacts {
  readonly code: string;
  readonly procedureCode: string;
  readonly procedureVersion: number;
  readonly receivingUnitCode: string;
  readonly receivedAt: string;
  readonly dueAt: string;
  readonly resultReadyAt: string | null;
  readonly outcome: string | null;
  readonly endedAt: string | null;
  readonly clockStops: readonly {
    readonly kind: 'supplement' | 'excluded';
    readonly from: string;
    readonly to: string | null;
  }[];
  readonly visits: readonly {
    readonly stepId: string;
    readonly visit: number;
    readonly agencyCode: string;
    readonly handedOffAt: string;
    readonly completedAt: string | null;
    readonly returnedAt: string | null;
    readonly deadline: string;
    readonly excludedFromLimit: boolean;
  }[];
}

/** The rules a dossier is counted by: its procedure version's, or the what-if's. */
export interface ReplayRules {
  readonly statutoryLimit: StatutoryLimit;
  readonly countingRule: 'civil-code' | 'from-instant';
  readonly supplementPolicy: 'pause' | 'restart';
  /** The budget of each step, by id. */
  readonly budgets: ReadonlyMap<string, TimeBudget>;
}

export type ReplayOutcome = 'early' | 'on-time' | 'late' | 'in-progress' | 'overdue' | 'ended';

export interface LateVisit {
  readonly stepId: string;
  readonly visit: number;
  readonly agencyCode: string;
  readonly deadline: number;
}

export interface ReplayJudgement {
  readonly dueAt: number;
  readonly outcome: ReplayOutcome;
  /** The step visits that ended after their deadline, or run past it at `asOf`: who answers for the delay. */
  readonly lateVisits: readonly LateVisit[];
}

/** The statutory due date as the intake and every recomputation count it (libs/dossiers `statutoryDueAt`). */
export type StatutoryDue = (
  calendar: WorkingTimeCalendar,
  from: number,
  limit: ReturnType<typeof countedLimit>,
  rule: 'civil-code' | 'from-instant',
  exclusions: readonly Interval[],
) => number;

const VN_OFFSET_MS = 7 * 3_600_000;
const localDay = (ms: number) => Math.floor((ms + VN_OFFSET_MS) / 86_400_000);

/**
 * One recorded dossier judged again (phát lại): the same instants (received, handed off, completed,
 * paused, ready), its due date and each step's deadline counted again on `calendars` under `rules`,
 * exactly as the engine counts them (the statutory limit on the receiving unit's calendar from its
 * statutory start, moved by the clock stops; a restart policy counting again from the supplement's
 * receipt; each step from its handoff on the step calendar, moved by the stops closed before it ended).
 * Pure: nothing is written.
 */
export function judgeRecordedDossier(
  facts: ReplayFacts,
  rules: ReplayRules,
  calendars: { readonly unit: WorkingTimeCalendar; readonly steps: WorkingTimeCalendar },
  statutoryDue: StatutoryDue,
  asOf: number,
): ReplayJudgement {
  const ms = Date.parse;
  // A clock stop still open (a supplement awaited now) moves nothing yet: the engine counts it when the
  // clock resumes, and judges nothing late while it stands.
  const paused = facts.clockStops.some((s) => s.to === null);
  const stops = facts.clockStops
    .filter((s) => s.to !== null)
    .map((s) => ({ from: ms(s.from), to: ms(s.to!) }));
  const supplementEnds = facts.clockStops
    .filter((s) => s.kind === 'supplement' && s.to !== null)
    .map((s) => ms(s.to!));
  const restartedAt =
    rules.supplementPolicy === 'restart' && supplementEnds.length > 0 ? Math.max(...supplementEnds) : null;
  const clock = restartedAt === null ? stops : stops.filter((s) => s.from >= restartedAt);
  const dueAt = statutoryDue(
    calendars.unit,
    restartedAt ?? ms(facts.receivedAt),
    countedLimit(rules.statutoryLimit),
    rules.countingRule,
    clock.filter((s) => s.to > s.from),
  );

  const lateVisits: LateVisit[] = [];
  for (const v of facts.visits) {
    if (v.excludedFromLimit) continue;
    const budget = rules.budgets.get(v.stepId);
    if (!budget) continue;
    const handedOff = ms(v.handedOffAt);
    const ended =
      v.completedAt !== null ? ms(v.completedAt) : v.returnedAt !== null ? ms(v.returnedAt) : null;
    if (ended === null && paused) continue;
    const until = ended ?? asOf;
    const from =
      restartedAt !== null && handedOff < restartedAt && until > restartedAt ? restartedAt : handedOff;
    // The stops the engine had counted when the visit ended: those closed by then.
    const exclusions = stops.filter((s) => s.to <= until && s.to > s.from);
    const deadline = calendars.steps.deadline(from, budget, { countingRule: 'from-instant', exclusions });
    if (until > deadline)
      lateVisits.push({ stepId: v.stepId, visit: v.visit, agencyCode: v.agencyCode, deadline });
  }

  let outcome: ReplayOutcome;
  if (facts.resultReadyAt !== null) {
    const ready = ms(facts.resultReadyAt);
    outcome = ready > dueAt ? 'late' : localDay(ready) < localDay(dueAt) ? 'early' : 'on-time';
  } else if (facts.endedAt !== null) outcome = 'ended';
  else outcome = !paused && asOf > dueAt ? 'overdue' : 'in-progress';
  return { dueAt, outcome, lateVisits };
}

/** How a dossier's judgement changed between the calendar and rules in force and the what-if. */
export interface WhatIfChange {
  readonly code: string;
  readonly procedureCode: string;
  readonly receivingUnitCode: string;
  readonly receivedAt: string;
  readonly before: {
    readonly dueAt: string;
    readonly outcome: ReplayOutcome;
    readonly lateAgencies: string[];
  };
  readonly after: {
    readonly dueAt: string;
    readonly outcome: ReplayOutcome;
    readonly lateAgencies: string[];
  };
  /** What changed: the due date, the outcome, the agencies answering for a delay. */
  readonly changed: readonly ('due-date' | 'outcome' | 'responsible-agencies')[];
}

const agenciesOf = (j: ReplayJudgement) => [...new Set(j.lateVisits.map((v) => v.agencyCode))].sort();

/** The change between two judgements of one dossier, or null when nothing a person would see changed. */
export function compareJudgements(
  facts: ReplayFacts,
  before: ReplayJudgement,
  after: ReplayJudgement,
): WhatIfChange | null {
  const changed: WhatIfChange['changed'][number][] = [];
  if (before.dueAt !== after.dueAt) changed.push('due-date');
  if (before.outcome !== after.outcome) changed.push('outcome');
  const a = agenciesOf(before);
  const b = agenciesOf(after);
  if (a.join(',') !== b.join(',')) changed.push('responsible-agencies');
  if (changed.length === 0) return null;
  const iso = (t: number) => new Date(t).toISOString();
  return {
    code: facts.code,
    procedureCode: facts.procedureCode,
    receivingUnitCode: facts.receivingUnitCode,
    receivedAt: facts.receivedAt,
    before: { dueAt: iso(before.dueAt), outcome: before.outcome, lateAgencies: a },
    after: { dueAt: iso(after.dueAt), outcome: after.outcome, lateAgencies: b },
    changed,
  };
}

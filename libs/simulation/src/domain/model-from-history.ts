import type { ProcedureDefinition, StepDefinition } from '@lien-thong/procedures';
import type { ProcedureHistory, StepHistoryGroup } from '@lien-thong/reports';
import {
  ASSUMED_CONDITION_RATE,
  ASSUMED_DURATION,
  ASSUMED_RETURN_RATE,
  ASSUMED_SUPPLEMENT_PAUSE_DAYS,
  ASSUMED_SUPPLEMENT_RATE,
  type DurationModel,
  type OwnerRoute,
  type SimulationModel,
  type StepBehaviour,
} from './simulation-model';
import { ownerLabel } from './procedure-simulation';

/** A history group and a procedure's history as the reports read them (`readStepHistory`). */
export type HistoryGroup = Omit<StepHistoryGroup, 'usedWorkingMs'>;
export type HistoryOfProcedure = Omit<ProcedureHistory, 'finished' | 'finishedInTime'>;

export interface HistoryInput {
  readonly groups: readonly HistoryGroup[];
  readonly procedures: readonly HistoryOfProcedure[];
  /** Working days in the history's period (arrivals per working day are counted over them). */
  readonly workingDays: number;
  /** The step as the version the dossiers were bound to defines it (its kind, its owner). */
  stepOf(procedureCode: string, version: number, stepId: string): StepDefinition | undefined;
}

/** What the model took from where, for people reading a forecast. */
export interface Assumption {
  readonly code:
    | 'DURATION_FROM_STEP'
    | 'DURATION_FROM_AGENCY_KIND'
    | 'DURATION_ASSUMED'
    | 'ARRIVALS_GIVEN'
    | 'ARRIVALS_FROM_HISTORY'
    | 'OWNER_WITHOUT_HISTORY'
    | 'CONDITION_RATE_ASSUMED'
    | 'CONDITION_RATE_FROM_HISTORY'
    | 'SUPPLEMENT_PAUSE_ASSUMED'
    | 'CAPACITY_UNLIMITED';
  readonly stepId?: string;
  readonly agency?: string;
  readonly message: string;
}

export interface ModelRequest {
  readonly definition: ProcedureDefinition;
  readonly firstDay: string;
  readonly dossiers: number;
  readonly seed: number;
  readonly arrivals?: { readonly perWorkingDay: number; readonly hourly?: readonly number[] };
  readonly capacity: Readonly<Record<string, number>>;
  readonly supplementPauseDays?: number;
}

/** Enough visits for a group's quantiles to stand for the agency's pace. */
export const MIN_VISITS = 10;
const DEFAULT_HOURS = Array.from({ length: 24 }, (_, h) =>
  h >= 8 && h < 11 ? 2 : h >= 13 && h < 16 ? 1 : 0,
);

/**
 * Merges quantile sets weighted by their visits into one set of 101 quantiles: every set's points carry
 * its visits spread evenly, and the merged distribution is read at every 1 %.
 */
export function mergeQuantiles(
  sets: readonly { readonly quantiles: readonly number[]; readonly visits: number }[],
): number[] {
  const points: { value: number; weight: number }[] = [];
  for (const s of sets) {
    const w = s.visits / s.quantiles.length;
    for (const q of s.quantiles) points.push({ value: q, weight: w });
  }
  points.sort((a, b) => a.value - b.value);
  const total = points.reduce((a, p) => a + p.weight, 0);
  const out: number[] = [];
  let cumulative = 0;
  let i = 0;
  for (let k = 0; k <= 100; k += 1) {
    const target = (k / 100) * total;
    while (i < points.length - 1 && cumulative + points[i]!.weight < target)
      cumulative += points[i++]!.weight;
    out.push(points[i]?.value ?? 0);
  }
  return out;
}

const ownerKey = (step: StepDefinition | undefined) =>
  step && 'role' in step.owner ? `${step.owner.role}@${step.owner.of}` : null;

/**
 * The simulation model of a procedure (a draft or a version) from the record (issue 21): each step's
 * time at its agency from the history of that step there, else from the agency's steps of the same kind
 * in any procedure, else a stated distribution around the budget; supplements and returns at their
 * observed rates; who holds role-owned steps from the receiving units seen, in their proportions;
 * arrivals per working day and by hour from the record unless given. Every source and fallback is
 * listed (`assumptions`, complete once the model has been simulated).
 */
export function modelFromHistory(
  request: ModelRequest,
  history: HistoryInput,
  base: Pick<SimulationModel, 'calendar' | 'statutoryDue'>,
): { model: SimulationModel; assumptions: () => Assumption[] } {
  const def = request.definition;
  const assumptions: Assumption[] = [];
  const own = history.procedures.find((p) => p.procedureCode === def.code);

  // Who holds each step, per receiving unit seen (a role resolved for one step serves the same role's
  // other steps, also new ones of a draft).
  const routes: OwnerRoute[] = (own?.units ?? []).map((unit) => {
    const byRole = new Map<string, string>();
    for (const [stepId, agency] of Object.entries(unit.holders)) {
      for (const g of history.groups)
        if (g.procedureCode === def.code && g.stepId === stepId) {
          const key = ownerKey(history.stepOf(g.procedureCode, g.procedureVersion, stepId));
          if (key) byRole.set(key, agency);
          break;
        }
    }
    const owners: Record<string, string> = {};
    for (const step of def.steps) {
      if ('agencyCode' in step.owner) owners[step.id] = step.owner.agencyCode;
      else owners[step.id] = byRole.get(ownerLabel(step)) ?? ownerLabel(step);
    }
    return { weight: unit.dossiers, owners };
  });
  for (const step of def.steps)
    if (!('agencyCode' in step.owner) && !routes.some((r) => r.owners[step.id] !== ownerLabel(step)))
      assumptions.push({
        code: 'OWNER_WITHOUT_HISTORY',
        stepId: step.id,
        agency: ownerLabel(step),
        message: `No recorded dossier names the agency holding ${ownerLabel(step)}: one pool stands for all of them`,
      });

  const stepById = new Map(def.steps.map((s) => [s.id, s]));
  const behaviour = (stepId: string, agency: string): StepBehaviour => {
    const step = stepById.get(stepId)!;
    const sameStep = history.groups.filter(
      (g) =>
        g.procedureCode === def.code && g.stepId === stepId && g.agencyCode === agency && g.usedPerBudget,
    );
    const sameKind = history.groups.filter(
      (g) =>
        g.agencyCode === agency &&
        g.usedPerBudget &&
        history.stepOf(g.procedureCode, g.procedureVersion, g.stepId)?.kind === step.kind,
    );
    const visits = (gs: readonly HistoryGroup[]) => gs.reduce((a, g) => a + g.visits, 0);
    const groups =
      visits(sameStep) >= MIN_VISITS ? sameStep : visits(sameKind) >= MIN_VISITS ? sameKind : null;
    if (!groups) {
      assumptions.push({
        code: 'DURATION_ASSUMED',
        stepId,
        agency,
        message: `No history of ${agency} for steps of kind ${step.kind}: its time is drawn around the budget (median ${ASSUMED_DURATION.kind === 'lognormal' ? ASSUMED_DURATION.medianRatio * 100 : 0} %, lognormal σ 0.5), supplements ${ASSUMED_SUPPLEMENT_RATE * 100} %, returns ${ASSUMED_RETURN_RATE * 100} %`,
      });
      return {
        duration: ASSUMED_DURATION,
        supplementRate: ASSUMED_SUPPLEMENT_RATE,
        returnRate: step.canReturnTo?.length ? ASSUMED_RETURN_RATE : 0,
        source: 'assumed',
      };
    }
    const n = visits(groups);
    assumptions.push({
      code: groups === sameStep ? 'DURATION_FROM_STEP' : 'DURATION_FROM_AGENCY_KIND',
      stepId,
      agency,
      message:
        groups === sameStep
          ? `${n} recorded visits of this step at ${agency}`
          : `${n} recorded visits of ${agency} to steps of kind ${step.kind} in ${new Set(groups.map((g) => g.procedureCode)).size} procedure(s)`,
    });
    const duration: DurationModel = {
      kind: 'quantiles',
      quantiles: mergeQuantiles(groups.map((g) => ({ quantiles: g.usedPerBudget!, visits: g.visits }))),
      visits: n,
    };
    return {
      duration,
      supplementRate: groups.reduce((a, g) => a + g.supplements, 0) / n,
      returnRate: step.canReturnTo?.length ? groups.reduce((a, g) => a + g.returns, 0) / n : 0,
      source: 'history',
    };
  };

  const conditionRate = (stepId: string): number => {
    const seen = history.groups.filter((g) => g.procedureCode === def.code && g.stepId === stepId);
    if (own && own.dossiers > 0 && seen.length > 0) {
      const rate = Math.min(1, seen.reduce((a, g) => a + g.dossiers, 0) / own.dossiers);
      assumptions.push({
        code: 'CONDITION_RATE_FROM_HISTORY',
        stepId,
        message: `The step applied to ${(rate * 100).toFixed(1)} % of the recorded dossiers`,
      });
      return rate;
    }
    assumptions.push({
      code: 'CONDITION_RATE_ASSUMED',
      stepId,
      message: `No record of this step's condition: it is taken to apply to ${ASSUMED_CONDITION_RATE * 100} % of dossiers`,
    });
    return ASSUMED_CONDITION_RATE;
  };

  let arrivals: SimulationModel['arrivals'];
  if (request.arrivals) {
    arrivals = {
      perWorkingDay: request.arrivals.perWorkingDay,
      hourly: request.arrivals.hourly ?? own?.byHour ?? DEFAULT_HOURS,
    };
    assumptions.push({
      code: 'ARRIVALS_GIVEN',
      message: `${request.arrivals.perWorkingDay} dossiers per working day, as given`,
    });
  } else {
    const perWorkingDay = (own?.dossiers ?? 0) / Math.max(history.workingDays, 1);
    arrivals = { perWorkingDay, hourly: own?.byHour ?? DEFAULT_HOURS };
    assumptions.push({
      code: 'ARRIVALS_FROM_HISTORY',
      message: `${own?.dossiers ?? 0} dossiers over ${history.workingDays} working days: ${perWorkingDay.toFixed(2)} per working day`,
    });
  }

  let supplementPauseDays = request.supplementPauseDays;
  if (supplementPauseDays === undefined) {
    const pooled = history.procedures.reduce(
      (a, p) => ({ n: a.n + p.supplements, ms: a.ms + p.pausedWorkingMs }),
      { n: 0, ms: 0 },
    );
    if (pooled.n > 0) supplementPauseDays = pooled.ms / pooled.n / base.calendar.workingDayMs;
    else {
      supplementPauseDays = ASSUMED_SUPPLEMENT_PAUSE_DAYS;
      assumptions.push({
        code: 'SUPPLEMENT_PAUSE_ASSUMED',
        message: `No supplement on record: the applicant is taken to bring one in ${ASSUMED_SUPPLEMENT_PAUSE_DAYS} working days on average`,
      });
    }
  }
  if (Object.keys(request.capacity).length === 0)
    assumptions.push({
      code: 'CAPACITY_UNLIMITED',
      message:
        'No capacity given: every agency takes each dossier as it comes (the recorded times include the queues they had)',
    });

  const seen = new Set<string>();
  const noteOnce = (list: Assumption[]) =>
    list.filter((a) => {
      const key = `${a.code}/${a.stepId ?? ''}/${a.agency ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });

  const model: SimulationModel = {
    ...base,
    definition: def,
    firstDay: request.firstDay,
    dossiers: request.dossiers,
    seed: request.seed,
    arrivals,
    routes,
    behaviour,
    conditionRate,
    capacity: request.capacity,
    supplementPauseDays,
  };
  // Behaviours are asked for as the simulation meets each step and agency: read the list after it ran.
  return { model, assumptions: () => noteOnce(assumptions) };
}

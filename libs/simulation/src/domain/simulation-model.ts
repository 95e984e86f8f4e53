import type { WorkingTimeCalendar } from '@lien-thong/calendar';
import type { ProcedureDefinition } from '@lien-thong/procedures';

/**
 * How long a step visit takes (handed off → completed, in working time, without clock stops), as a
 * share of the step's budget: drawn from history (the quantiles of the shares recorded at that agency
 * for steps of that kind), or a stated lognormal distribution around the budget where there is none.
 */
export type DurationModel =
  | { readonly kind: 'quantiles'; readonly quantiles: readonly number[]; readonly visits: number }
  | { readonly kind: 'lognormal'; readonly medianRatio: number; readonly sigma: number };

/** The fallback where an agency has no history for a kind of step: median 60 % of the budget, σ 0.5. */
export const ASSUMED_DURATION: DurationModel = { kind: 'lognormal', medianRatio: 0.6, sigma: 0.5 };
/** The fallback share of visits that ask the applicant for a supplement, and that hand the dossier back. */
export const ASSUMED_SUPPLEMENT_RATE = 0.05;
export const ASSUMED_RETURN_RATE = 0.02;
/** The fallback share of dossiers for which a step with a condition applies. */
export const ASSUMED_CONDITION_RATE = 0.5;
/** The fallback time an applicant takes to bring a supplement: 2 working days on average. */
export const ASSUMED_SUPPLEMENT_PAUSE_DAYS = 2;

/** How one agency performs one step. */
export interface StepBehaviour {
  readonly duration: DurationModel;
  /** Share of visits during which the agency asks the applicant for a supplement (the clock pauses). */
  readonly supplementRate: number;
  /** Share of visits that end by handing the dossier back (to the first step it may return to). */
  readonly returnRate: number;
  /** Where the figures come from. */
  readonly source: 'history' | 'assumed';
}

/** Who holds the role-owned steps of one kind of dossier (e.g. those of one ward), and how often. */
export interface OwnerRoute {
  readonly weight: number;
  /** Agency (or, without history, the role's label) holding each step, by step id. */
  readonly owners: Readonly<Record<string, string>>;
}

/** Dossiers arriving: per working day on average (Poisson), spread over the hours by these weights. */
export interface ArrivalModel {
  readonly perWorkingDay: number;
  /** 24 weights, one per hour of the day (Vietnam time); hours outside reception simply start later. */
  readonly hourly: readonly number[];
}

/** Everything one simulation run needs: pure data and functions, no I/O. */
export interface SimulationModel {
  readonly definition: ProcedureDefinition;
  /** The counting calendar (holidays, Tết, hours, cut-off). */
  readonly calendar: WorkingTimeCalendar;
  /**
   * The statutory due instant of a dossier received at `receivedAt`, before any clock stop (as the intake
   * counts it: `statutoryDueAt` of the dossiers context, with the procedure's limit and counting rule).
   */
  statutoryDue(receivedAt: number): number;
  /** The first day arrivals may fall on (Vietnam date, YYYY-MM-DD). */
  readonly firstDay: string;
  readonly dossiers: number;
  readonly arrivals: ArrivalModel;
  readonly seed: number;
  readonly routes: readonly OwnerRoute[];
  /** How `agency` performs step `stepId`. */
  behaviour(stepId: string, agency: string): StepBehaviour;
  /** For a step with a condition: the share of dossiers it applies to. */
  conditionRate(stepId: string): number;
  /** Dossiers each agency works on at once; an agency not named has no limit. */
  readonly capacity: Readonly<Record<string, number>>;
  /** The applicant's time to bring a supplement, in working days on average (exponential). */
  readonly supplementPauseDays: number;
}

import type { TimeBudget, TimeLimit } from '@lien-thong/calendar';

/**
 * The rule set the design was written for (a label of the design). A dossier is bound to the rule set
 * in force on the day it is received, whatever this says (libs/dossier-model `ruleSetAt`).
 */
export type RuleSetVersion = 'decree-61-2018' | 'decree-118-2025';
export const RULE_SET_VERSIONS: readonly RuleSetVersion[] = ['decree-61-2018', 'decree-118-2025'];

export type IntakeChannel = 'counter' | 'post' | 'online' | 'national-portal' | 'other';
export const INTAKE_CHANNELS: readonly IntakeChannel[] = [
  'counter',
  'post',
  'online',
  'national-portal',
  'other',
];

export type StepKind = 'process' | 'approve' | 'sign' | 'notify-tax' | 'payment' | 'return-result';
export const STEP_KINDS: readonly StepKind[] = [
  'process',
  'approve',
  'sign',
  'notify-tax',
  'payment',
  'return-result',
];

/** Who owns a step: a concrete agency, or a role resolved from the dossier (e.g. the applicant's commune). */
export type StepOwner =
  | { readonly agencyCode: string }
  | { readonly role: string; readonly of: 'applicant-commune' | 'applicant-province' | 'receiving-unit' };

/** A condition on dossier data: no code is evaluated, only this small tree. */
export type StepCondition =
  | {
      readonly field: string;
      readonly op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in';
      readonly value: unknown;
    }
  | { readonly all: readonly StepCondition[] }
  | { readonly any: readonly StepCondition[] };

export interface LocalizedName {
  readonly vi: string;
  readonly en?: string;
}

export interface StepDefinition {
  readonly id: string;
  readonly name: LocalizedName;
  readonly kind: StepKind;
  readonly owner: StepOwner;
  readonly budget: TimeBudget;
  /** Steps this one waits for: one = sequence; several = a join (all of them). */
  readonly after: readonly string[];
  readonly condition?: StepCondition;
  /** Earlier steps (ancestors) this step may hand the dossier back to. */
  readonly canReturnTo?: readonly string[];
  /** An excluded phase (e.g. the applicant paying land tax): its time does not count towards the limit. */
  readonly excludedFromLimit?: boolean;
}

/**
 * Thời hạn giải quyết. `sameDay`: within the working day (the next one after the cut-off). `immediate`:
 * the result is given at once after receipt and processing (trả kết quả ngay); deadlines count it like
 * `sameDay`, and the desk issues no receipt (form 01) unless the applicant asks for one.
 */
export type StatutoryLimit =
  | { readonly unit: 'workingDays' | 'workingHours' | 'workingSeconds'; readonly amount: number }
  | { readonly unit: 'sameDay' }
  | { readonly unit: 'immediate' };

/** The limit as the working-time calendar counts it: a result given at once is due within the day. */
export function countedLimit(limit: StatutoryLimit): TimeLimit {
  return limit.unit === 'immediate' ? { unit: 'sameDay' } : limit;
}

export interface RequiredDocument {
  readonly code: string;
  readonly name: LocalizedName;
  readonly copies: number;
  readonly original: boolean;
}

/** A coordination rule (quy trình liên thông): what a designer edits, validates and publishes. */
export interface ProcedureDefinition {
  /** Official catalogue code, e.g. `1.001193`; a bundle has its own code. */
  readonly code: string;
  readonly name: LocalizedName;
  /** Lĩnh vực */
  readonly field: string;
  readonly ruleSet: RuleSetVersion;
  readonly statutoryLimit: StatutoryLimit;
  readonly countingRule: 'civil-code' | 'from-instant';
  readonly requiredDocuments: readonly RequiredDocument[];
  readonly intakeChannels: readonly IntakeChannel[];
  /** Supplement during processing: the clock pauses (default) or restarts from the complete dossier. */
  readonly supplementPolicy: 'pause' | 'restart';
  /** How many times the appointment may be re-set after an apology (default 1). */
  readonly maxReappointments: number;
  /**
   * By how long before the appointment the agency responsible for a delay must have sent its apology
   * and request to extend (form 04): at the latest one working day before (default; Decree 61/2018
   * art. 19, kept by Decree 118/2025). Test procedures with budgets in seconds give seconds.
   */
  readonly apologyNotice?: TimeBudget;
  /**
   * Within how long of receiving the dossier the agency processing it may ask for a supplement: three
   * working days (default; the same decrees). Counted from the step's receipt, day of receipt excluded.
   */
  readonly supplementWindow?: TimeBudget;
  /** Procedures combined in one dossier (liên thông bundle), e.g. birth + residence + health insurance. */
  readonly bundleOf?: readonly { readonly code: string; readonly name: LocalizedName }[];
  readonly steps: readonly StepDefinition[];
}

/** The default apology notice (form 04): one working day before the appointment. */
export const DEFAULT_APOLOGY_NOTICE: TimeBudget = { unit: 'workingDays', amount: 1 };
/** The default window for asking a supplement during processing: three working days. */
export const DEFAULT_SUPPLEMENT_WINDOW: TimeBudget = { unit: 'workingDays', amount: 3 };

export function apologyNoticeOf(definition: Pick<ProcedureDefinition, 'apologyNotice'>): TimeBudget {
  return definition.apologyNotice ?? DEFAULT_APOLOGY_NOTICE;
}

export function supplementWindowOf(definition: Pick<ProcedureDefinition, 'supplementWindow'>): TimeBudget {
  return definition.supplementWindow ?? DEFAULT_SUPPLEMENT_WINDOW;
}

export function isAgencyOwner(owner: StepOwner): owner is { agencyCode: string } {
  return 'agencyCode' in owner;
}

/**
 * What the dossier decider needs to know about a procedure, mapped by the application layer from the
 * procedures library (which this context does not import). The snapshot is recorded in
 * `DossierReceived`, so a dossier stays bound to the routing and rule set in force when it was received.
 */

/** The rule set a dossier is bound to at intake (data, versioned). */
export type RuleSetVersion = 'decree-61-2018' | 'decree-118-2025';
export const RULE_SET_VERSIONS: readonly RuleSetVersion[] = ['decree-61-2018', 'decree-118-2025'];

/** How a dossier reached the desk. `other` covers registered channels such as a messaging app. */
export type IntakeChannel = 'counter' | 'post' | 'online' | 'national-portal' | 'other';
export const INTAKE_CHANNELS: readonly IntakeChannel[] = [
  'counter',
  'post',
  'online',
  'national-portal',
  'other',
];

/** How the result reaches the applicant. */
export type ResultChannel = 'counter' | 'post' | 'online';
export const RESULT_CHANNELS: readonly ResultChannel[] = ['counter', 'post', 'online'];

/** Supplement during processing: the clock pauses (default) or restarts from the complete dossier. */
export type SupplementPolicy = 'pause' | 'restart';

/** Trước hạn / đúng hạn / trễ hạn. */
export type Timeliness = 'early' | 'on-time' | 'late';

/**
 * Thời hạn giải quyết: the procedure's statutory time limit as the dossier is bound to it. `sameDay`:
 * within the working day (the next one after the cut-off); `immediate`: the result is given at once
 * after receipt and processing (trả kết quả ngay), counted like `sameDay`, and form 01 is issued only
 * when the applicant asks for it.
 */
export type StatutoryLimitSnapshot =
  | { readonly unit: 'workingDays' | 'workingHours' | 'workingSeconds'; readonly amount: number }
  | { readonly unit: 'sameDay' }
  | { readonly unit: 'immediate' };

/** A limit of one working day at most, stated as such: the result is due within the day. */
export function isWithinDayLimit(limit: StatutoryLimitSnapshot | undefined | null): boolean {
  return limit?.unit === 'sameDay' || limit?.unit === 'immediate';
}

/** What the applicant must bring of a document: the original, a certified copy or a photocopy. */
export type DocumentCopyKind = 'original' | 'certified-copy' | 'photocopy';
export const DOCUMENT_COPY_KINDS: readonly DocumentCopyKind[] = ['original', 'certified-copy', 'photocopy'];

export interface RequiredDocumentSnapshot {
  readonly code: string;
  readonly name?: string;
  readonly copies: number;
  readonly original?: boolean;
}

/**
 * One step of the routing, with its owner already resolved to an agency code (roles such as "the
 * applicant's commune police" are resolved by the application layer at intake). Only the steps that
 * apply to this dossier are given: conditions are evaluated before the snapshot is built.
 */
export interface StepSnapshot {
  readonly id: string;
  /** Absent when the owner is only known at handoff time: then any agency may receive the step. */
  readonly ownerAgencyCode?: string;
  /** Steps this one waits for: one = sequence; several = a join (all of them). */
  readonly after: readonly string[];
  /** Earlier steps this step may hand the dossier back to. */
  readonly canReturnTo?: readonly string[];
  /** An excluded phase (its time does not count towards the limit). Recorded for the statistics. */
  readonly excludedFromLimit?: boolean;
}

export interface ProcedureSnapshot {
  /** Official catalogue code (or the bundle's code). */
  readonly code: string;
  /** The published version of the coordination rule. */
  readonly version: number;
  /**
   * The rule set the design was written for (the procedure's own label). It does not bind the dossier:
   * the decider binds it to the rule set in force on the day of receipt (`ruleSetAt`).
   */
  readonly ruleSet: RuleSetVersion;
  readonly statutoryLimit: StatutoryLimitSnapshot;
  readonly allowedChannels: readonly IntakeChannel[];
  readonly requiredDocuments: readonly RequiredDocumentSnapshot[];
  readonly supplementPolicy: SupplementPolicy;
  /** How many times the appointment may be re-set after an apology. Default 1. */
  readonly maxReappointments?: number;
  /** Codes of the procedures combined in a liên thông bundle; empty or absent for a single procedure. */
  readonly bundleOf?: readonly string[];
  readonly steps: readonly StepSnapshot[];
}

export const DEFAULT_MAX_REAPPOINTMENTS = 1;

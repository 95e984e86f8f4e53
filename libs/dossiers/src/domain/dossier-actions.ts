import type { DeadlinesRecomputedCause, SupplementItem } from '@lien-thong/dossier-model';
import type { LatenessBasis, ResultChannel } from '@lien-thong/dossier-model';

/**
 * What an officer, an agency or the coordination workflow asks of a dossier in flight. Unlike the
 * decider's commands, actions carry no calendar values and no time: the command service computes
 * deadlines from the procedure version the dossier is bound to and takes the time from the clock.
 */
/** A step result's attachment as a client names it (`@lien-thong/files` resolves it). */
export interface AttachmentReference {
  readonly id: string;
  readonly name?: string;
  readonly mediaType?: string;
  readonly sizeBytes?: number;
  readonly sha256?: string;
}

export type DossierAction =
  | { readonly type: 'Transfer'; readonly toAgencyCode: string }
  | {
      readonly type: 'HandOffStep';
      readonly stepId: string;
      readonly fromAgencyCode: string;
      readonly toAgencyCode: string;
    }
  | { readonly type: 'ReceiveStep'; readonly stepId: string; readonly agencyCode: string }
  | {
      readonly type: 'CompleteStep';
      readonly stepId: string;
      readonly agencyCode: string;
      readonly resultSummary: string;
      /**
       * Files uploaded first (POST /files), by id; what else is given must match the upload. The
       * service records each with its metadata from the upload.
       */
      readonly attachments?: readonly AttachmentReference[];
    }
  | {
      readonly type: 'ReturnStep';
      readonly stepId: string;
      readonly agencyCode: string;
      readonly toStepId: string;
      readonly reason: string;
    }
  | {
      readonly type: 'RequestSupplement';
      readonly stepId: string;
      readonly agencyCode: string;
      readonly items: readonly SupplementItem[];
      readonly reason: string;
    }
  | { readonly type: 'ReceiveSupplement' }
  | { readonly type: 'StartExcludedPhase'; readonly phaseId: string; readonly reason: string }
  | { readonly type: 'EndExcludedPhase'; readonly phaseId: string }
  | { readonly type: 'MarkStepOverdue'; readonly stepId: string }
  /** The coordinator: remind the holder of the step's current deadline (`deadline` as it planned it). */
  | {
      readonly type: 'SendStepReminder';
      readonly stepId: string;
      readonly deadline: string;
      readonly budgetShare: number;
    }
  /** The early warning (issue 21): the step is likely to end late (once per visit). */
  | {
      readonly type: 'WarnStepLateness';
      readonly stepId: string;
      readonly handedOffAt: string;
      readonly probability: number;
      readonly threshold: number;
      readonly basis: LatenessBasis;
    }
  /** The coordinator: ask the agencies responsible for an apology before the due date. */
  | { readonly type: 'RequestApology'; readonly agencyCodes: readonly string[] }
  /** After a holiday decision: count the deadlines again on the calendar as it is now. */
  | { readonly type: 'RecomputeDeadlines'; readonly cause: DeadlinesRecomputedCause }
  | {
      readonly type: 'IssueApology';
      readonly agencyCode: string;
      readonly reason: string;
      readonly newAppointmentAt: string;
    }
  | {
      readonly type: 'Escalate';
      readonly to: 'head' | 'supervising-agency';
      /** Given by a caller, it must be the supervising agency the directory names (else 422). */
      readonly toAgencyCode?: string;
      readonly reason: string;
      /**
       * The coordinator's escalation: to the supervising agency, or to the agency's own head when the
       * directory names none (a person asking for a supervising agency that does not exist gets a 422).
       */
      readonly orHead?: boolean;
    }
  | {
      readonly type: 'StopProcessing';
      readonly reason: string;
      readonly requester:
        { readonly kind: 'applicant' } | { readonly kind: 'agency'; readonly agencyCode: string };
      readonly legalGround?: string;
    }
  | { readonly type: 'Withdraw'; readonly reason?: string }
  | { readonly type: 'MarkResultReady'; readonly deskUnitCode: string }
  | { readonly type: 'ReturnResult'; readonly channel: ResultChannel }
  | { readonly type: 'RateSatisfaction'; readonly score: number; readonly comment?: string }
  | { readonly type: 'EraseApplicantData'; readonly reason: string };

export type DossierActionType = DossierAction['type'];

/** A person or agency system acting through the API, as authenticated: its agency and roles. */
export interface DossierCaller {
  readonly agencyCode: string | null;
  readonly roles: readonly string[];
}

/** Who acts, for the event metadata (authentication comes with the agency API). */
export interface ActionContext {
  readonly actor: { readonly personId?: string; readonly agencyCode?: string; readonly system?: string };
  /** The revision the caller saw (HTTP `If-Match`); a later change makes the action a 409. */
  readonly expectedRevision?: number;
  readonly correlationId?: string;
  readonly causationId?: string;
  /**
   * Makes a retried action (a Temporal activity retried after a timeout, a client retrying after a
   * lost answer) a no-op: stored as the events' `causationId`; when the stream already holds an event
   * with it, nothing is written and the earlier result is returned (`alreadyApplied`). The
   * coordinator's keys are plain (`transfer`, `handoff:<step>:<revision>`); a person's or an agency
   * system's key is namespaced by the caller (`requestIdempotencyKey`) so that it can never match
   * another caller's key or the coordinator's.
   */
  readonly idempotencyKey?: string;
  /**
   * With a caller's key: a digest of the request. It is stored beside the key, and the same key sent
   * again with a different request is refused (422 IDEMPOTENCY_KEY_REUSED) instead of answered with
   * the first result.
   */
  readonly requestFingerprint?: string;
  /**
   * The person or agency system acting through the API, checked against the loaded dossier before
   * anything is decided (see dossier-access.ts). Absent for the coordinator, which acts as the system.
   */
  readonly caller?: DossierCaller;
}

export interface ActionResult {
  readonly dossierCode: string;
  /** Types of the events recorded; empty when the action had already been applied. */
  readonly recorded: readonly string[];
  readonly revision: number;
  readonly status: string;
  /** True when the idempotency key had already been applied: nothing new was written. */
  readonly alreadyApplied?: boolean;
}

import type {
  AttachmentMetadata,
  DeadlinesRecomputedCause,
  StepDeadline,
  SupplementItem,
} from '@lien-thong/dossier-model';
import type {
  IntakeChannel,
  LatenessBasis,
  ProcedureSnapshot,
  ResultChannel,
} from '@lien-thong/dossier-model';
import type {
  ApplicantNoticeNotSentData,
  ApplicantNotifiedData,
  PostalShipmentUpdatedData,
  PostalPickup,
} from '@lien-thong/dossier-model';

/**
 * Commands the dossier decider understands. Every instant is an ISO 8601 string with an offset,
 * taken from the injected clock by the handler. Values that need the calendar (appointment and due
 * dates, step deadlines, the supplement window, the apology notice deadline, the transfer deadline)
 * are computed by the handler and passed in: the decider only checks them against the rules.
 * Who acted (staff person, system) travels in the event metadata, not here, except where a form
 * prints it (receiving officer, the head who signs an apology).
 */

export interface ReceivedDocumentInput {
  readonly code: string;
  readonly name?: string;
  readonly copies: number;
  readonly original?: boolean;
  /** Scans of it, already resolved against the uploaded files (the handler's job). */
  readonly files?: readonly AttachmentMetadata[];
}

/** Intake accepted: issues the receipt (form 01). The dossier code is allocated by the handler. */
export interface ReceiveDossier {
  readonly type: 'ReceiveDossier';
  readonly dossierCode: string;
  readonly intakeRef: string;
  readonly procedure: ProcedureSnapshot;
  readonly channel: IntakeChannel;
  readonly channelNote?: string;
  /** From `PersonalDataVault.seal`. */
  readonly applicantRef: string;
  readonly documents: readonly ReceivedDocumentInput[];
  readonly receivedAt: string;
  readonly appointmentAt: string;
  readonly receivingUnitCode: string;
  readonly receivingOfficer: string;
  /** Defaults to the receiving unit. */
  readonly collectAtUnitCode?: string;
  /** Printed on the receipt; the public lookup answers only to the code and this key. */
  readonly lookupKey?: string;
  /** Số lượng hồ sơ: how many sets were handed in (default 1). */
  readonly sets?: number;
  /**
   * Whether the applicant asks for a receipt (form 01). Only a procedure whose result is given at once
   * may go without one, and then only when not asked (absent or false); every other dossier gets one.
   */
  readonly receiptRequested?: boolean;
  /** Picked up at the applicant's address by the postal service (channel `post` only). */
  readonly postalPickup?: PostalPickup;
}

interface IntakeOutcome {
  readonly intakeRef: string;
  readonly procedure: { readonly code: string; readonly version?: number };
  readonly channel: IntakeChannel;
  readonly applicantRef: string;
  readonly receivingUnitCode: string;
  readonly officer: string;
  readonly at: string;
}

/** Form 02: the desk lists, once and completely, what to add or correct. */
export interface RequestSupplementAtIntake extends IntakeOutcome {
  readonly type: 'RequestSupplementAtIntake';
  readonly items: readonly SupplementItem[];
  readonly reason: string;
}

/** Form 03. */
export interface RefuseAtIntake extends IntakeOutcome {
  readonly type: 'RefuseAtIntake';
  readonly reasons: readonly string[];
}

export interface Transfer {
  readonly type: 'Transfer';
  readonly fromUnitCode: string;
  readonly toAgencyCode: string;
  readonly at: string;
  /** The transfer deadline (same working day, or next opening after the cut-off). */
  readonly dueBy: string;
}

export interface HandOffStep {
  readonly type: 'HandOffStep';
  readonly stepId: string;
  readonly fromAgencyCode: string;
  readonly toAgencyCode: string;
  readonly at: string;
  /** The step's deadline, from its budget on the calendar. */
  readonly deadline: string;
}

export interface ReceiveStep {
  readonly type: 'ReceiveStep';
  readonly stepId: string;
  readonly agencyCode: string;
  readonly at: string;
}

export interface CompleteStep {
  readonly type: 'CompleteStep';
  readonly stepId: string;
  readonly agencyCode: string;
  readonly at: string;
  readonly resultSummary: string;
  readonly attachments?: readonly AttachmentMetadata[];
}

export interface ReturnStep {
  readonly type: 'ReturnStep';
  readonly stepId: string;
  readonly agencyCode: string;
  readonly toStepId: string;
  readonly reason: string;
  readonly at: string;
  /** New deadline of the reopened step. */
  readonly deadline: string;
}

export interface RequestSupplement {
  readonly type: 'RequestSupplement';
  readonly stepId: string;
  readonly agencyCode: string;
  readonly items: readonly SupplementItem[];
  readonly reason: string;
  readonly at: string;
  /** Three working days after the agency received the step (configurable, from the calendar). */
  readonly windowEndsAt: string;
}

/** Clock changes after a pause: the new due date and the deadline of every active step. */
interface ClockAdjustment {
  /** Statutory due date after the pause, restart or excluded phase. */
  readonly dueAt: string;
  /** Required only after a re-appointment (otherwise the appointment follows `dueAt`). */
  readonly appointmentAt?: string;
  /** One entry per active step, no more, no less. */
  readonly stepDeadlines: readonly StepDeadline[];
}

export interface ReceiveSupplement extends ClockAdjustment {
  readonly type: 'ReceiveSupplement';
  readonly at: string;
}

/**
 * Phase ids starting with this belong to the coordinator (libs/coordination): it opens `step:<stepId>`
 * for a step marked `excludedFromLimit` and ends it; nobody opens or ends one by hand.
 */
export const EXCLUDED_STEP_PHASE_PREFIX = 'step:';

export interface StartExcludedPhase {
  readonly type: 'StartExcludedPhase';
  readonly phaseId: string;
  readonly reason: string;
  readonly at: string;
}

export interface EndExcludedPhase extends ClockAdjustment {
  readonly type: 'EndExcludedPhase';
  readonly phaseId: string;
  readonly at: string;
}

export interface MarkStepOverdue {
  readonly type: 'MarkStepOverdue';
  readonly stepId: string;
  readonly detectedAt: string;
}

/** Nhắc hạn: remind the holder of a step of its deadline (the coordinator, at a share of the budget). */
export interface SendStepReminder {
  readonly type: 'SendStepReminder';
  readonly stepId: string;
  /** The deadline the coordinator planned the reminder for; a deadline moved since is refused. */
  readonly deadline: string;
  readonly budgetShare: number;
  readonly at: string;
}

/**
 * Cảnh báo nguy cơ trễ hạn: warn the holder of a running step that it is likely to end late (the early
 * warning, issue 21): once per visit, while the step is neither overdue nor paused.
 */
export interface WarnStepLateness {
  readonly type: 'WarnStepLateness';
  readonly stepId: string;
  /** The handoff the assessment was of; a step handed off again since is refused. */
  readonly handedOffAt: string;
  readonly probability: number;
  readonly threshold: number;
  readonly basis: LatenessBasis;
  readonly at: string;
}

/** Ask the agencies responsible for an apology and a new date before the due date (the coordinator). */
export interface RequestApology {
  readonly type: 'RequestApology';
  readonly agencyCodes: readonly string[];
  readonly at: string;
  /** One working day before the due date by default (from the calendar). */
  readonly respondBy: string;
}

/**
 * Count the running dossier's deadlines again after a calendar change: the command service computes
 * them on the new calendar exactly as they were first computed; the decider records what changed.
 */
export interface RecomputeDeadlines {
  readonly type: 'RecomputeDeadlines';
  readonly cause: DeadlinesRecomputedCause;
  readonly at: string;
  readonly dueAt: string;
  /** Only when no apology re-set the appointment (the appointment then follows the due date). */
  readonly appointmentAt?: string;
  readonly stepDeadlines: readonly StepDeadline[];
}

/** Form 04. */
export interface IssueApology {
  readonly type: 'IssueApology';
  readonly agencyCode: string;
  readonly reason: string;
  readonly newAppointmentAt: string;
  /** Who signed: the person (or agency system) acting as the agency's head (role agency-head). */
  readonly signedBy: string;
  /** The head's name and title as the agency directory gives them today, for form 04; null if none. */
  readonly signer: { readonly name: string; readonly title: string } | null;
  /** Whether the new appointment falls within a working day on the receiving unit's calendar. */
  readonly newAppointmentOnWorkingDay: boolean;
  readonly at: string;
  /** The apology notice before the appointment (one working day by default; the procedure's setting). */
  readonly noticeDueBy: string;
}

export interface Escalate {
  readonly type: 'Escalate';
  readonly to: 'head' | 'supervising-agency';
  /** The agency whose delay is escalated; the supervising agency is its parent in the directory. */
  readonly fromAgencyCode: string | null;
  readonly toAgencyCode?: string;
  readonly reason: string;
  readonly at: string;
}

/** Form 05. */
export interface StopProcessing {
  readonly type: 'StopProcessing';
  readonly reason: string;
  readonly requester:
    { readonly kind: 'applicant' } | { readonly kind: 'agency'; readonly agencyCode: string };
  /** Required when an agency stops the processing. */
  readonly legalGround?: string;
  readonly at: string;
}

export interface Withdraw {
  readonly type: 'Withdraw';
  readonly reason?: string;
  readonly at: string;
}

export interface MarkResultReady {
  readonly type: 'MarkResultReady';
  readonly deskUnitCode: string;
  readonly at: string;
}

export interface ReturnResult {
  readonly type: 'ReturnResult';
  readonly channel: ResultChannel;
  readonly at: string;
}

export interface RateSatisfaction {
  readonly type: 'RateSatisfaction';
  readonly score: number;
  readonly comment?: string;
  readonly at: string;
}

export interface EraseApplicantData {
  readonly type: 'EraseApplicantData';
  readonly reason: string;
  readonly at: string;
}

export type DossierCommand =
  | ReceiveDossier
  | RequestSupplementAtIntake
  | RefuseAtIntake
  | Transfer
  | HandOffStep
  | ReceiveStep
  | CompleteStep
  | ReturnStep
  | RequestSupplement
  | ReceiveSupplement
  | StartExcludedPhase
  | EndExcludedPhase
  | MarkStepOverdue
  | SendStepReminder
  | WarnStepLateness
  | RequestApology
  | RecomputeDeadlines
  | IssueApology
  | Escalate
  | StopProcessing
  | Withdraw
  | MarkResultReady
  | ReturnResult
  | RateSatisfaction
  | EraseApplicantData
  | RecordApplicantNotice
  | RecordPostalShipment;

export type DossierCommandType = DossierCommand['type'];

/** A satisfaction comment is free text: it is capped so it stays a comment, not a document. */
export const MAX_SATISFACTION_COMMENT_LENGTH = 1000;

/**
 * The applicant notification sender records what it did with one notice on one channel (issue 18,
 * item 11): sent, or given up and why. Recorded once per notice and channel: a second record of the same
 * one (a sender that died after sending and was retried) decides nothing.
 */
/** The postal adapter records a shipment's status as the postal service reports it (issue 24). */
export interface RecordPostalShipment {
  readonly type: 'RecordPostalShipment';
  readonly data: PostalShipmentUpdatedData;
}

export interface RecordApplicantNotice {
  readonly type: 'RecordApplicantNotice';
  readonly notice:
    | { readonly type: 'ApplicantNotified'; readonly data: ApplicantNotifiedData }
    | { readonly type: 'ApplicantNoticeNotSent'; readonly data: ApplicantNoticeNotSentData };
}

import type {
  DocumentCopyKind,
  IntakeChannel,
  ResultChannel,
  RuleSetVersion,
  StatutoryLimitSnapshot,
  SupplementPolicy,
  Timeliness,
} from './dossier-snapshot';

/**
 * The registry of stored dossier event type names: explicit literals, never derived from class names
 * and never renamed. A shape change adds a new schema version and an upcaster instead.
 *
 * Events carry no personal data in clear: the applicant is an opaque `applicantRef` into the
 * personal-data vault. Every instant is an ISO 8601 string with an offset.
 */
export const DOSSIER_EVENT_TYPES = {
  received: 'DossierReceived',
  supplementRequestedAtIntake: 'DossierSupplementRequestedAtIntake',
  refusedAtIntake: 'DossierRefusedAtIntake',
  transferred: 'DossierTransferred',
  stepHandedOff: 'StepHandedOff',
  stepReceived: 'StepReceived',
  stepCompleted: 'StepCompleted',
  stepReturned: 'StepReturned',
  supplementRequested: 'SupplementRequested',
  supplementReceived: 'SupplementReceived',
  excludedPhaseStarted: 'ExcludedPhaseStarted',
  excludedPhaseEnded: 'ExcludedPhaseEnded',
  stepOverdue: 'StepOverdue',
  stepReminderSent: 'StepReminderSent',
  stepLatenessWarned: 'StepLatenessWarned',
  apologyRequested: 'ApologyRequested',
  deadlinesRecomputed: 'DeadlinesRecomputed',
  apologyIssued: 'ApologyIssued',
  escalated: 'DossierEscalated',
  processingStopped: 'ProcessingStopped',
  withdrawn: 'DossierWithdrawn',
  resultReady: 'ResultReady',
  resultReturned: 'ResultReturned',
  satisfactionRated: 'SatisfactionRated',
  applicantDataErased: 'ApplicantDataErased',
  applicantNotified: 'ApplicantNotified',
  applicantNoticeNotSent: 'ApplicantNoticeNotSent',
  postalShipmentUpdated: 'PostalShipmentUpdated',
} as const;

export type DossierEventType = (typeof DOSSIER_EVENT_TYPES)[keyof typeof DOSSIER_EVENT_TYPES];

export const DOSSIER_EVENT_TYPE_LIST: readonly DossierEventType[] = Object.values(DOSSIER_EVENT_TYPES);

/** Every dossier event is at schema version 1 today. */
export const DOSSIER_EVENT_SCHEMA_VERSION = 1;
export const DOSSIER_EVENT_SCHEMA_VERSIONS: { readonly [T in DossierEventType]: number } = {
  DossierReceived: 1,
  DossierSupplementRequestedAtIntake: 1,
  DossierRefusedAtIntake: 1,
  DossierTransferred: 1,
  StepHandedOff: 1,
  StepReceived: 1,
  StepCompleted: 1,
  StepReturned: 1,
  SupplementRequested: 1,
  SupplementReceived: 1,
  ExcludedPhaseStarted: 1,
  ExcludedPhaseEnded: 1,
  StepOverdue: 1,
  StepReminderSent: 1,
  StepLatenessWarned: 1,
  ApologyRequested: 1,
  DeadlinesRecomputed: 1,
  ApologyIssued: 1,
  DossierEscalated: 1,
  ProcessingStopped: 1,
  DossierWithdrawn: 1,
  ResultReady: 1,
  ResultReturned: 1,
  SatisfactionRated: 1,
  ApplicantDataErased: 1,
  ApplicantNotified: 1,
  ApplicantNoticeNotSent: 1,
  PostalShipmentUpdated: 1,
};

export function isDossierEventType(type: string): type is DossierEventType {
  return (DOSSIER_EVENT_TYPE_LIST as readonly string[]).includes(type);
}

/** Accepted dossiers live in `dossier-<code>`, e.g. `dossier-000.00.05.H54-251122-0001`. */
export function dossierStream(dossierCode: string): string {
  return `dossier-${dossierCode}`;
}

/** Intakes that ended without a dossier code (supplement requested, refused) live in `intake-<ref>`. */
export function intakeStream(intakeRef: string): string {
  return `intake-${intakeRef}`;
}

export const DOSSIER_STREAM_CATEGORIES = ['dossier', 'intake'] as const;

// ---- shared data shapes ------------------------------------------------------------------------

export interface ProcedureRef {
  readonly code: string;
  readonly version: number;
  /** Codes of the bundled procedures; empty for a single procedure. */
  readonly bundleOf: readonly string[];
}

export interface RoutedStep {
  readonly id: string;
  readonly ownerAgencyCode: string | null;
  readonly after: readonly string[];
  readonly canReturnTo: readonly string[];
  readonly excludedFromLimit: boolean;
}

/** The routing the dossier is bound to, copied from the procedure snapshot at intake. */
export interface DossierRouting {
  readonly supplementPolicy: SupplementPolicy;
  readonly maxReappointments: number;
  readonly steps: readonly RoutedStep[];
}

export interface ReceivedDocument {
  readonly code: string;
  readonly name: string | null;
  readonly copies: number;
  readonly original: boolean;
  /**
   * Scans of the document handed in, uploaded by the receiving unit (issue 24): their metadata, never the
   * bytes. Absent when none was (and on dossiers received before files existed; schema version 1 either
   * way).
   */
  readonly files?: readonly AttachmentMetadata[];
}

export interface SupplementItem {
  /** The required document concerned, when the item is one. */
  readonly documentCode: string | null;
  readonly action: 'add' | 'correct';
  readonly description: string;
  /**
   * What to bring of the document (form 02's columns: bản chính, bản chứng thực, bản photo). Absent when
   * the item is not a document to bring (a correction), and on items recorded before it existed (schema
   * version 1 either way).
   */
  readonly copyKind?: DocumentCopyKind;
  /** How many of it; only with `copyKind` (then 1 when absent). */
  readonly copies?: number;
}

export interface AttachmentMetadata {
  /** Id of the file in the document store; the file itself never travels in an event. */
  readonly id: string;
  readonly name: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

export interface StepDeadline {
  readonly stepId: string;
  readonly deadline: string;
}

// ---- event data --------------------------------------------------------------------------------

/** Form 01: the receipt and appointment slip, minus the applicant's personal data. */
export interface DossierReceivedData {
  readonly dossierCode: string;
  /** The submission this dossier came from (portal id, counter ticket), linking earlier intake outcomes. */
  readonly intakeRef: string;
  readonly procedure: ProcedureRef;
  /** The rule set in force on the day of receipt (Vietnam local date), bound for life. */
  readonly ruleSet: RuleSetVersion;
  /**
   * The procedure's statutory time limit, as published in the bound version. Absent on dossiers received
   * before it was recorded (schema version 1 either way): the version's definition still has it.
   */
  readonly statutoryLimit?: StatutoryLimitSnapshot;
  /** Số lượng hồ sơ: how many sets of the dossier were handed in. Absent means one. */
  readonly sets?: number;
  /**
   * Present, and false, only when no receipt (form 01) was issued: the result is given at once and the
   * applicant did not ask for one. Absent on every other dossier (schema version 1 either way).
   */
  readonly receiptIssued?: false;
  readonly channel: IntakeChannel;
  /** Which registered channel, when `other` (e.g. a messaging app). */
  readonly channelNote: string | null;
  readonly applicantRef: string;
  readonly documents: readonly ReceivedDocument[];
  readonly receivedAt: string;
  /** Ngày hẹn trả kết quả: the statutory due date at intake, computed from the calendar. */
  readonly appointmentAt: string;
  readonly receivingUnitCode: string;
  readonly receivingOfficer: string;
  /** Where the result will be collected (unit code). */
  readonly collectAtUnitCode: string;
  readonly routing: DossierRouting;
  /**
   * Mã tra cứu: printed on form 01 beside the code; the public lookup answers only to both. Absent on
   * dossiers received before it existed (their applicants ask the desk).
   */
  readonly lookupKey?: string;
  /**
   * Picked up at the applicant's address by the public postal service (thu gom hồ sơ tại nhà, issue 24)
   * and handed to the desk: the postal tracking number, when the pick-up was asked for and when the
   * postal service handed it over. Only with channel `post`; absent otherwise (schema version 1 either way).
   */
  readonly postalPickup?: PostalPickup;
}

/** A dossier the public postal service picked up at the applicant's address and brought to the desk. */
export interface PostalPickup {
  /** Số hiệu bưu gửi. */
  readonly trackingNumber: string;
  readonly requestedAt: string;
  readonly handedOverAt: string;
}

/** Form 02. */
export interface DossierSupplementRequestedAtIntakeData {
  readonly intakeRef: string;
  readonly procedure: { readonly code: string; readonly version: number | null };
  readonly channel: IntakeChannel;
  readonly applicantRef: string;
  readonly receivingUnitCode: string;
  readonly officer: string;
  readonly requestedAt: string;
  readonly items: readonly SupplementItem[];
  readonly reason: string;
}

/** Form 03. */
export interface DossierRefusedAtIntakeData {
  readonly intakeRef: string;
  readonly procedure: { readonly code: string; readonly version: number | null };
  readonly channel: IntakeChannel;
  readonly applicantRef: string;
  readonly receivingUnitCode: string;
  readonly officer: string;
  readonly refusedAt: string;
  readonly reasons: readonly string[];
}

export interface DossierTransferredData {
  readonly fromUnitCode: string;
  readonly toAgencyCode: string;
  readonly transferredAt: string;
  /** Same working day, or the next opening after the cut-off (computed by the handler). */
  readonly dueBy: string;
  readonly outcome: Timeliness;
}

export interface StepHandedOffData {
  readonly stepId: string;
  readonly fromAgencyCode: string;
  readonly toAgencyCode: string;
  readonly handedOffAt: string;
  readonly deadline: string;
  /** The predecessor whose completion this handoff follows; null for a first step. */
  readonly previousStepId: string | null;
  /**
   * How that predecessor ended: null for a first step, and null too when the predecessor is marked
   * `excludedFromLimit` (its time is the applicant's: no agency is judged on it). So a non-null
   * `previousStepId` with a null outcome means "not counted".
   */
  readonly previousStepOutcome: Timeliness | null;
}

export interface StepReceivedData {
  readonly stepId: string;
  readonly agencyCode: string;
  readonly receivedAt: string;
}

export interface StepCompletedData {
  readonly stepId: string;
  readonly agencyCode: string;
  readonly completedAt: string;
  readonly deadline: string;
  /** Against `deadline`, the step's own. For an excluded step, information only (see below). */
  readonly outcome: Timeliness;
  /**
   * Present, and true, only for a step marked `excludedFromLimit` in the dossier's routing (the
   * applicant paying land tax): its time does not count towards the statutory limit, so the completion
   * judges no agency, whatever `outcome` says about the step's own period. Absent on every other
   * completion, and on completions recorded before the field existed (schema version 1 either way).
   */
  readonly excludedFromLimit?: true;
  readonly resultSummary: string;
  readonly attachments: readonly AttachmentMetadata[];
}

export interface StepReturnedData {
  readonly stepId: string;
  readonly fromAgencyCode: string;
  readonly toStepId: string;
  readonly toAgencyCode: string;
  readonly returnedAt: string;
  readonly reason: string;
  /** Deadline of the reopened step. */
  readonly deadline: string;
  /** Steps set back to pending (the returning step and completed steps after the reopened one). */
  readonly reset: readonly string[];
}

export interface SupplementRequestedData {
  readonly stepId: string;
  readonly agencyCode: string;
  readonly requestedAt: string;
  readonly items: readonly SupplementItem[];
  readonly reason: string;
  /** Three working days after the agency received the step (computed by the handler). */
  readonly windowEndsAt: string;
}

export interface SupplementReceivedData {
  readonly stepId: string;
  readonly requestedAt: string;
  readonly receivedAt: string;
  /** pause: time already used still counts; restart: the clock restarts at `receivedAt`. */
  readonly policy: SupplementPolicy;
  /** The statutory due date after the pause or restart. */
  readonly dueAt: string;
  readonly appointmentAt: string;
  readonly stepDeadlines: readonly StepDeadline[];
}

export interface ExcludedPhaseStartedData {
  readonly phaseId: string;
  readonly reason: string;
  readonly startedAt: string;
}

export interface ExcludedPhaseEndedData {
  readonly phaseId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly dueAt: string;
  readonly appointmentAt: string;
  readonly stepDeadlines: readonly StepDeadline[];
}

export interface StepOverdueData {
  readonly stepId: string;
  /** The agency that held the step when its deadline passed. */
  readonly responsibleAgencyCode: string;
  readonly deadline: string;
  readonly detectedAt: string;
}

/** Nhắc hạn: the holder of a step is reminded at a share of the step's working-time budget. */
export interface StepReminderSentData {
  readonly stepId: string;
  /** The agency holding the step, the one reminded. */
  readonly agencyCode: string;
  /** The deadline the reminder is about (a moved deadline gets its own reminder). */
  readonly deadline: string;
  /** The share of the budget used when the reminder was owed (0.8 by default). */
  readonly budgetShare: number;
  readonly remindedAt: string;
}

/**
 * Cảnh báo nguy cơ trễ hạn: the step running at its holder is likely to end past its deadline (issue
 * 21), by the agency's recorded times for that step and its load now; said once per visit, before the
 * fixed reminder. Whether it came true is read from how the visit ends.
 */
export interface StepLatenessWarnedData {
  readonly stepId: string;
  /** The agency holding the step, the one warned. */
  readonly agencyCode: string;
  readonly deadline: string;
  /** The probability that the visit ends past its deadline, 0 to 1 (4 decimals). */
  readonly probability: number;
  /** The probability at which a warning is given (the setting in force). */
  readonly threshold: number;
  /** What the estimate rests on. */
  readonly basis: LatenessBasis;
  readonly warnedAt: string;
}

/** What a lateness warning's probability rests on (StepLatenessWarned). */
export interface LatenessBasis {
  /** Recorded visits of the step (or of the agency's steps of its kind) the times come from. */
  readonly visits: number;
  /** Dossiers the agency holds now over the number it usually holds (1: as usual). */
  readonly load: number;
  /** The agency's pace over the last three days against its usual pace (1: as usual). */
  readonly pace: number;
  /** The share of the step's budget used when it was assessed. */
  readonly usedShare: number;
}

/**
 * The dossier will miss its due date: the agencies responsible are asked for an apology (form 04) with
 * a reason and a new date, to be issued by `respondBy` (one working day before the due date by default).
 */
export interface ApologyRequestedData {
  /** The holders of overdue steps, else of the steps in progress. */
  readonly agencyCodes: readonly string[];
  readonly reason: 'step-overdue' | 'due-date-approaching';
  /** The due date the request is about: one request per due date. */
  readonly dueAt: string;
  readonly appointmentAt: string;
  readonly respondBy: string;
  readonly requestedAt: string;
}

export interface InstantChange {
  readonly from: string;
  readonly to: string;
}

/** What made the deadlines move without anyone acting on the dossier. */
export interface DeadlinesRecomputedCause {
  readonly kind: 'calendar-decision';
  /** The calendar year the decision covers. */
  readonly year: number;
  /** The decision's document (e.g. "Thông báo 8726/TB-VPCP"). */
  readonly document: string;
}

/**
 * A holiday decision loaded while the dossier runs: its deadlines counted again on the new calendar.
 * Recorded only when something changed; lists only what changed.
 */
export interface DeadlinesRecomputedData {
  readonly cause: DeadlinesRecomputedCause;
  readonly recomputedAt: string;
  readonly dueAt: InstantChange | null;
  readonly appointmentAt: InstantChange | null;
  readonly steps: readonly (InstantChange & { readonly stepId: string })[];
}

/** Form 04. */
export interface ApologyIssuedData {
  readonly responsibleAgencyCode: string;
  readonly reason: string;
  /** The statutory due date, kept for statistics. */
  readonly originalDueAt: string;
  readonly previousAppointmentAt: string;
  readonly newAppointmentAt: string;
  readonly issuedAt: string;
  /**
   * Who signed as the responsible agency's head: the person id of a staff user with role agency-head of
   * that agency, or `client:<id>` for the agency's software registered with that role.
   */
  readonly signedBy: string;
  /** The head's name and title from the agency directory when it was signed (form 04); absent before. */
  readonly signer?: { readonly name: string; readonly title: string };
  /** The latest time the apology was due (one working day before the due date by default). */
  readonly noticeDueBy: string;
  readonly withinNoticePeriod: boolean;
  /** 1 for the first re-appointment. */
  readonly reappointment: number;
}

export interface DossierEscalatedData {
  readonly to: 'head' | 'supervising-agency';
  /** The supervising agency (the directory's parent of `fromAgencyCode`), when escalated there. */
  readonly toAgencyCode: string | null;
  /** The agency whose delay is escalated (absent on events recorded before issue 18). */
  readonly fromAgencyCode?: string;
  readonly reason: string;
  readonly escalatedAt: string;
}

/**
 * Who is told of an escalation (webhook and inbox): the supervising agency, or, escalated to the head,
 * the agency itself (its head reads its inbox). Nobody for an old event to the head without an agency.
 */
export function escalationRecipients(data: DossierEscalatedData): readonly string[] {
  if (data.to === 'supervising-agency') return data.toAgencyCode === null ? [] : [data.toAgencyCode];
  return data.fromAgencyCode === undefined ? [] : [data.fromAgencyCode];
}

/** Form 05. */
export interface ProcessingStoppedData {
  readonly reason: string;
  readonly requester: 'applicant' | 'agency';
  readonly requestingAgencyCode: string | null;
  readonly legalGround: string | null;
  readonly stoppedAt: string;
}

export interface DossierWithdrawnData {
  readonly reason: string | null;
  readonly withdrawnAt: string;
}

export interface ResultReadyData {
  readonly readyAt: string;
  readonly deskUnitCode: string;
  /** Statutory due date (after supplements and excluded phases, before any apology). */
  readonly dueAt: string;
  readonly appointmentAt: string;
  /** Against `dueAt`: what the statistics count. */
  readonly outcome: Timeliness;
  readonly outcomeAgainstAppointment: Timeliness;
}

export interface ResultReturnedData {
  readonly channel: ResultChannel;
  readonly returnedAt: string;
}

export interface SatisfactionRatedData {
  readonly score: 1 | 2 | 3 | 4 | 5;
  readonly comment: string | null;
  readonly ratedAt: string;
}

export interface ApplicantDataErasedData {
  readonly erasedAt: string;
  readonly reason: string;
}

/**
 * What the applicant is told of their dossier (issue 18, item 11): the acknowledgement of an online
 * intake, a supplement request (form 02, at intake or during processing), the apology letter (form 04),
 * the result ready early (trả kết quả trước hạn), the result ready.
 */
export type ApplicantNoticeKind =
  'intake-acknowledged' | 'supplement-requested' | 'apology' | 'result-ready-early' | 'result-ready';

export const APPLICANT_NOTICE_KINDS: readonly ApplicantNoticeKind[] = [
  'intake-acknowledged',
  'supplement-requested',
  'apology',
  'result-ready-early',
  'result-ready',
];

/** How a notice reached the applicant: e-mail (SMTP), or a text through an SMS or Zalo gateway. */
export type ApplicantNoticeChannel = 'email' | 'sms' | 'zalo';

/** The dossier event that made the notice owed. */
export interface ApplicantNoticeCause {
  readonly eventId: string;
  readonly eventType: string;
}

/** Where a postal shipment of the dossier stands (bưu chính công ích), as the postal service reports it. */
export const POSTAL_SHIPMENT_STATUSES = ['mailed', 'delivered', 'returned-to-sender'] as const;
export type PostalShipmentStatus = (typeof POSTAL_SHIPMENT_STATUSES)[number];

export interface PostalShipmentUpdatedData {
  /** What travels: the result to the applicant (the only one today). */
  readonly shipment: 'result';
  /** The postal service's tracking number (số hiệu bưu gửi). */
  readonly trackingNumber: string;
  readonly status: PostalShipmentStatus;
  /** When the postal service says it happened. */
  readonly at: string;
}

export interface ApplicantNotifiedData {
  /** One per cause event: every channel's sending of the same notice shares it. */
  readonly noticeId: string;
  readonly kind: ApplicantNoticeKind;
  readonly channel: ApplicantNoticeChannel;
  readonly cause: ApplicantNoticeCause;
  readonly sentAt: string;
  /** The id the mail server or the gateway gave the message, when it gave one. */
  readonly providerMessageId: string | null;
}

export type ApplicantNoticeNotSentReason =
  'personal-data-erased' | 'no-contact' | 'no-channel-configured' | 'delivery-failed';

export interface ApplicantNoticeNotSentData {
  readonly noticeId: string;
  readonly kind: ApplicantNoticeKind;
  /** The channel that failed; null when no channel was tried. */
  readonly channel: ApplicantNoticeChannel | null;
  readonly cause: ApplicantNoticeCause;
  readonly reason: ApplicantNoticeNotSentReason;
  /** What happened, without the applicant's address or number. */
  readonly detail: string;
  readonly at: string;
}

export type DossierEvent =
  | { readonly type: 'DossierReceived'; readonly data: DossierReceivedData }
  | {
      readonly type: 'DossierSupplementRequestedAtIntake';
      readonly data: DossierSupplementRequestedAtIntakeData;
    }
  | { readonly type: 'DossierRefusedAtIntake'; readonly data: DossierRefusedAtIntakeData }
  | { readonly type: 'DossierTransferred'; readonly data: DossierTransferredData }
  | { readonly type: 'StepHandedOff'; readonly data: StepHandedOffData }
  | { readonly type: 'StepReceived'; readonly data: StepReceivedData }
  | { readonly type: 'StepCompleted'; readonly data: StepCompletedData }
  | { readonly type: 'StepReturned'; readonly data: StepReturnedData }
  | { readonly type: 'SupplementRequested'; readonly data: SupplementRequestedData }
  | { readonly type: 'SupplementReceived'; readonly data: SupplementReceivedData }
  | { readonly type: 'ExcludedPhaseStarted'; readonly data: ExcludedPhaseStartedData }
  | { readonly type: 'ExcludedPhaseEnded'; readonly data: ExcludedPhaseEndedData }
  | { readonly type: 'StepOverdue'; readonly data: StepOverdueData }
  | { readonly type: 'StepReminderSent'; readonly data: StepReminderSentData }
  | { readonly type: 'StepLatenessWarned'; readonly data: StepLatenessWarnedData }
  | { readonly type: 'ApologyRequested'; readonly data: ApologyRequestedData }
  | { readonly type: 'DeadlinesRecomputed'; readonly data: DeadlinesRecomputedData }
  | { readonly type: 'ApologyIssued'; readonly data: ApologyIssuedData }
  | { readonly type: 'DossierEscalated'; readonly data: DossierEscalatedData }
  | { readonly type: 'ProcessingStopped'; readonly data: ProcessingStoppedData }
  | { readonly type: 'DossierWithdrawn'; readonly data: DossierWithdrawnData }
  | { readonly type: 'ResultReady'; readonly data: ResultReadyData }
  | { readonly type: 'ResultReturned'; readonly data: ResultReturnedData }
  | { readonly type: 'SatisfactionRated'; readonly data: SatisfactionRatedData }
  | { readonly type: 'ApplicantDataErased'; readonly data: ApplicantDataErasedData }
  | { readonly type: 'ApplicantNotified'; readonly data: ApplicantNotifiedData }
  | { readonly type: 'ApplicantNoticeNotSent'; readonly data: ApplicantNoticeNotSentData }
  | { readonly type: 'PostalShipmentUpdated'; readonly data: PostalShipmentUpdatedData };

/** The data shape of one event type. */
export type DossierEventData<T extends DossierEventType> = Extract<DossierEvent, { type: T }>['data'];

/** Compile-time check that the union and the registry name the same types. */
type _UnionMatchesRegistry = [DossierEvent['type']] extends [DossierEventType]
  ? [DossierEventType] extends [DossierEvent['type']]
    ? true
    : never
  : never;
const _unionMatchesRegistry: _UnionMatchesRegistry = true;

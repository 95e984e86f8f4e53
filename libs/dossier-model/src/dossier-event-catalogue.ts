import {
  DOSSIER_EVENT_SCHEMA_VERSIONS,
  type DossierEventData,
  type DossierEventType,
} from './dossier-events';

export interface CatalogueField {
  readonly name: string;
  /** TypeScript-like type, for people reading docs/events.md. */
  readonly type: string;
  readonly description: string;
  /** Absent from some events of the type (a field added later, present only when it says something). */
  readonly optional: boolean;
}

export interface DossierEventCatalogueEntry {
  readonly type: DossierEventType;
  readonly schemaVersion: number;
  readonly description: string;
  readonly fields: readonly CatalogueField[];
}

interface FieldDoc {
  readonly type: string;
  readonly description: string;
}

interface OptionalFieldDoc extends FieldDoc {
  readonly optional: true;
}

/** An optional data field must be documented as optional (with `o`), a required one with `t`. */
type FieldDocOf<D, K extends keyof D> =
  Record<never, never> extends Pick<D, K> ? OptionalFieldDoc : FieldDoc & { readonly optional?: never };

/**
 * One entry per event type; the mapped type makes the compiler demand a description for every data
 * field of every event, and refuse fields the event does not have.
 */
type CatalogueSource = {
  readonly [T in DossierEventType]: {
    readonly description: string;
    readonly fields: { readonly [K in keyof DossierEventData<T>]-?: FieldDocOf<DossierEventData<T>, K> };
  };
};

const t = (type: string, description: string): FieldDoc => ({ type, description });
const o = (type: string, description: string): OptionalFieldDoc => ({ type, description, optional: true });

const TIMELINESS = "'early' | 'on-time' | 'late'";
const INTAKE_CHANNEL = "'counter' | 'post' | 'online' | 'national-portal' | 'other'";
const ITEMS =
  "{ documentCode: string | null; action: 'add' | 'correct'; description: string; copyKind?: 'original' | 'certified-copy' | 'photocopy'; copies?: number }[]";
const STEP_DEADLINES = '{ stepId: string; deadline: string }[]';
const INTAKE_PROCEDURE = '{ code: string; version: number | null }';
const NOTICE_KIND =
  "'intake-acknowledged' | 'supplement-requested' | 'apology' | 'result-ready-early' | 'result-ready'";
const NOTICE_CHANNEL = "'email' | 'sms' | 'zalo'";

const source: CatalogueSource = {
  DossierReceived: {
    description:
      'Intake accepted (tiếp nhận hồ sơ): a dossier code is issued with the receipt and appointment slip (form 01). Carries the routing the dossier is bound to.',
    fields: {
      dossierCode: t('string', 'Dossier code, `<receivingUnitCode>-<YYMMDD>-<NNNN>` by default.'),
      intakeRef: t('string', 'The submission this dossier came from (portal id, counter ticket).'),
      procedure: t(
        '{ code: string; version: number; bundleOf: string[] }',
        'Procedure (or bundle) code and coordination-rule version; bundled procedure codes.',
      ),
      ruleSet: t(
        "'decree-61-2018' | 'decree-118-2025'",
        'Rule set in force on the day of receipt (Vietnam local date), bound for life: it numbers and titles the forms.',
      ),
      statutoryLimit: o(
        "{ unit: 'workingDays' | 'workingHours' | 'workingSeconds'; amount: number } | { unit: 'sameDay' } | { unit: 'immediate' }",
        'Thời hạn giải quyết as published in the bound version (form 01 prints it; the register counts same-day dossiers by it). Absent on dossiers received before it was recorded (same schema version).',
      ),
      sets: o('number', 'Số lượng hồ sơ: sets handed in, when more than one (absent: one).'),
      receiptIssued: o(
        'false',
        'Present, and false, only when no receipt (form 01) was issued: the result is given at once and the applicant did not ask for one.',
      ),
      channel: t(INTAKE_CHANNEL, 'How the dossier reached the desk.'),
      channelNote: t('string | null', 'Which registered channel, when `other` (e.g. Zalo).'),
      applicantRef: t(
        'string',
        'Reference to the sealed applicant details (personal data is never in events).',
      ),
      documents: t(
        '{ code: string; name: string | null; copies: number; original: boolean; files?: AttachmentMetadata[] }[]',
        'Documents received, with the number of copies; `files`: the scans the receiving unit handed in with one (id, name, media type, size, sha256; the bytes are in the file store), absent when none.',
      ),
      receivedAt: t('string (ISO 8601)', 'Received at (hh:mm dd/mm/yyyy on the slip).'),
      appointmentAt: t('string (ISO 8601)', 'Ngày hẹn trả kết quả: the statutory due date at intake.'),
      receivingUnitCode: t('string', 'The receiving desk (Bộ phận Một cửa) agency code.'),
      receivingOfficer: t('string', 'Staff reference of the receiving officer.'),
      collectAtUnitCode: t('string', 'Where the result is to be collected.'),
      routing: t(
        '{ supplementPolicy; maxReappointments; steps: { id; ownerAgencyCode; after; canReturnTo; excludedFromLimit }[] }',
        'Snapshot of the coordination rule: steps with resolved owners, supplement policy, re-appointment limit.',
      ),
      lookupKey: o(
        'string',
        'Mã tra cứu printed on the receipt: the public lookup answers only to the code and this key. Absent on dossiers received before it existed (same schema version: nothing to upcast).',
      ),
      postalPickup: o(
        '{ trackingNumber; requestedAt; handedOverAt }',
        'Picked up at the applicant’s address by the public postal service (thu gom hồ sơ tại nhà) and handed to the desk: the tracking number (số hiệu bưu gửi), when the pick-up was asked for and when it was handed over. Only with channel post; absent otherwise.',
      ),
    },
  },
  DossierSupplementRequestedAtIntake: {
    description:
      'Intake ended with a supplement request (yêu cầu bổ sung, form 02): the desk lists once and completely what to add or correct. No code is issued.',
    fields: {
      intakeRef: t('string', 'The submission; names the `intake-<ref>` stream.'),
      procedure: t(INTAKE_PROCEDURE, 'Procedure applied for.'),
      channel: t(INTAKE_CHANNEL, 'How the dossier reached the desk.'),
      applicantRef: t('string', 'Reference to the sealed applicant details.'),
      receivingUnitCode: t('string', 'The receiving desk.'),
      officer: t('string', 'Staff reference of the officer.'),
      requestedAt: t('string (ISO 8601)', 'When the request was issued.'),
      items: t(
        ITEMS,
        'Every item to add or correct; for a document to bring, whether the original, a certified copy or a photocopy, and how many (absent on items recorded before it existed).',
      ),
      reason: t('string', 'Why the dossier is incomplete.'),
    },
  },
  DossierRefusedAtIntake: {
    description: 'Intake refused (từ chối tiếp nhận, form 03) with written reasons. No code is issued.',
    fields: {
      intakeRef: t('string', 'The submission; names the `intake-<ref>` stream.'),
      procedure: t(INTAKE_PROCEDURE, 'Procedure applied for.'),
      channel: t(INTAKE_CHANNEL, 'How the dossier reached the desk.'),
      applicantRef: t('string', 'Reference to the sealed applicant details.'),
      receivingUnitCode: t('string', 'The receiving desk.'),
      officer: t('string', 'Staff reference of the officer.'),
      refusedAt: t('string (ISO 8601)', 'When the refusal was issued.'),
      reasons: t('string[]', 'The written reasons.'),
    },
  },
  DossierTransferred: {
    description: 'The desk transferred the dossier to the processing (lead) agency (chuyển hồ sơ).',
    fields: {
      fromUnitCode: t('string', 'The receiving desk.'),
      toAgencyCode: t('string', 'The processing agency.'),
      transferredAt: t('string (ISO 8601)', 'When it was transferred.'),
      dueBy: t(
        'string (ISO 8601)',
        'Transfer deadline: same working day, or next opening after the cut-off.',
      ),
      outcome: t(TIMELINESS, 'The transfer against its deadline.'),
    },
  },
  StepHandedOff: {
    description:
      'A step was handed to the agency that owns it (bàn giao): one row of the control slip (form 06).',
    fields: {
      stepId: t('string', 'The step of the routing.'),
      fromAgencyCode: t('string', 'Who handed over.'),
      toAgencyCode: t('string', 'Who now holds the step.'),
      handedOffAt: t('string (ISO 8601)', 'When it was handed over.'),
      deadline: t('string (ISO 8601)', 'The step deadline from its time budget.'),
      previousStepId: t(
        'string | null',
        'The step whose completion this handoff follows; null for a first step.',
      ),
      previousStepOutcome: t(
        `${TIMELINESS} | null`,
        'How that previous step ended; null for a first step, and after a step marked `excludedFromLimit` (not counted: nobody is judged on it).',
      ),
    },
  },
  StepReceived: {
    description: 'The holding agency acknowledged receiving the step (tiếp nhận).',
    fields: {
      stepId: t('string', 'The step.'),
      agencyCode: t('string', 'The holding agency.'),
      receivedAt: t('string (ISO 8601)', 'When it was received.'),
    },
  },
  StepCompleted: {
    description:
      'The holding agency completed its step. A step marked `excludedFromLimit` (the applicant paying land tax) is not judged against the limit: the event says so with `excludedFromLimit`.',
    fields: {
      stepId: t('string', 'The step.'),
      agencyCode: t('string', 'The holding agency.'),
      completedAt: t('string (ISO 8601)', 'When it was completed.'),
      deadline: t('string (ISO 8601)', 'The step’s own deadline, the one `outcome` is measured against.'),
      outcome: t(
        TIMELINESS,
        'Trước hạn / đúng hạn / trễ hạn against the deadline; with `excludedFromLimit`, information only (within the step’s own period?).',
      ),
      excludedFromLimit: o(
        'true',
        'Only for a step marked `excludedFromLimit` in the routing: not counted towards the limit (không tính vào thời hạn giải quyết), no agency is late for it. Absent otherwise and on older events (same schema version: nothing to upcast).',
      ),
      resultSummary: t('string', 'What the agency decided or produced.'),
      attachments: t(
        '{ id: string; name: string; mediaType: string; sizeBytes: number; sha256: string }[]',
        'Metadata of the files produced; the files live in the document store.',
      ),
    },
  },
  StepReturned: {
    description: 'The holding agency handed the dossier back to an earlier step (trả lại), which runs again.',
    fields: {
      stepId: t('string', 'The returning step.'),
      fromAgencyCode: t('string', 'The agency that returned it.'),
      toStepId: t('string', 'The step that runs again.'),
      toAgencyCode: t('string', 'The agency that completed that step before and now holds it.'),
      returnedAt: t('string (ISO 8601)', 'When it was returned.'),
      reason: t('string', 'Why.'),
      deadline: t('string (ISO 8601)', 'Deadline of the reopened step.'),
      reset: t(
        'string[]',
        'Steps set back to pending (the returning one and completed steps after the reopened one).',
      ),
    },
  },
  SupplementRequested: {
    description:
      'The holding agency asked the applicant, via the desk, for a supplement (yêu cầu bổ sung) within 3 working days of receiving the dossier: the clock pauses.',
    fields: {
      stepId: t('string', 'The step that waits.'),
      agencyCode: t('string', 'The holding agency.'),
      requestedAt: t('string (ISO 8601)', 'When the request was issued; the pause starts.'),
      items: t(
        ITEMS,
        'Every item to add or correct; for a document to bring, whether the original, a certified copy or a photocopy, and how many (absent on items recorded before it existed).',
      ),
      reason: t('string', 'Why.'),
      windowEndsAt: t('string (ISO 8601)', 'The end of the 3-working-day window it respected.'),
    },
  },
  SupplementReceived: {
    description:
      'The supplement arrived: the clock resumes (pause: time used still counts) or restarts from the complete dossier, per procedure.',
    fields: {
      stepId: t('string', 'The step that waited.'),
      requestedAt: t('string (ISO 8601)', 'When the pause started.'),
      receivedAt: t('string (ISO 8601)', 'When the pause ended (or the clock restarted).'),
      policy: t("'pause' | 'restart'", 'Which supplement policy applied.'),
      dueAt: t('string (ISO 8601)', 'The statutory due date after the pause or restart.'),
      appointmentAt: t(
        'string (ISO 8601)',
        'The appointment after the pause (unchanged after a re-appointment).',
      ),
      stepDeadlines: t(STEP_DEADLINES, 'New deadline of every active step.'),
    },
  },
  ExcludedPhaseStarted: {
    description:
      'A phase that does not count towards the limit began (e.g. the applicant paying land tax). The coordinator starts one for each handoff of a step marked `excludedFromLimit`; the desk may start others by hand.',
    fields: {
      phaseId: t(
        'string',
        'Which phase: `step:<stepId>` when the coordinator opened it for that step; otherwise the id the desk chose.',
      ),
      reason: t('string', 'Why the time does not count.'),
      startedAt: t('string (ISO 8601)', 'When it began.'),
    },
  },
  ExcludedPhaseEnded: {
    description:
      "The excluded phase ended: deadlines move by the time it took. The coordinator ends a step's phase once the step is completed, handed back or handed off anew.",
    fields: {
      phaseId: t('string', 'Which phase.'),
      startedAt: t('string (ISO 8601)', 'When it began.'),
      endedAt: t('string (ISO 8601)', 'When it ended.'),
      dueAt: t('string (ISO 8601)', 'The statutory due date after the phase.'),
      appointmentAt: t('string (ISO 8601)', 'The appointment after the phase.'),
      stepDeadlines: t(STEP_DEADLINES, 'New deadline of every active step.'),
    },
  },
  StepOverdue: {
    description:
      'A step passed its deadline (quá hạn); the agency holding it is responsible. Never recorded for a step marked `excludedFromLimit`.',
    fields: {
      stepId: t('string', 'The step.'),
      responsibleAgencyCode: t('string', 'The agency that held it.'),
      deadline: t('string (ISO 8601)', 'The deadline that passed.'),
      detectedAt: t('string (ISO 8601)', 'When the overrun was detected.'),
    },
  },
  StepReminderSent: {
    description:
      'The agency holding a step was reminded of its deadline (nhắc hạn) at a share of the step budget (80 % by default), counted in working time.',
    fields: {
      stepId: t('string', 'The step.'),
      agencyCode: t('string', 'The agency holding it, the one reminded.'),
      deadline: t('string (ISO 8601)', 'The deadline the reminder is about.'),
      budgetShare: t('number', 'Share of the budget used when the reminder was owed (0.8 by default).'),
      remindedAt: t('string (ISO 8601)', 'When the reminder was recorded.'),
    },
  },
  StepLatenessWarned: {
    description:
      'The step running at its holder is likely to end past its deadline (cảnh báo nguy cơ trễ hạn): the probability from the agency’s recorded times for the step and its load reached the warning threshold. Once per visit, before the fixed reminder (issue 21, docs/simulation.md#early-warning).',
    fields: {
      stepId: t('string', 'The step.'),
      agencyCode: t('string', 'The agency holding it, the one warned.'),
      deadline: t('string (ISO 8601)', 'The step’s deadline when warned.'),
      probability: t('number', 'Probability that the visit ends past its deadline, 0 to 1.'),
      threshold: t('number', 'The probability at which a warning is given.'),
      basis: t(
        '{ visits: number, load: number, pace: number, usedShare: number }',
        'Recorded visits the times come from; the agency’s load now over its usual load; its pace over the last three days over its usual pace; the share of the budget used.',
      ),
      warnedAt: t('string (ISO 8601)', 'When the warning was recorded.'),
    },
  },
  ApologyRequested: {
    description:
      'The dossier will miss its due date: the agencies responsible were asked for a written apology and a new date (form 04) before `respondBy`.',
    fields: {
      agencyCodes: t('string[]', 'The holders of overdue steps, else of the steps in progress.'),
      reason: t("'step-overdue' | 'due-date-approaching'", 'Why the request went out.'),
      dueAt: t('string (ISO 8601)', 'The due date the request is about (one request per due date).'),
      appointmentAt: t('string (ISO 8601)', 'The appointment at the time of the request.'),
      respondBy: t(
        'string (ISO 8601)',
        'Latest time for the apology (one working day before the due date by default).',
      ),
      requestedAt: t('string (ISO 8601)', 'When the request was recorded.'),
    },
  },
  DeadlinesRecomputed: {
    description:
      'A holiday decision was loaded while the dossier ran: its deadlines were counted again on the new calendar. Recorded only when something changed; lists only what changed.',
    fields: {
      cause: t(
        "{ kind: 'calendar-decision', year, document }",
        'What made the deadlines move: the decision loaded, its year and document.',
      ),
      recomputedAt: t('string (ISO 8601)', 'When the deadlines were counted again.'),
      dueAt: t('{ from, to } | null', 'The statutory due date before and after, when it moved.'),
      appointmentAt: t(
        '{ from, to } | null',
        'The appointment before and after, when it moved (an apology’s appointment stays).',
      ),
      steps: t('{ stepId, from, to }[]', 'Each active step whose deadline moved.'),
    },
  },
  ApologyIssued: {
    description:
      'The agency responsible for the delay sent the applicant a written apology with a new appointment (phiếu xin lỗi và hẹn lại, form 04).',
    fields: {
      responsibleAgencyCode: t('string', 'The agency that caused the delay.'),
      reason: t('string', 'Reason for the delay.'),
      originalDueAt: t('string (ISO 8601)', 'The statutory due date, kept for statistics.'),
      previousAppointmentAt: t('string (ISO 8601)', 'The appointment being re-set.'),
      newAppointmentAt: t('string (ISO 8601)', 'The new appointment.'),
      issuedAt: t('string (ISO 8601)', 'When it was issued.'),
      signedBy: t(
        'string',
        "Who signed as the agency's head (role agency-head): a staff person id, or client:<id> for the agency's software.",
      ),
      signer: o(
        '{ name: string; title: string }',
        "The head's name and title from the agency directory at signing (form 04); absent when the directory had none, and on events recorded before.",
      ),
      noticeDueBy: t(
        'string (ISO 8601)',
        'Latest time for the apology (one working day before the due date by default).',
      ),
      withinNoticePeriod: t('boolean', 'Whether it was issued in time.'),
      reappointment: t('number', 'Which re-appointment this is (1 for the first).'),
    },
  },
  DossierEscalated: {
    description: 'The dossier was escalated to the head of the agency or to the supervising agency.',
    fields: {
      to: t("'head' | 'supervising-agency'", 'Escalated to whom.'),
      toAgencyCode: t(
        'string | null',
        "The supervising agency, when escalated there: the directory's parent of fromAgencyCode.",
      ),
      fromAgencyCode: o(
        'string',
        'The agency whose delay is escalated (absent on events recorded before it was kept).',
      ),
      reason: t('string', 'Why.'),
      escalatedAt: t('string (ISO 8601)', 'When.'),
    },
  },
  ProcessingStopped: {
    description: 'Processing stopped (dừng xử lý, form 05) on the applicant’s request or on legal grounds.',
    fields: {
      reason: t('string', 'Why.'),
      requester: t("'applicant' | 'agency'", 'Who asked for it.'),
      requestingAgencyCode: t('string | null', 'The agency, when an agency asked.'),
      legalGround: t('string | null', 'The legal ground (required when an agency stops it).'),
      stoppedAt: t('string (ISO 8601)', 'When.'),
    },
  },
  DossierWithdrawn: {
    description: 'The applicant withdrew the dossier (rút hồ sơ).',
    fields: {
      reason: t('string | null', 'Reason given, if any.'),
      withdrawnAt: t('string (ISO 8601)', 'When.'),
    },
  },
  ResultReady: {
    description:
      'The result is at the desk, every step completed; early results are announced to the applicant.',
    fields: {
      readyAt: t('string (ISO 8601)', 'When the result reached the desk.'),
      deskUnitCode: t('string', 'The desk holding the result.'),
      dueAt: t('string (ISO 8601)', 'Statutory due date (after pauses, before any apology).'),
      appointmentAt: t('string (ISO 8601)', 'The appointment in force.'),
      outcome: t(TIMELINESS, 'Against the due date: what the statistics count.'),
      outcomeAgainstAppointment: t(TIMELINESS, 'Against the appointment in force.'),
    },
  },
  ResultReturned: {
    description: 'The result was returned to the applicant (trả kết quả): the dossier is finished.',
    fields: {
      channel: t("'counter' | 'post' | 'online'", 'How it was returned.'),
      returnedAt: t('string (ISO 8601)', 'When.'),
    },
  },
  SatisfactionRated: {
    description: 'The applicant rated the service (mức độ hài lòng), 1 to 5.',
    fields: {
      score: t('1 | 2 | 3 | 4 | 5', 'The rating.'),
      comment: t('string | null', 'Optional comment, at most 1000 characters.'),
      ratedAt: t('string (ISO 8601)', 'When.'),
    },
  },
  ApplicantDataErased: {
    description:
      'The applicant’s personal data was crypto-shredded (its per-dossier key destroyed); the timing facts remain.',
    fields: {
      erasedAt: t('string (ISO 8601)', 'When.'),
      reason: t('string', 'Why (retention period over, request under the personal-data law).'),
    },
  },
  ApplicantNotified: {
    description:
      'The applicant was told (thông báo cho người nộp hồ sơ) by e-mail or a text: an online intake acknowledged, a supplement request (form 02), the apology letter (form 04), the result ready (early or not). Recorded after the mail server or gateway accepted it; in the stream of the event that caused it (intake-<ref> for a supplement asked at intake). Never the address or number.',
    fields: {
      noticeId: t('string', 'The notice (one per cause event; each channel records its own sending).'),
      kind: t(NOTICE_KIND, 'What the applicant was told.'),
      channel: t(NOTICE_CHANNEL, 'How.'),
      cause: t('{ eventId: string; eventType: string }', 'The event that made the notice owed.'),
      sentAt: t('string (ISO 8601)', 'When the server or gateway accepted it.'),
      providerMessageId: t('string | null', 'The id the server or gateway gave the message.'),
    },
  },
  ApplicantNoticeNotSent: {
    description:
      'A notice owed to the applicant was not sent, and why: personal data erased (nothing is sent), no e-mail or phone, no channel configured, or every attempt failed.',
    fields: {
      noticeId: t('string', 'The notice.'),
      kind: t(NOTICE_KIND, 'What the applicant would have been told.'),
      channel: t(`${NOTICE_CHANNEL} | null`, 'The channel that failed; null when none was tried.'),
      cause: t('{ eventId: string; eventType: string }', 'The event that made the notice owed.'),
      reason: t(
        "'personal-data-erased' | 'no-contact' | 'no-channel-configured' | 'delivery-failed'",
        'Why nothing reached the applicant on this channel.',
      ),
      detail: t('string', 'What happened (the last error, attempts), without the address or number.'),
      at: t('string (ISO 8601)', 'When it was given up.'),
    },
  },
  PostalShipmentUpdated: {
    description:
      'The result sent to the applicant by the public postal service (bưu chính công ích): mailed with its tracking number, then delivered or returned to sender, as the postal service reports it. Each status once.',
    fields: {
      shipment: t("'result'", 'What travels.'),
      trackingNumber: t('string', 'The postal tracking number (số hiệu bưu gửi).'),
      status: t("'mailed' | 'delivered' | 'returned-to-sender'", 'Where it stands.'),
      at: t('string (ISO 8601)', 'When the postal service says it happened.'),
    },
  },
};

/** The dossier event catalogue, in lifecycle order: the source of docs/events.md. */
export const dossierEventCatalogue: readonly DossierEventCatalogueEntry[] = (
  Object.keys(source) as DossierEventType[]
).map((type) => ({
  type,
  schemaVersion: DOSSIER_EVENT_SCHEMA_VERSIONS[type],
  description: source[type].description,
  fields: Object.entries(source[type].fields as Record<string, FieldDoc & { optional?: true }>).map(
    ([name, doc]) => ({
      name,
      type: doc.type,
      description: doc.description,
      optional: doc.optional === true,
    }),
  ),
}));

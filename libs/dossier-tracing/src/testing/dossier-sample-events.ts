/** For unit specs only: one real-shaped event of every dossier event type, and a fold helper. */
import {
  COMMUNE,
  DESK,
  DUE_AT,
  INSURANCE,
  POLICE,
  allStepsDone,
  at,
  completed,
  handedOff,
  parallel,
  received,
  receivedWith,
  refusedAtIntake,
  resultReady,
  resultReturned,
  routing,
  stopped,
  supplementRequested,
  supplementRequestedAtIntake,
  withdrawn,
} from '@lien-thong/dossiers/testing';
import type { EventContext } from '../shared/dossier-event';
import { type DossierEvent } from '@lien-thong/dossier-model';

export const stepReturned: DossierEvent = {
  type: 'StepReturned',
  data: {
    stepId: 'police-check',
    fromAgencyCode: POLICE,
    toStepId: 'appraise',
    toAgencyCode: COMMUNE,
    returnedAt: at(25, '15:00'),
    reason: 'Thiếu xác minh',
    deadline: at(26, '17:00'),
    reset: ['police-check'],
  },
};

export const otherEvents: DossierEvent[] = [
  stepReturned,
  {
    type: 'SupplementReceived',
    data: {
      stepId: 'appraise',
      requestedAt: at(24, '14:00'),
      receivedAt: at(25, '09:00'),
      policy: 'pause',
      dueAt: at(29, '17:00'),
      appointmentAt: at(29, '17:00'),
      stepDeadlines: [{ stepId: 'appraise', deadline: at(26, '17:00') }],
    },
  },
  { type: 'ExcludedPhaseStarted', data: { phaseId: 'pay-tax', reason: 'Nộp thuế', startedAt: at(25) } },
  {
    type: 'ExcludedPhaseEnded',
    data: {
      phaseId: 'pay-tax',
      startedAt: at(25),
      endedAt: at(26),
      dueAt: at(29, '17:00'),
      appointmentAt: at(29, '17:00'),
      stepDeadlines: [],
    },
  },
  {
    type: 'StepOverdue',
    data: {
      stepId: 'appraise',
      responsibleAgencyCode: COMMUNE,
      deadline: at(25, '17:00'),
      detectedAt: at(25, '17:05'),
    },
  },
  {
    type: 'StepLatenessWarned',
    data: {
      stepId: 'appraise',
      agencyCode: COMMUNE,
      deadline: at(25, '17:00'),
      probability: 0.82,
      threshold: 0.6,
      basis: { visits: 40, load: 1.3, pace: 1.1, usedShare: 0.2 },
      warnedAt: at(25, '09:00'),
    },
  },
  {
    type: 'StepReminderSent',
    data: {
      stepId: 'appraise',
      agencyCode: COMMUNE,
      deadline: at(25, '17:00'),
      budgetShare: 0.8,
      remindedAt: at(25, '15:00'),
    },
  },
  {
    type: 'ApologyRequested',
    data: {
      agencyCodes: [COMMUNE],
      reason: 'step-overdue',
      dueAt: DUE_AT,
      appointmentAt: DUE_AT,
      respondBy: at(27, '17:00'),
      requestedAt: at(25, '17:10'),
    },
  },
  {
    type: 'DeadlinesRecomputed',
    data: {
      cause: { kind: 'calendar-decision', year: 2025, document: 'Thông báo 1/TB-BNV' },
      recomputedAt: at(25, '17:20'),
      dueAt: { from: DUE_AT, to: '2025-12-01T17:00:00+07:00' },
      appointmentAt: { from: DUE_AT, to: '2025-12-01T17:00:00+07:00' },
      steps: [{ stepId: 'appraise', from: at(25, '17:00'), to: at(26, '17:00') }],
    },
  },
  {
    type: 'ApologyIssued',
    data: {
      responsibleAgencyCode: COMMUNE,
      reason: 'Chậm thẩm định',
      originalDueAt: DUE_AT,
      previousAppointmentAt: DUE_AT,
      newAppointmentAt: '2025-12-02T17:00:00+07:00',
      issuedAt: at(26),
      signedBy: 'head-71',
      noticeDueBy: at(27, '17:00'),
      withinNoticePeriod: true,
      reappointment: 1,
    },
  },
  {
    type: 'DossierEscalated',
    data: { to: 'supervising-agency', toAgencyCode: '000.00.01.H29', reason: 'Chậm', escalatedAt: at(26) },
  },
  { type: 'SatisfactionRated', data: { score: 4, comment: 'Nguyễn Văn A rất hài lòng', ratedAt: at(28) } },
  { type: 'ApplicantDataErased', data: { erasedAt: at(29), reason: 'Hết thời hạn lưu trữ' } },
  {
    type: 'ApplicantNotified',
    data: {
      noticeId: 'notice-1',
      kind: 'result-ready-early',
      channel: 'email',
      cause: { eventId: 'event-1', eventType: 'ResultReady' },
      sentAt: at(28),
      providerMessageId: '<notice-1@lien-thong.invalid>',
    },
  },
  {
    type: 'ApplicantNoticeNotSent',
    data: {
      noticeId: 'notice-1',
      kind: 'result-ready-early',
      channel: 'sms',
      cause: { eventId: 'event-1', eventType: 'ResultReady' },
      reason: 'delivery-failed',
      detail: 'gateway HTTP 400',
      at: at(28),
    },
  },
  {
    type: 'PostalShipmentUpdated',
    data: { shipment: 'result', trackingNumber: 'EB123456789VN', status: 'delivered', at: at(29) },
  },
];

/** At least one event of every type (not one valid history: for per-event checks). */
export const everyEventType: DossierEvent[] = [
  received,
  supplementRequestedAtIntake,
  refusedAtIntake,
  ...allStepsDone.slice(1),
  supplementRequested,
  ...otherEvents,
  stopped,
  withdrawn,
  resultReady,
  resultReturned,
];

/**
 * The applicant's time: `insurance` marked `excludedFromLimit` (as the land procedure's tax payment),
 * completed two days past its own period, as the decider records it; `sign` follows it, handed on with
 * no outcome for it. `paidLateRecordedAsLate` is the same history had the completion been judged.
 */
function paidLate(excluded: boolean): DossierEvent[] {
  return [
    receivedWith({
      steps: routing.steps.map((s) => (s.id === 'insurance' ? { ...s, excludedFromLimit: excluded } : s)),
    }),
    ...parallel.slice(1),
    completed('police-check', POLICE, { at: at(26, '09:00'), deadline: at(26, '17:00') }),
    {
      type: 'StepCompleted',
      data: {
        stepId: 'insurance',
        agencyCode: INSURANCE,
        completedAt: at(28, '09:00'),
        deadline: at(26, '17:00'),
        outcome: 'late',
        ...(excluded ? { excludedFromLimit: true as const } : {}),
        resultSummary: 'Đã nộp',
        attachments: [],
      },
    },
    handedOff('sign', COMMUNE, INSURANCE, {
      at: at(28, '10:00'),
      deadline: at(28, '16:00'),
      previousStepId: 'insurance',
      previousStepOutcome: excluded ? null : 'late',
    }),
  ];
}

export const excludedStepDoneLate: DossierEvent[] = paidLate(true);
export const paidLateRecordedAsLate: DossierEvent[] = paidLate(false);

export { COMMUNE, DESK, INSURANCE, POLICE };

/** Folds events through a read model's pure evolve, as the projection would (revision = index). */
export function foldDoc<T>(
  evolve: (doc: T | null, event: DossierEvent, context: EventContext) => T | null,
  events: readonly DossierEvent[],
  streamName = 'dossier-x',
  from: T | null = null,
): T | null {
  return events.reduce<T | null>(
    (doc, event, revision) =>
      evolve(doc, event, { streamName, revision, occurredAt: at(24), recordedAt: at(24) }),
    from,
  );
}

import { unreachable, type EventContext } from '../shared/dossier-event';
import { formatVietnamTime as t } from '../shared/vietnam-time';
import type { RegisterEntry, RegisterNote } from './register.response.dto';
import { type DossierEvent, completionJudgement, resolvedWithinDay } from '@lien-thong/dossier-model';

/** The register line after one event (pure). Only dossiers received with a code are registered. */
export function evolveRegisterEntry(
  entry: RegisterEntry | null,
  event: DossierEvent,
  _context: EventContext,
): RegisterEntry | null {
  if (event.type === 'DossierReceived') {
    const d = event.data;
    return {
      code: d.dossierCode,
      status: 'accepted',
      procedure: { code: d.procedure.code, version: d.procedure.version },
      applicantRef: d.applicantRef,
      applicantDataErased: false,
      receivingUnitCode: d.receivingUnitCode,
      leadAgencyCode: null,
      sets: d.sets ?? 1,
      statutoryLimit: d.statutoryLimit ?? null,
      receivedAt: d.receivedAt,
      dueAt: d.appointmentAt,
      appointmentAt: d.appointmentAt,
      transferredAt: null,
      resultReadyAt: null,
      resultOutcome: null,
      resolvedWithinDay: null,
      returnedAt: null,
      notes: [],
    };
  }
  if (entry === null) return null;
  switch (event.type) {
    case 'DossierSupplementRequestedAtIntake':
    case 'DossierRefusedAtIntake':
    case 'StepHandedOff':
    case 'StepReceived':
    case 'StepReturned':
    case 'ExcludedPhaseStarted':
    case 'DossierEscalated':
    case 'SatisfactionRated':
    case 'StepReminderSent':
    case 'StepLatenessWarned':
    case 'ApologyRequested':
      return entry;
    case 'DossierTransferred':
      return {
        ...entry,
        status: 'in-processing',
        leadAgencyCode: event.data.toAgencyCode,
        transferredAt: event.data.transferredAt,
        notes:
          event.data.outcome === 'late'
            ? [
                ...entry.notes,
                note('late', event.data.transferredAt, {
                  vi: `Chuyển hồ sơ trễ hạn (hạn ${t(event.data.dueBy)})`,
                  en: `Transferred late (due ${t(event.data.dueBy)})`,
                }),
              ]
            : entry.notes,
      };
    case 'StepCompleted': {
      const d = event.data;
      // A step excluded from the limit (the applicant paying tax) makes nobody late, whatever its own
      // period says: no note.
      return completionJudgement(d) !== 'late'
        ? entry
        : {
            ...entry,
            notes: [
              ...entry.notes,
              note('late', d.completedAt, {
                vi: `${d.agencyCode} hoàn thành bước '${d.stepId}' trễ hạn (hạn ${t(d.deadline)})`,
                en: `${d.agencyCode} completed step '${d.stepId}' late (due ${t(d.deadline)})`,
              }),
            ],
          };
    }
    case 'SupplementRequested':
      return {
        ...entry,
        notes: [
          ...entry.notes,
          note('supplement', event.data.requestedAt, {
            vi: `${event.data.agencyCode} yêu cầu bổ sung hồ sơ`,
            en: `${event.data.agencyCode} requested a supplement`,
          }),
        ],
      };
    case 'SupplementReceived':
    case 'ExcludedPhaseEnded':
      return { ...entry, dueAt: event.data.dueAt, appointmentAt: event.data.appointmentAt };
    case 'StepOverdue':
      return {
        ...entry,
        notes: [
          ...entry.notes,
          note('late', event.data.detectedAt, {
            vi: `Bước '${event.data.stepId}' quá hạn; trách nhiệm: ${event.data.responsibleAgencyCode}`,
            en: `Step '${event.data.stepId}' overdue; responsible: ${event.data.responsibleAgencyCode}`,
          }),
        ],
      };
    case 'DeadlinesRecomputed':
      return {
        ...entry,
        dueAt: event.data.dueAt?.to ?? entry.dueAt,
        appointmentAt: event.data.appointmentAt?.to ?? entry.appointmentAt,
      };
    case 'ApologyIssued':
      return {
        ...entry,
        appointmentAt: event.data.newAppointmentAt,
        notes: [
          ...entry.notes,
          note('apology', event.data.issuedAt, {
            vi: `${event.data.responsibleAgencyCode} xin lỗi, hẹn lại ${t(event.data.newAppointmentAt)}`,
            en: `${event.data.responsibleAgencyCode} apologised, new appointment ${t(event.data.newAppointmentAt)}`,
          }),
        ],
      };
    case 'ProcessingStopped':
      return {
        ...entry,
        status: 'stopped',
        notes: [
          ...entry.notes,
          note('stopped', event.data.stoppedAt, {
            vi: `Dừng xử lý theo đề nghị của ${event.data.requester === 'applicant' ? 'người nộp' : (event.data.requestingAgencyCode ?? 'cơ quan')}`,
            en: `Processing stopped at the request of ${event.data.requester === 'applicant' ? 'the applicant' : (event.data.requestingAgencyCode ?? 'an agency')}`,
          }),
        ],
      };
    case 'DossierWithdrawn':
      return {
        ...entry,
        status: 'withdrawn',
        notes: [
          ...entry.notes,
          note('withdrawn', event.data.withdrawnAt, {
            vi: 'Người nộp rút hồ sơ',
            en: 'Withdrawn by the applicant',
          }),
        ],
      };
    case 'ResultReady': {
      const d = event.data;
      return {
        ...entry,
        status: 'result-ready',
        dueAt: d.dueAt,
        appointmentAt: d.appointmentAt,
        resultReadyAt: d.readyAt,
        resultOutcome: d.outcome,
        resolvedWithinDay: resolvedWithinDay(entry.statutoryLimit, d.outcome),
        notes:
          d.outcome === 'late'
            ? [
                ...entry.notes,
                note('late', d.readyAt, {
                  vi: `Có kết quả trễ hạn (hạn ${t(d.dueAt)})`,
                  en: `Result ready late (due ${t(d.dueAt)})`,
                }),
              ]
            : entry.notes,
      };
    }
    case 'ResultReturned':
      return { ...entry, status: 'returned', returnedAt: event.data.returnedAt };
    case 'ApplicantDataErased':
      return { ...entry, applicantDataErased: true };
    case 'ApplicantNotified':
    case 'ApplicantNoticeNotSent':
    case 'PostalShipmentUpdated':
      return entry;
    default:
      return unreachable(event);
  }
}

function note(kind: RegisterNote['kind'], at: string, text: RegisterNote['text']): RegisterNote {
  return { kind, at, text };
}

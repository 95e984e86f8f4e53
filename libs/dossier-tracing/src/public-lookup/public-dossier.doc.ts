import { lookupKeyDigest } from '@lien-thong/dossiers';
import { unreachable, type EventContext } from '../shared/dossier-event';
import { type DossierEvent, type DossierStatus } from '@lien-thong/dossier-model';

export interface PublicStepDone {
  readonly stepId: string;
  readonly completedAt: string;
}

export interface PublicStepHolder {
  readonly stepId: string;
  readonly agencyCode: string;
}

/**
 * What anyone holding a dossier code may see. Built field by field from the events, never copied
 * wholesale, so an applicant reference, an officer id or a free-text reason cannot reach it.
 */
export interface PublicDossierDoc {
  readonly code: string;
  readonly status: DossierStatus;
  readonly procedureCode: string;
  readonly receivedAt: string;
  /** Steps counted as done now (a return sets steps back), in completion order. */
  readonly stepsDone: readonly PublicStepDone[];
  readonly currentHolders: readonly PublicStepHolder[];
  readonly dueAt: string;
  readonly appointmentAt: string;
  readonly resultReadyAt: string | null;
  readonly returnedAt: string | null;
  /**
   * SHA-256 of the lookup key printed on the receipt; the lookup answers only to the code and the key.
   * Kept, never served. Absent for dossiers received before keys existed.
   */
  readonly lookupKeyDigest?: string;
}

/** Only accepted dossiers (`dossier-<code>` streams) have a public view. */
export function evolvePublicDossier(
  doc: PublicDossierDoc | null,
  event: DossierEvent,
  _context: EventContext,
): PublicDossierDoc | null {
  if (event.type === 'DossierReceived') {
    const d = event.data;
    return {
      code: d.dossierCode,
      status: 'accepted',
      procedureCode: d.procedure.code,
      receivedAt: d.receivedAt,
      stepsDone: [],
      currentHolders: [],
      dueAt: d.appointmentAt,
      appointmentAt: d.appointmentAt,
      resultReadyAt: null,
      returnedAt: null,
      ...(d.lookupKey !== undefined ? { lookupKeyDigest: lookupKeyDigest(d.lookupKey) } : {}),
    };
  }
  if (doc === null) return null;
  switch (event.type) {
    case 'DossierSupplementRequestedAtIntake':
    case 'DossierRefusedAtIntake':
    case 'StepReceived':
    case 'SupplementRequested':
    case 'ExcludedPhaseStarted':
    case 'StepOverdue':
    case 'StepReminderSent':
    case 'StepLatenessWarned':
    case 'ApologyRequested':
    case 'DossierEscalated':
    case 'SatisfactionRated':
    case 'ApplicantDataErased':
    case 'ApplicantNotified':
    case 'ApplicantNoticeNotSent':
    case 'PostalShipmentUpdated':
      return doc;
    case 'DossierTransferred':
      return { ...doc, status: 'in-processing' };
    case 'StepHandedOff': {
      const d = event.data;
      return {
        ...doc,
        stepsDone: doc.stepsDone.filter((s) => s.stepId !== d.stepId),
        currentHolders: [
          ...doc.currentHolders.filter((h) => h.stepId !== d.stepId),
          { stepId: d.stepId, agencyCode: d.toAgencyCode },
        ],
      };
    }
    case 'StepCompleted': {
      const d = event.data;
      return {
        ...doc,
        stepsDone: [
          ...doc.stepsDone.filter((s) => s.stepId !== d.stepId),
          { stepId: d.stepId, completedAt: d.completedAt },
        ],
        currentHolders: doc.currentHolders.filter((h) => h.stepId !== d.stepId),
      };
    }
    case 'StepReturned': {
      const d = event.data;
      const reset = [...d.reset, d.toStepId];
      return {
        ...doc,
        stepsDone: doc.stepsDone.filter((s) => !reset.includes(s.stepId)),
        currentHolders: [
          ...doc.currentHolders.filter((h) => h.stepId !== d.stepId && h.stepId !== d.toStepId),
          { stepId: d.toStepId, agencyCode: d.toAgencyCode },
        ],
      };
    }
    case 'SupplementReceived':
    case 'ExcludedPhaseEnded':
      return { ...doc, dueAt: event.data.dueAt, appointmentAt: event.data.appointmentAt };
    case 'DeadlinesRecomputed':
      return {
        ...doc,
        dueAt: event.data.dueAt?.to ?? doc.dueAt,
        appointmentAt: event.data.appointmentAt?.to ?? doc.appointmentAt,
      };
    case 'ApologyIssued':
      return { ...doc, appointmentAt: event.data.newAppointmentAt };
    case 'ProcessingStopped':
      return { ...doc, status: 'stopped', currentHolders: [] };
    case 'DossierWithdrawn':
      return { ...doc, status: 'withdrawn', currentHolders: [] };
    case 'ResultReady':
      return {
        ...doc,
        status: 'result-ready',
        dueAt: event.data.dueAt,
        appointmentAt: event.data.appointmentAt,
        currentHolders: [],
        resultReadyAt: event.data.readyAt,
      };
    case 'ResultReturned':
      return { ...doc, status: 'returned', returnedAt: event.data.returnedAt };
    default:
      return unreachable(event);
  }
}

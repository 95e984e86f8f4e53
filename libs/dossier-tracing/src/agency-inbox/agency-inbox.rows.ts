import {
  type DossierEscalatedData,
  type DossierState,
  escalationRecipients,
  isClockPaused,
} from '@lien-thong/dossier-model';

/**
 * A dossier escalated to an agency (báo cáo cấp trên): the supervising agency, or the agency itself
 * when escalated to its head. In its inbox while the dossier is still being processed.
 */
export interface AgencyEscalationRow {
  readonly dossierCode: string;
  /** The agency told (its inbox). */
  readonly agencyCode: string;
  readonly to: 'head' | 'supervising-agency';
  /** The agency whose delay is escalated. */
  readonly fromAgencyCode: string | null;
  readonly reason: string;
  readonly escalatedAt: string;
}

/** The inbox rows one escalation gives: one per agency told. */
export function escalationRows(dossierCode: string, data: DossierEscalatedData): AgencyEscalationRow[] {
  return escalationRecipients(data).map((agencyCode) => ({
    dossierCode,
    agencyCode,
    to: data.to,
    fromAgencyCode: data.fromAgencyCode ?? null,
    reason: data.reason,
    escalatedAt: data.escalatedAt,
  }));
}

/** An escalation stays in the inbox while the dossier is open (accepted or being processed). */
export function keepsEscalations(state: DossierState): boolean {
  return state.status === 'accepted' || state.status === 'in-processing';
}
/**
 * One step an agency holds now (hộp việc của cơ quan): a row of the agency inbox. Parallel branches of
 * one dossier held by one agency give one row each.
 */
export interface AgencyInboxRow {
  readonly dossierCode: string;
  readonly stepId: string;
  readonly agencyCode: string;
  readonly fromAgencyCode: string;
  readonly procedureCode: string;
  readonly procedureVersion: number;
  readonly handedOffAt: string;
  readonly deadline: string;
  /** When the agency accepted (received) the step; null until it does. */
  readonly acceptedAt: string | null;
  /** When the coordinator recorded the step overdue (StepOverdue) for its current deadline. */
  readonly overdueDetectedAt: string | null;
  /** When the agency was reminded of this deadline (StepReminderSent). */
  readonly remindedAt: string | null;
  /** The early warning of this visit (StepLatenessWarned): likely to end late, and how likely. */
  readonly latenessWarning: { readonly probability: number; readonly warnedAt: string } | null;
  /** The clock stands (a supplement asked for, an excluded phase): deadlines move when it resumes. */
  readonly clockPaused: boolean;
  /** This step asked the applicant for a supplement that has not arrived yet. */
  readonly awaitingSupplement: boolean;
  /** The dossier's statutory due date and the appointment promised to the applicant. */
  readonly dueAt: string | null;
  readonly appointmentAt: string | null;
  /** This agency was asked for an apology (form 04) for the current due date. */
  readonly apologyRequestedAt: string | null;
  /** By when that apology must be sent: the procedure's notice before the appointment. */
  readonly apologyRespondBy: string | null;
}

/** The rows a dossier puts in agencies' inboxes: its active steps while it is being processed. */
export function agencyInboxRows(state: DossierState): AgencyInboxRow[] {
  if (state.status !== 'in-processing' || state.dossierCode === null || state.procedure === null) return [];
  const paused = isClockPaused(state);
  return Object.values(state.activeSteps).map((step) => {
    const apology = state.apologyRequests.find(
      (r) => r.dueAt === state.dueAt && r.agencyCodes.includes(step.holderAgencyCode),
    );
    return {
      dossierCode: state.dossierCode!,
      stepId: step.stepId,
      agencyCode: step.holderAgencyCode,
      fromAgencyCode: step.fromAgencyCode,
      procedureCode: state.procedure!.code,
      procedureVersion: state.procedure!.version,
      handedOffAt: step.handedOffAt,
      deadline: step.deadline,
      acceptedAt: step.receivedAt,
      overdueDetectedAt: step.overdueDetectedAt,
      remindedAt: step.remindedAt,
      // A state folded before warnings existed has no such field.
      latenessWarning: step.latenessWarning ?? null,
      clockPaused: paused,
      awaitingSupplement: state.openSupplement?.stepId === step.stepId,
      dueAt: state.dueAt,
      appointmentAt: state.appointmentAt,
      apologyRequestedAt: apology?.requestedAt ?? null,
      apologyRespondBy: apology?.respondBy ?? null,
    };
  });
}

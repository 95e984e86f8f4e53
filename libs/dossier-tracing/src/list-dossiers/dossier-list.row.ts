import { unreachable, type EventContext } from '../shared/dossier-event';
import { FINISHED_STATUSES } from '../shared/labels';
import {
  type DossierEvent,
  type DossierStatus,
  completionJudgement,
  participantsNamedBy,
} from '@lien-thong/dossier-model';

export interface StepHolder {
  readonly stepId: string;
  readonly agencyCode: string;
}

export interface OverdueStep {
  readonly stepId: string;
  readonly agencyCode: string;
  readonly deadline: string;
  readonly detectedAt: string;
}

/**
 * One row of the dossier list, as stored. No personal data: no applicant reference, no officer.
 * Intakes that ended without a code (forms 02/03, `intake-<ref>` streams) appear with `code` null.
 */
export interface DossierListRow {
  readonly stream: string;
  readonly code: string | null;
  readonly intakeRef: string;
  readonly procedureCode: string;
  readonly procedureVersion: number | null;
  readonly status: DossierStatus;
  readonly receivingUnitCode: string;
  /** Where the result is collected (absent on rows stored before it was kept: the receiving unit). */
  readonly collectAtUnitCode?: string;
  /** Agencies that took part (`participantsNamedBy`); absent on rows stored before it was kept. */
  readonly participantAgencyCodes?: readonly string[];
  /** The receipt, or the intake decision for intakes without a code. */
  readonly receivedAt: string;
  /** Statutory due date: moves with supplements and excluded phases, never with an apology. */
  readonly dueAt: string | null;
  readonly appointmentAt: string | null;
  readonly leadAgencyCode: string | null;
  /** Every step held now; parallel branches give several holders. */
  readonly holders: readonly StepHolder[];
  /** StepOverdue records not yet superseded (completion, return, moved deadline, closing). */
  readonly overdueSteps: readonly OverdueStep[];
  readonly awaitingSupplement: boolean;
  readonly inExcludedPhase: boolean;
  /** Agencies that let a step run late, transferred late or apologised. */
  readonly lateResponsibleAgencyCodes: readonly string[];
  /**
   * Apologies with a new appointment (form 04), each with whether it came by its notice deadline (a
   * late apology counts as late). Absent on rows written before it was kept (rebuild to fill).
   */
  readonly apologies?: readonly {
    readonly agencyCode: string;
    readonly issuedAt: string;
    readonly withinNoticePeriod: boolean;
  }[];
  readonly resultReadyAt: string | null;
  readonly resultOutcome: 'early' | 'on-time' | 'late' | null;
  readonly returnedAt: string | null;
  readonly closedAt: string | null;
}

/** The next row after one event (pure). `row` is null before the stream's first event. */
export function evolveDossierListRow(
  row: DossierListRow | null,
  event: DossierEvent,
  context: EventContext,
): DossierListRow | null {
  switch (event.type) {
    case 'DossierReceived': {
      const d = event.data;
      return {
        stream: context.streamName,
        code: d.dossierCode,
        intakeRef: d.intakeRef,
        procedureCode: d.procedure.code,
        procedureVersion: d.procedure.version,
        status: 'accepted',
        receivingUnitCode: d.receivingUnitCode,
        collectAtUnitCode: d.collectAtUnitCode,
        participantAgencyCodes: [],
        receivedAt: d.receivedAt,
        dueAt: d.appointmentAt,
        appointmentAt: d.appointmentAt,
        leadAgencyCode: null,
        holders: [],
        overdueSteps: [],
        awaitingSupplement: false,
        inExcludedPhase: false,
        lateResponsibleAgencyCodes: [],
        resultReadyAt: null,
        resultOutcome: null,
        returnedAt: null,
        closedAt: null,
      };
    }
    case 'DossierSupplementRequestedAtIntake':
    case 'DossierRefusedAtIntake': {
      const d = event.data;
      const at = event.type === 'DossierRefusedAtIntake' ? event.data.refusedAt : event.data.requestedAt;
      return {
        stream: context.streamName,
        code: null,
        intakeRef: d.intakeRef,
        procedureCode: d.procedure.code,
        procedureVersion: d.procedure.version,
        status: event.type === 'DossierRefusedAtIntake' ? 'intake-refused' : 'intake-supplement-requested',
        receivingUnitCode: d.receivingUnitCode,
        collectAtUnitCode: d.receivingUnitCode,
        participantAgencyCodes: [],
        receivedAt: at,
        dueAt: null,
        appointmentAt: null,
        leadAgencyCode: null,
        holders: [],
        overdueSteps: [],
        awaitingSupplement: false,
        inExcludedPhase: false,
        lateResponsibleAgencyCodes: [],
        resultReadyAt: null,
        resultOutcome: null,
        returnedAt: null,
        closedAt: at,
      };
    }
    default: {
      if (row === null) return null;
      const next = evolveExisting(row, event);
      const known = next.participantAgencyCodes ?? [];
      const added = participantsNamedBy(event).filter((code) => !known.includes(code));
      return added.length === 0 ? next : { ...next, participantAgencyCodes: [...known, ...new Set(added)] };
    }
  }
}

function evolveExisting(row: DossierListRow, event: DossierEvent): DossierListRow {
  switch (event.type) {
    case 'DossierReceived':
    case 'DossierSupplementRequestedAtIntake':
    case 'DossierRefusedAtIntake':
      // An intake ends exactly once (the decider refuses a second outcome): nothing to change.
      return row;
    case 'DossierTransferred': {
      const d = event.data;
      return {
        ...row,
        status: 'in-processing',
        leadAgencyCode: d.toAgencyCode,
        lateResponsibleAgencyCodes:
          d.outcome === 'late'
            ? withCode(row.lateResponsibleAgencyCodes, d.fromUnitCode)
            : row.lateResponsibleAgencyCodes,
      };
    }
    case 'StepHandedOff': {
      const d = event.data;
      return {
        ...row,
        holders: [
          ...row.holders.filter((h) => h.stepId !== d.stepId),
          { stepId: d.stepId, agencyCode: d.toAgencyCode },
        ],
        overdueSteps: withoutSteps(row.overdueSteps, [d.stepId]),
      };
    }
    case 'StepReceived':
      return row;
    case 'StepCompleted': {
      const d = event.data;
      return {
        ...row,
        holders: row.holders.filter((h) => h.stepId !== d.stepId),
        overdueSteps: withoutSteps(row.overdueSteps, [d.stepId]),
        // Not for a step excluded from the limit: its time is the applicant's.
        lateResponsibleAgencyCodes:
          completionJudgement(d) === 'late'
            ? withCode(row.lateResponsibleAgencyCodes, d.agencyCode)
            : row.lateResponsibleAgencyCodes,
      };
    }
    case 'StepReturned': {
      const d = event.data;
      return {
        ...row,
        holders: [
          ...row.holders.filter((h) => h.stepId !== d.stepId && h.stepId !== d.toStepId),
          { stepId: d.toStepId, agencyCode: d.toAgencyCode },
        ],
        overdueSteps: withoutSteps(row.overdueSteps, [d.stepId, d.toStepId]),
      };
    }
    case 'SupplementRequested':
      return { ...row, awaitingSupplement: true };
    case 'SupplementReceived':
    case 'ExcludedPhaseEnded': {
      const d = event.data;
      return {
        ...row,
        dueAt: d.dueAt,
        appointmentAt: d.appointmentAt,
        // A moved deadline supersedes the overdue record of the previous one.
        overdueSteps: withoutSteps(
          row.overdueSteps,
          d.stepDeadlines.map((s) => s.stepId),
        ),
        awaitingSupplement: event.type === 'SupplementReceived' ? false : row.awaitingSupplement,
        inExcludedPhase: event.type === 'ExcludedPhaseEnded' ? false : row.inExcludedPhase,
      };
    }
    case 'ExcludedPhaseStarted':
      return { ...row, inExcludedPhase: true };
    case 'StepOverdue': {
      const d = event.data;
      return {
        ...row,
        overdueSteps: [
          ...withoutSteps(row.overdueSteps, [d.stepId]),
          {
            stepId: d.stepId,
            agencyCode: d.responsibleAgencyCode,
            deadline: d.deadline,
            detectedAt: d.detectedAt,
          },
        ],
        lateResponsibleAgencyCodes: withCode(row.lateResponsibleAgencyCodes, d.responsibleAgencyCode),
      };
    }
    case 'DeadlinesRecomputed': {
      const d = event.data;
      return {
        ...row,
        dueAt: d.dueAt?.to ?? row.dueAt,
        appointmentAt: d.appointmentAt?.to ?? row.appointmentAt,
        overdueSteps: withoutSteps(
          row.overdueSteps,
          d.steps.map((s) => s.stepId),
        ),
      };
    }
    case 'StepReminderSent':
    case 'StepLatenessWarned':
    case 'ApologyRequested':
      return row;
    case 'ApologyIssued':
      return {
        ...row,
        appointmentAt: event.data.newAppointmentAt,
        lateResponsibleAgencyCodes: withCode(
          row.lateResponsibleAgencyCodes,
          event.data.responsibleAgencyCode,
        ),
        apologies: [
          ...(row.apologies ?? []),
          {
            agencyCode: event.data.responsibleAgencyCode,
            issuedAt: event.data.issuedAt,
            withinNoticePeriod: event.data.withinNoticePeriod,
          },
        ],
      };
    case 'DossierEscalated':
      return row;
    case 'ProcessingStopped':
      return close(row, 'stopped', event.data.stoppedAt);
    case 'DossierWithdrawn':
      return close(row, 'withdrawn', event.data.withdrawnAt);
    case 'ResultReady': {
      const d = event.data;
      return {
        ...row,
        status: 'result-ready',
        dueAt: d.dueAt,
        appointmentAt: d.appointmentAt,
        holders: [],
        overdueSteps: [],
        resultReadyAt: d.readyAt,
        resultOutcome: d.outcome,
      };
    }
    case 'ResultReturned':
      return {
        ...row,
        status: 'returned',
        returnedAt: event.data.returnedAt,
        closedAt: event.data.returnedAt,
      };
    case 'SatisfactionRated':
    case 'ApplicantDataErased':
    case 'ApplicantNotified':
    case 'ApplicantNoticeNotSent':
    case 'PostalShipmentUpdated':
      return row;
    default:
      return unreachable(event);
  }
}

function close(row: DossierListRow, status: 'stopped' | 'withdrawn', at: string): DossierListRow {
  return {
    ...row,
    status,
    holders: [],
    overdueSteps: [],
    awaitingSupplement: false,
    inExcludedPhase: false,
    closedAt: at,
  };
}

function withoutSteps(steps: readonly OverdueStep[], ids: readonly string[]): readonly OverdueStep[] {
  return steps.some((s) => ids.includes(s.stepId)) ? steps.filter((s) => !ids.includes(s.stepId)) : steps;
}

function withCode(codes: readonly string[], code: string): readonly string[] {
  return codes.includes(code) ? codes : [...codes, code];
}

export function isFinished(row: Pick<DossierListRow, 'status'>): boolean {
  return FINISHED_STATUSES.includes(row.status);
}

/** While the clock is stopped the due date is about to move: it cannot pass. */
export function isClockStopped(row: Pick<DossierListRow, 'awaitingSupplement' | 'inExcludedPhase'>): boolean {
  return row.awaitingSupplement || row.inExcludedPhase;
}

/**
 * Overdue at `now`: a StepOverdue not yet superseded, or the statutory due date passed while the
 * dossier is neither finished nor paused.
 */
export function isOverdueAt(row: DossierListRow, nowMs: number): boolean {
  if (isFinished(row)) return false;
  if (row.overdueSteps.length > 0) return true;
  return !isClockStopped(row) && row.dueAt !== null && Date.parse(row.dueAt) < nowMs;
}

/** The indexed columns of the list table. */
export function dossierListColumns(
  row: DossierListRow,
): Record<string, string | boolean | null | readonly string[]> {
  const open = !isFinished(row);
  return {
    code: row.code,
    status: row.status,
    procedure_code: row.procedureCode,
    receiving_unit_code: row.receivingUnitCode,
    received_at: row.receivedAt,
    due_at: row.dueAt,
    // The due date can pass only for an open dossier whose clock runs.
    due_counts: open && !isClockStopped(row),
    overdue_step: open && row.overdueSteps.length > 0,
    holder_agencies: [...new Set(row.holders.map((h) => h.agencyCode))],
    desk_units: [...new Set([row.receivingUnitCode, row.collectAtUnitCode ?? row.receivingUnitCode])],
    participant_agencies: row.participantAgencyCodes ?? [],
  };
}

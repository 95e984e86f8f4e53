import type { DossierEvent, DossierStatus, IntakeChannel, Timeliness } from '@lien-thong/dossier-model';

/** One visit of a step by its agency: a handoff until its completion, its return, or the dossier's end. */
export interface StepVisitFacts {
  readonly stepId: string;
  /** 1 for the first visit of the step, 2 after a return to it, … */
  readonly visit: number;
  readonly agencyCode: string;
  readonly handedOffAt: string;
  readonly receivedAt: string | null;
  readonly completedAt: string | null;
  /** The deadline in force when the visit ended (or now, while it runs). */
  readonly deadline: string;
  readonly outcome: Timeliness | null;
  /** The visit ended by handing the dossier back to an earlier step. */
  readonly returnedAt: string | null;
  /** A step the applicant's time runs in (land tax): not judged. */
  readonly excludedFromLimit: boolean;
  /** StepOverdue recorded for this visit. */
  readonly overdue: boolean;
  /**
   * The lateness warning of this visit (StepLatenessWarned) and its probability. Optional: facts folded
   * before warnings existed have none (no such event was recorded then either).
   */
  readonly warnedAt?: string | null;
  readonly warningProbability?: number | null;
}

/** A period the limit did not count: a supplement pause or an excluded phase. */
export interface ClockStopFacts {
  readonly kind: 'supplement' | 'excluded';
  readonly from: string;
  readonly to: string | null;
}

/**
 * What the reports know of one dossier, folded from its events (issue 19): no personal data, no
 * officer. Times are instants; working time is counted from them on the unit's calendar when stored.
 */
export interface ReportDossierFacts {
  readonly code: string;
  readonly procedureCode: string;
  readonly procedureVersion: number;
  readonly receivingUnitCode: string;
  readonly channel: IntakeChannel;
  readonly receivedAt: string;
  /** The limit's unit as published: `sameDay` and `immediate` are the same-day procedures. */
  readonly limitUnit: string | null;
  readonly leadAgencyCode: string | null;
  readonly participantAgencyCodes: readonly string[];
  /** The statutory due date in force (moved by pauses and excluded phases, never by an apology). */
  readonly dueAt: string;
  readonly firstAppointmentAt: string;
  readonly appointmentAt: string;
  readonly status: DossierStatus;
  readonly resultReadyAt: string | null;
  readonly outcome: Timeliness | null;
  readonly returnedAt: string | null;
  /** Stopped (form 05) or withdrawn: when. */
  readonly endedAt: string | null;
  readonly clockStops: readonly ClockStopFacts[];
  readonly apologies: readonly {
    readonly agencyCode: string;
    readonly issuedAt: string;
    readonly withinNoticePeriod: boolean;
  }[];
  readonly apologyRequests: readonly {
    readonly agencyCodes: readonly string[];
    readonly respondBy: string;
  }[];
  readonly supplements: readonly { readonly stepId: string; readonly agencyCode: string }[];
  readonly visits: readonly StepVisitFacts[];
}

/**
 * The next facts after one event (pure). Null before the dossier's receipt, and for intake streams
 * (forms 02 and 03 issue no code: they are not dossiers of the reports).
 */
export function evolveReportFacts(
  facts: ReportDossierFacts | null,
  event: DossierEvent,
): ReportDossierFacts | null {
  if (event.type === 'DossierReceived') {
    const d = event.data;
    return {
      code: d.dossierCode,
      procedureCode: d.procedure.code,
      procedureVersion: d.procedure.version,
      receivingUnitCode: d.receivingUnitCode,
      channel: d.channel,
      receivedAt: d.receivedAt,
      limitUnit: d.statutoryLimit?.unit ?? null,
      leadAgencyCode: null,
      participantAgencyCodes: [],
      dueAt: d.appointmentAt,
      firstAppointmentAt: d.appointmentAt,
      appointmentAt: d.appointmentAt,
      status: 'accepted',
      resultReadyAt: null,
      outcome: null,
      returnedAt: null,
      endedAt: null,
      clockStops: [],
      apologies: [],
      apologyRequests: [],
      supplements: [],
      visits: [],
    };
  }
  if (facts === null) return null;
  const f = facts;
  switch (event.type) {
    case 'DossierSupplementRequestedAtIntake':
    case 'DossierRefusedAtIntake':
    case 'StepReminderSent':
    case 'DossierEscalated':
    case 'SatisfactionRated':
    case 'ApplicantDataErased':
    case 'ApplicantNotified':
    case 'ApplicantNoticeNotSent':
    case 'PostalShipmentUpdated':
      return f;
    case 'DossierTransferred':
      return withParticipant(
        { ...f, status: 'in-processing', leadAgencyCode: event.data.toAgencyCode },
        event.data.toAgencyCode,
      );
    case 'StepHandedOff': {
      const d = event.data;
      const visit = f.visits.filter((v) => v.stepId === d.stepId).length + 1;
      return withParticipant(
        {
          ...f,
          visits: [
            ...f.visits,
            {
              stepId: d.stepId,
              visit,
              agencyCode: d.toAgencyCode,
              handedOffAt: d.handedOffAt,
              receivedAt: null,
              completedAt: null,
              deadline: d.deadline,
              outcome: null,
              returnedAt: null,
              excludedFromLimit: false,
              overdue: false,
            },
          ],
        },
        d.toAgencyCode,
      );
    }
    case 'StepReceived':
      return updateOpenVisit(f, event.data.stepId, (v) => ({ ...v, receivedAt: event.data.receivedAt }));
    case 'StepCompleted': {
      const d = event.data;
      return updateOpenVisit(f, d.stepId, (v) => ({
        ...v,
        completedAt: d.completedAt,
        deadline: d.deadline,
        outcome: d.excludedFromLimit === true ? null : d.outcome,
        excludedFromLimit: d.excludedFromLimit === true,
      }));
    }
    case 'StepReturned': {
      const d = event.data;
      const closed = updateOpenVisit(f, d.stepId, (v) => ({ ...v, returnedAt: d.returnedAt }));
      // The reopened step gets a new visit, held by the agency that completed it before.
      const visit = closed.visits.filter((v) => v.stepId === d.toStepId).length + 1;
      return {
        ...closed,
        visits: [
          ...closed.visits,
          {
            stepId: d.toStepId,
            visit,
            agencyCode: d.toAgencyCode,
            handedOffAt: d.returnedAt,
            receivedAt: null,
            completedAt: null,
            deadline: d.deadline,
            outcome: null,
            returnedAt: null,
            excludedFromLimit: false,
            overdue: false,
          },
        ],
      };
    }
    case 'SupplementRequested':
      return {
        ...f,
        supplements: [...f.supplements, { stepId: event.data.stepId, agencyCode: event.data.agencyCode }],
        clockStops: [...f.clockStops, { kind: 'supplement', from: event.data.requestedAt, to: null }],
      };
    case 'SupplementReceived':
      return clockResumed(f, 'supplement', event.data.receivedAt, event.data);
    case 'ExcludedPhaseStarted':
      return {
        ...f,
        clockStops: [...f.clockStops, { kind: 'excluded', from: event.data.startedAt, to: null }],
      };
    case 'ExcludedPhaseEnded':
      return clockResumed(f, 'excluded', event.data.endedAt, event.data);
    case 'StepLatenessWarned':
      return updateOpenVisit(f, event.data.stepId, (v) => ({
        ...v,
        warnedAt: event.data.warnedAt,
        warningProbability: event.data.probability,
      }));
    case 'StepOverdue':
      return withParticipant(
        updateOpenVisit(f, event.data.stepId, (v) => ({ ...v, overdue: true })),
        event.data.responsibleAgencyCode,
      );
    case 'ApologyRequested':
      return {
        ...f,
        apologyRequests: [
          ...f.apologyRequests,
          { agencyCodes: event.data.agencyCodes, respondBy: event.data.respondBy },
        ],
      };
    case 'DeadlinesRecomputed': {
      const d = event.data;
      return {
        ...f,
        ...(d.dueAt ? { dueAt: d.dueAt.to } : {}),
        ...(d.appointmentAt ? { appointmentAt: d.appointmentAt.to } : {}),
        visits: withDeadlines(
          f.visits,
          d.steps.map((s) => ({ stepId: s.stepId, deadline: s.to })),
        ),
      };
    }
    case 'ApologyIssued': {
      const d = event.data;
      return {
        ...f,
        appointmentAt: d.newAppointmentAt,
        apologies: [
          ...f.apologies,
          {
            agencyCode: d.responsibleAgencyCode,
            issuedAt: d.issuedAt,
            withinNoticePeriod: d.withinNoticePeriod,
          },
        ],
      };
    }
    case 'ProcessingStopped':
      return { ...f, status: 'stopped', endedAt: event.data.stoppedAt };
    case 'DossierWithdrawn':
      return { ...f, status: 'withdrawn', endedAt: event.data.withdrawnAt };
    case 'ResultReady': {
      const d = event.data;
      return {
        ...f,
        status: 'result-ready',
        resultReadyAt: d.readyAt,
        outcome: d.outcome,
        dueAt: d.dueAt,
        appointmentAt: d.appointmentAt,
      };
    }
    case 'ResultReturned':
      return { ...f, status: 'returned', returnedAt: event.data.returnedAt };
  }
}

function withParticipant(f: ReportDossierFacts, agencyCode: string): ReportDossierFacts {
  return f.participantAgencyCodes.includes(agencyCode)
    ? f
    : { ...f, participantAgencyCodes: [...f.participantAgencyCodes, agencyCode] };
}

/** The latest visit of the step that is still open (not completed, not returned). */
function updateOpenVisit(
  f: ReportDossierFacts,
  stepId: string,
  change: (v: StepVisitFacts) => StepVisitFacts,
): ReportDossierFacts {
  let index = -1;
  f.visits.forEach((v, i) => {
    if (v.stepId === stepId && v.completedAt === null && v.returnedAt === null) index = i;
  });
  if (index < 0) return f;
  return { ...f, visits: f.visits.map((v, i) => (i === index ? change(v) : v)) };
}

function withDeadlines(
  visits: readonly StepVisitFacts[],
  deadlines: readonly { readonly stepId: string; readonly deadline: string }[],
): StepVisitFacts[] {
  return visits.map((v) => {
    if (v.completedAt !== null || v.returnedAt !== null) return v;
    const moved = deadlines.find((d) => d.stepId === v.stepId);
    return moved ? { ...v, deadline: moved.deadline } : v;
  });
}

/** A pause or an excluded phase ended: its stop closes, and the dates it moved are the event's. */
function clockResumed(
  f: ReportDossierFacts,
  kind: ClockStopFacts['kind'],
  at: string,
  moved: {
    readonly dueAt: string;
    readonly appointmentAt: string;
    readonly stepDeadlines: readonly { readonly stepId: string; readonly deadline: string }[];
  },
): ReportDossierFacts {
  return {
    ...closeStop(f, kind, at),
    dueAt: moved.dueAt,
    appointmentAt: moved.appointmentAt,
    visits: withDeadlines(f.visits, moved.stepDeadlines),
  };
}

function closeStop(f: ReportDossierFacts, kind: ClockStopFacts['kind'], at: string): ReportDossierFacts {
  let index = -1;
  f.clockStops.forEach((s, i) => {
    if (s.kind === kind && s.to === null) index = i;
  });
  if (index < 0) return f;
  return { ...f, clockStops: f.clockStops.map((s, i) => (i === index ? { ...s, to: at } : s)) };
}

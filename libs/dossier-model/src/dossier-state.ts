import type { DossierEvent, DossierRouting, ProcedureRef, StepDeadline } from './dossier-events';
import type { IntakeChannel, ResultChannel, RuleSetVersion, Timeliness } from './dossier-snapshot';
import { instantMs } from './timeliness';

export type DossierStatus =
  /** Nothing recorded yet. */
  | 'new'
  | 'intake-supplement-requested'
  | 'intake-refused'
  /** Received with a code, still at the desk. */
  | 'accepted'
  | 'in-processing'
  | 'result-ready'
  | 'returned'
  | 'stopped'
  | 'withdrawn';

/** Statuses in which nothing but a rating or an erasure can happen any more. */
export const CLOSED_STATUSES: readonly DossierStatus[] = [
  'intake-supplement-requested',
  'intake-refused',
  'returned',
  'stopped',
  'withdrawn',
];

/** A step currently held by an agency. Parallel steps are held at once, by different agencies. */
export interface ActiveStep {
  readonly stepId: string;
  readonly holderAgencyCode: string;
  readonly fromAgencyCode: string;
  readonly handedOffAt: string;
  readonly deadline: string;
  /** When the holder acknowledged it (StepReceived); null until then. */
  readonly receivedAt: string | null;
  /** Set once per deadline: a moved deadline (pause, excluded phase) clears it. */
  readonly overdueDetectedAt: string | null;
  /** When the holder was reminded of this deadline (StepReminderSent); a moved deadline clears it. */
  readonly remindedAt: string | null;
  /** The lateness warning of this visit (StepLatenessWarned): once per visit, kept when the deadline moves. */
  readonly latenessWarning: { readonly probability: number; readonly warnedAt: string } | null;
}

export interface CompletedStep {
  readonly stepId: string;
  readonly agencyCode: string;
  readonly handedOffAt: string;
  readonly receivedAt: string | null;
  readonly completedAt: string;
  readonly deadline: string;
  /** Against the step's own deadline; for a step excluded from the limit, information only. */
  readonly outcome: Timeliness;
  /**
   * The step is marked `excludedFromLimit` in the dossier's routing: its time is the applicant's, it
   * judges no agency (a later handoff records no outcome for it). Taken from the routing, so a
   * completion recorded before StepCompleted carried the flag counts the same way.
   */
  readonly excludedFromLimit: boolean;
}

/** A period that does not count towards the limit. `to` is null while it lasts. */
export interface ClockStop {
  readonly kind: 'supplement' | 'excluded-phase';
  /** The requesting step (supplement) or the phase id. */
  readonly ref: string;
  readonly from: string;
  readonly to: string | null;
}

export interface OverdueRecord {
  readonly stepId: string;
  readonly agencyCode: string;
  readonly deadline: string;
  readonly detectedAt: string;
}

export interface DossierState {
  readonly status: DossierStatus;
  readonly dossierCode: string | null;
  readonly intakeRef: string | null;
  readonly applicantRef: string | null;
  readonly procedure: ProcedureRef | null;
  readonly ruleSet: RuleSetVersion | null;
  readonly channel: IntakeChannel | null;
  readonly receivingUnitCode: string | null;
  /** Where the result is to be collected (a desk that may hand it over); the receiving unit by default. */
  readonly collectAtUnitCode: string | null;
  /**
   * Every agency that took part: the lead, each agency handed a step (or handed one back), asked for an
   * apology, found late, or escalated to. They may follow the dossier (see dossier-access.ts).
   */
  readonly participantAgencyCodes: readonly string[];
  readonly routing: DossierRouting | null;
  readonly receivedAt: string | null;
  /** Where counting starts: the receipt, or the last restart after a supplement (restart policy). */
  readonly clockStartedAt: string | null;
  /** Statutory due date: moves with supplements and excluded phases, never with an apology. */
  readonly dueAt: string | null;
  /** Ngày hẹn: what the applicant was promised; an apology re-sets it. */
  readonly appointmentAt: string | null;
  readonly reappointments: number;
  readonly processingAgencyCode: string | null;
  readonly transferredAt: string | null;
  readonly activeSteps: Readonly<Record<string, ActiveStep>>;
  /** The latest completion of each step still counted as done (a return sets steps back). */
  readonly completedSteps: Readonly<Record<string, CompletedStep>>;
  readonly openSupplement: {
    readonly stepId: string;
    readonly agencyCode: string;
    readonly requestedAt: string;
  } | null;
  readonly openExcludedPhase: { readonly phaseId: string; readonly startedAt: string } | null;
  readonly clockStops: readonly ClockStop[];
  readonly overdue: readonly OverdueRecord[];
  /** Requests for an apology (ApologyRequested), oldest first: one per due date. */
  readonly apologyRequests: readonly {
    readonly dueAt: string;
    readonly agencyCodes: readonly string[];
    readonly requestedAt: string;
    readonly respondBy: string;
  }[];
  readonly escalations: number;
  readonly result: {
    readonly readyAt: string;
    readonly outcome: Timeliness;
    readonly outcomeAgainstAppointment: Timeliness;
    readonly returnedAt: string | null;
    readonly channel: ResultChannel | null;
  } | null;
  readonly closedAt: string | null;
  readonly satisfactionScore: number | null;
  readonly applicantDataErased: boolean;
  /**
   * Each notice to the applicant recorded (sent or given up), per channel: `applicantNoticeKey`. The
   * sender never records one twice.
   */
  readonly applicantNotices: readonly string[];
  /** Each postal shipment status recorded, as `<trackingNumber>/<status>`: never recorded twice. */
  readonly postalShipments: readonly string[];
}

/** `<noticeId>/<channel>`, or `<noticeId>/-` for a notice given up before any channel was tried. */
export function applicantNoticeKey(noticeId: string, channel: string | null): string {
  return `${noticeId}/${channel ?? '-'}`;
}

export const initialDossierState: DossierState = {
  status: 'new',
  dossierCode: null,
  intakeRef: null,
  applicantRef: null,
  procedure: null,
  ruleSet: null,
  channel: null,
  receivingUnitCode: null,
  collectAtUnitCode: null,
  participantAgencyCodes: [],
  routing: null,
  receivedAt: null,
  clockStartedAt: null,
  dueAt: null,
  appointmentAt: null,
  reappointments: 0,
  processingAgencyCode: null,
  transferredAt: null,
  activeSteps: {},
  completedSteps: {},
  openSupplement: null,
  openExcludedPhase: null,
  clockStops: [],
  overdue: [],
  apologyRequests: [],
  escalations: 0,
  result: null,
  closedAt: null,
  satisfactionScore: null,
  applicantDataErased: false,
  applicantNotices: [],
  postalShipments: [],
};

export function evolveDossier(state: DossierState, event: DossierEvent): DossierState {
  const next = evolveCore(state, event);
  const added = participantsNamedBy(event).filter((code) => !next.participantAgencyCodes.includes(code));
  return added.length === 0
    ? next
    : { ...next, participantAgencyCodes: [...next.participantAgencyCodes, ...new Set(added)] };
}

/**
 * The agencies an event makes participants of a dossier: the lead it is transferred to, an agency
 * handed a step (or handed one back), asked for an apology, found late, or escalated to.
 */
export function participantsNamedBy(event: DossierEvent): readonly string[] {
  switch (event.type) {
    case 'DossierTransferred':
    case 'StepHandedOff':
    case 'StepReturned':
      return [event.data.toAgencyCode];
    case 'StepOverdue':
      return [event.data.responsibleAgencyCode];
    case 'ApologyRequested':
      return event.data.agencyCodes;
    case 'DossierEscalated':
      return event.data.toAgencyCode === null ? [] : [event.data.toAgencyCode];
    default:
      return [];
  }
}

function evolveCore(state: DossierState, event: DossierEvent): DossierState {
  switch (event.type) {
    case 'DossierReceived': {
      const d = event.data;
      return {
        ...state,
        status: 'accepted',
        dossierCode: d.dossierCode,
        intakeRef: d.intakeRef,
        applicantRef: d.applicantRef,
        procedure: d.procedure,
        ruleSet: d.ruleSet,
        channel: d.channel,
        receivingUnitCode: d.receivingUnitCode,
        collectAtUnitCode: d.collectAtUnitCode,
        routing: d.routing,
        receivedAt: d.receivedAt,
        clockStartedAt: d.receivedAt,
        dueAt: d.appointmentAt,
        appointmentAt: d.appointmentAt,
      };
    }
    case 'DossierSupplementRequestedAtIntake':
    case 'DossierRefusedAtIntake': {
      const d = event.data;
      return {
        ...state,
        status: event.type === 'DossierRefusedAtIntake' ? 'intake-refused' : 'intake-supplement-requested',
        intakeRef: d.intakeRef,
        applicantRef: d.applicantRef,
        channel: d.channel,
        receivingUnitCode: d.receivingUnitCode,
        closedAt: event.type === 'DossierRefusedAtIntake' ? event.data.refusedAt : event.data.requestedAt,
      };
    }
    case 'DossierTransferred':
      return {
        ...state,
        status: 'in-processing',
        processingAgencyCode: event.data.toAgencyCode,
        transferredAt: event.data.transferredAt,
      };
    case 'StepHandedOff': {
      const d = event.data;
      return {
        ...state,
        activeSteps: {
          ...state.activeSteps,
          [d.stepId]: {
            stepId: d.stepId,
            holderAgencyCode: d.toAgencyCode,
            fromAgencyCode: d.fromAgencyCode,
            handedOffAt: d.handedOffAt,
            deadline: d.deadline,
            receivedAt: null,
            overdueDetectedAt: null,
            remindedAt: null,
            latenessWarning: null,
          },
        },
        completedSteps: without(state.completedSteps, [d.stepId]),
      };
    }
    case 'StepReceived':
      return withActiveStep(state, event.data.stepId, (s) => ({ ...s, receivedAt: event.data.receivedAt }));
    case 'StepCompleted': {
      const d = event.data;
      const active = state.activeSteps[d.stepId];
      return {
        ...state,
        activeSteps: without(state.activeSteps, [d.stepId]),
        completedSteps: {
          ...state.completedSteps,
          [d.stepId]: {
            stepId: d.stepId,
            agencyCode: d.agencyCode,
            handedOffAt: active?.handedOffAt ?? d.completedAt,
            receivedAt: active?.receivedAt ?? null,
            completedAt: d.completedAt,
            deadline: d.deadline,
            outcome: d.outcome,
            excludedFromLimit:
              d.excludedFromLimit === true ||
              (state.routing?.steps.some((s) => s.id === d.stepId && s.excludedFromLimit) ?? false),
          },
        },
      };
    }
    case 'StepReturned': {
      const d = event.data;
      return {
        ...state,
        activeSteps: {
          ...without(state.activeSteps, [d.stepId]),
          [d.toStepId]: {
            stepId: d.toStepId,
            holderAgencyCode: d.toAgencyCode,
            fromAgencyCode: d.fromAgencyCode,
            handedOffAt: d.returnedAt,
            deadline: d.deadline,
            receivedAt: null,
            overdueDetectedAt: null,
            remindedAt: null,
            latenessWarning: null,
          },
        },
        completedSteps: without(state.completedSteps, [...d.reset, d.toStepId]),
      };
    }
    case 'SupplementRequested':
      return {
        ...state,
        openSupplement: {
          stepId: event.data.stepId,
          agencyCode: event.data.agencyCode,
          requestedAt: event.data.requestedAt,
        },
        clockStops: [
          ...state.clockStops,
          { kind: 'supplement', ref: event.data.stepId, from: event.data.requestedAt, to: null },
        ],
      };
    case 'SupplementReceived': {
      const d = event.data;
      return {
        ...adjustClock(state, d.dueAt, d.appointmentAt, d.stepDeadlines),
        openSupplement: null,
        clockStops: closeStops(state.clockStops, 'supplement', d.receivedAt),
        clockStartedAt: d.policy === 'restart' ? d.receivedAt : state.clockStartedAt,
      };
    }
    case 'ExcludedPhaseStarted':
      return {
        ...state,
        openExcludedPhase: { phaseId: event.data.phaseId, startedAt: event.data.startedAt },
        clockStops: [
          ...state.clockStops,
          { kind: 'excluded-phase', ref: event.data.phaseId, from: event.data.startedAt, to: null },
        ],
      };
    case 'ExcludedPhaseEnded': {
      const d = event.data;
      return {
        ...adjustClock(state, d.dueAt, d.appointmentAt, d.stepDeadlines),
        openExcludedPhase: null,
        clockStops: closeStops(state.clockStops, 'excluded-phase', d.endedAt),
      };
    }
    case 'StepOverdue':
      return {
        ...withActiveStep(state, event.data.stepId, (s) => ({
          ...s,
          overdueDetectedAt: event.data.detectedAt,
        })),
        overdue: [
          ...state.overdue,
          {
            stepId: event.data.stepId,
            agencyCode: event.data.responsibleAgencyCode,
            deadline: event.data.deadline,
            detectedAt: event.data.detectedAt,
          },
        ],
      };
    case 'StepReminderSent':
      return withActiveStep(state, event.data.stepId, (s) => ({ ...s, remindedAt: event.data.remindedAt }));
    case 'StepLatenessWarned':
      return withActiveStep(state, event.data.stepId, (s) => ({
        ...s,
        latenessWarning: { probability: event.data.probability, warnedAt: event.data.warnedAt },
      }));
    case 'ApologyRequested': {
      const d = event.data;
      return {
        ...state,
        apologyRequests: [
          ...state.apologyRequests,
          { dueAt: d.dueAt, agencyCodes: d.agencyCodes, requestedAt: d.requestedAt, respondBy: d.respondBy },
        ],
      };
    }
    case 'DeadlinesRecomputed': {
      const d = event.data;
      return adjustClock(
        state,
        d.dueAt?.to ?? state.dueAt!,
        d.appointmentAt?.to ?? state.appointmentAt!,
        d.steps.map((s) => ({ stepId: s.stepId, deadline: s.to })),
      );
    }
    case 'ApologyIssued':
      return {
        ...state,
        appointmentAt: event.data.newAppointmentAt,
        reappointments: state.reappointments + 1,
      };
    case 'DossierEscalated':
      return { ...state, escalations: state.escalations + 1 };
    case 'ProcessingStopped':
      return close(state, 'stopped', event.data.stoppedAt);
    case 'DossierWithdrawn':
      return close(state, 'withdrawn', event.data.withdrawnAt);
    case 'ResultReady':
      return {
        ...state,
        status: 'result-ready',
        result: {
          readyAt: event.data.readyAt,
          outcome: event.data.outcome,
          outcomeAgainstAppointment: event.data.outcomeAgainstAppointment,
          returnedAt: null,
          channel: null,
        },
      };
    case 'ResultReturned':
      return {
        ...state,
        status: 'returned',
        closedAt: event.data.returnedAt,
        result: state.result && {
          ...state.result,
          returnedAt: event.data.returnedAt,
          channel: event.data.channel,
        },
      };
    case 'SatisfactionRated':
      return { ...state, satisfactionScore: event.data.score };
    case 'ApplicantDataErased':
      return { ...state, applicantDataErased: true };
    case 'PostalShipmentUpdated':
      return {
        ...state,
        postalShipments: [...state.postalShipments, `${event.data.trackingNumber}/${event.data.status}`],
      };
    case 'ApplicantNotified':
    case 'ApplicantNoticeNotSent':
      return {
        ...state,
        applicantNotices: [
          ...state.applicantNotices,
          applicantNoticeKey(event.data.noticeId, event.data.channel),
        ],
      };
  }
}

/** Folds a history into state. */
export function foldDossier(
  events: readonly DossierEvent[],
  from: DossierState = initialDossierState,
): DossierState {
  return events.reduce(evolveDossier, from);
}

/**
 * The periods that do not count, as epoch-millisecond intervals (the calendar's `Interval` shape),
 * for deadline arithmetic. A period still running is cut at `untilMs`. Only the periods after the
 * last restart matter: counting starts again then.
 */
export function clockExclusions(state: DossierState, untilMs: number): { from: number; to: number }[] {
  const start = state.clockStartedAt === null ? -Infinity : instantMs(state.clockStartedAt);
  return state.clockStops
    .map((s) => ({ from: instantMs(s.from), to: s.to === null ? untilMs : instantMs(s.to) }))
    .map((i) => ({ from: Math.max(i.from, start), to: i.to }))
    .filter((i) => i.to > i.from);
}

export function isClockPaused(state: DossierState): boolean {
  return state.openSupplement !== null || state.openExcludedPhase !== null;
}

function adjustClock(
  state: DossierState,
  dueAt: string,
  appointmentAt: string,
  deadlines: readonly StepDeadline[],
): DossierState {
  let activeSteps = state.activeSteps;
  for (const { stepId, deadline } of deadlines) {
    const step = activeSteps[stepId];
    if (step)
      activeSteps = {
        ...activeSteps,
        [stepId]: { ...step, deadline, overdueDetectedAt: null, remindedAt: null },
      };
  }
  return { ...state, dueAt, appointmentAt, activeSteps };
}

function closeStops(stops: readonly ClockStop[], kind: ClockStop['kind'], at: string): ClockStop[] {
  return stops.map((s) => (s.kind === kind && s.to === null ? { ...s, to: at } : s));
}

function close(state: DossierState, status: 'stopped' | 'withdrawn', at: string): DossierState {
  return {
    ...state,
    status,
    closedAt: at,
    activeSteps: {},
    openSupplement: null,
    openExcludedPhase: null,
    clockStops: state.clockStops.map((s) => (s.to === null ? { ...s, to: at } : s)),
  };
}

function withActiveStep(
  state: DossierState,
  stepId: string,
  change: (step: ActiveStep) => ActiveStep,
): DossierState {
  const step = state.activeSteps[stepId];
  return step ? { ...state, activeSteps: { ...state.activeSteps, [stepId]: change(step) } } : state;
}

function without<T>(record: Readonly<Record<string, T>>, keys: readonly string[]): Record<string, T> {
  const copy: Record<string, T> = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

import { EXCLUDED_STEP_PHASE_PREFIX, type DossierAction } from '@lien-thong/dossiers';
import { CLOSED_STATUSES, type DossierState, isClockPaused } from '@lien-thong/dossier-model';

/** Instants travel as ISO 8601 strings with offsets; compare them as instants, never as text. */
const instantMs = (iso: string): number => Date.parse(iso);

/** One action the coordinator takes now, with the idempotency key that makes a retry a no-op. */
export interface PlannedAction {
  readonly action: DossierAction;
  readonly idempotencyKey: string;
}

export interface CoordinationPlan {
  /**
   * What to do now, in order. The coordinator records the first one not already recorded (its
   * idempotency key is not in the stream yet), then plans again on the new state.
   */
  readonly actions: readonly PlannedAction[];
  /** The next instant something falls due (a step deadline), when nothing else wakes the coordinator. */
  readonly wakeAt: number | null;
  /** Nothing is left to coordinate: the dossier is closed (returned, stopped, withdrawn, refused). */
  readonly finished: boolean;
  /** What the dossier waits for, for people looking at the workflow. */
  readonly waitingFor: readonly string[];
}

/**
 * The coordination rule as a pure function of the dossier's recorded state (điều phối liên thông):
 * transfer after intake; hand each step to its owner once every step it waits for is completed
 * (parallel branches at once, joins when all are done); mark each step overdue when its own deadline
 * passes while the clock runs (parallel branches are judged separately); stop the clock while a step
 * marked `excludedFromLimit` runs (an excluded phase from its handoff to its completion), and never
 * mark such a step overdue; the result back to the desk when every step is completed. Everything is
 * derived from the event store, so a coordinator that crashed or missed a notification simply plans
 * again and finds the same next step.
 */
export function planCoordination(state: DossierState, revision: number, nowMs: number): CoordinationPlan {
  const idle = (finished: boolean, waitingFor: string[] = []): CoordinationPlan => ({
    actions: [],
    wakeAt: null,
    finished,
    waitingFor,
  });
  if (state.status === 'new') return idle(false, ['intake']);
  if (CLOSED_STATUSES.includes(state.status)) return idle(true);
  const routing = state.routing;
  if (!routing) return idle(true);
  if (state.status === 'result-ready') return idle(false, ['result returned to the applicant']);

  if (state.status === 'accepted') {
    const first = routing.steps.find((s) => s.after.length === 0);
    const to = first?.ownerAgencyCode ?? state.receivingUnitCode!;
    return {
      actions: [{ action: { type: 'Transfer', toAgencyCode: to }, idempotencyKey: 'transfer' }],
      wakeAt: null,
      finished: false,
      waitingFor: [],
    };
  }

  const actions: PlannedAction[] = [];
  const waitingFor: string[] = [];
  const paused = isClockPaused(state);
  let wakeAt: number | null = null;

  // A step's excluded phase ends first: the clock resumes (and the deadlines move) before anything is
  // judged or handed on, so the next step's deadline counts from a running clock.
  const ending = excludedPhaseToEnd(state);
  if (ending) actions.push(ending);
  // A step that does not count towards the limit was just handed off: stop the clock for it, before
  // judging anything late (a round that missed the moment must not mark the excluded step overdue).
  actions.push(...excludedPhasesToStart(state));

  // Overdue next: the time it is detected is part of the record. A step excluded from the limit is
  // never overdue (its time is the applicant's), so its own deadline sets no timer either.
  const excludedSteps = new Set(routing.steps.filter((s) => s.excludedFromLimit).map((s) => s.id));
  for (const step of Object.values(state.activeSteps)) {
    const deadline = instantMs(step.deadline);
    if (paused || step.overdueDetectedAt !== null || excludedSteps.has(step.stepId)) continue;
    if (deadline <= nowMs)
      actions.push({
        action: { type: 'MarkStepOverdue', stepId: step.stepId },
        idempotencyKey: `overdue:${step.stepId}:${step.deadline}`,
      });
    else wakeAt = wakeAt === null ? deadline : Math.min(wakeAt, deadline);
  }

  for (const step of routing.steps) {
    if (state.activeSteps[step.id] || state.completedSteps[step.id]) continue;
    if (!step.after.every((id) => state.completedSteps[id])) continue;
    if (step.ownerAgencyCode === null) {
      waitingFor.push(`an agency to be assigned step ${step.id}`);
      continue;
    }
    // The giver completed a predecessor (the latest to finish); a first step comes from the lead agency.
    const predecessors = step.after.map((id) => state.completedSteps[id]!);
    const giver =
      predecessors.sort((a, b) => instantMs(b.completedAt) - instantMs(a.completedAt))[0]?.agencyCode ??
      state.processingAgencyCode ??
      state.receivingUnitCode!;
    actions.push({
      action: {
        type: 'HandOffStep',
        stepId: step.id,
        fromAgencyCode: giver,
        toAgencyCode: step.ownerAgencyCode,
      },
      idempotencyKey: `handoff:${step.id}:${revision}`,
    });
  }

  // The appointment passed without a result (even after any re-appointment): escalate to the agency
  // supervising the one responsible (its parent in the directory), or to its own head when the directory
  // names none; once per appointment (the idempotency key carries the appointment).
  if (!paused && state.appointmentAt !== null) {
    const appointment = instantMs(state.appointmentAt);
    if (appointment <= nowMs)
      actions.push({
        action: {
          type: 'Escalate',
          to: 'supervising-agency',
          orHead: true,
          reason: `Quá hạn hẹn trả kết quả ${state.appointmentAt} mà chưa có kết quả`,
        },
        idempotencyKey: `escalate:${state.appointmentAt}`,
      });
    else wakeAt = wakeAt === null ? appointment : Math.min(wakeAt, appointment);
  }

  const allDone = routing.steps.every((s) => state.completedSteps[s.id]);
  if (allDone && Object.keys(state.activeSteps).length === 0 && state.openExcludedPhase === null)
    actions.push({
      action: { type: 'MarkResultReady', deskUnitCode: state.receivingUnitCode! },
      idempotencyKey: 'result-ready',
    });

  for (const step of Object.values(state.activeSteps))
    waitingFor.push(
      `${step.holderAgencyCode} to ${step.receivedAt ? 'complete' : 'receive'} step ${step.stepId}`,
    );
  if (state.openSupplement)
    waitingFor.push(`the applicant's supplement (step ${state.openSupplement.stepId})`);
  if (state.openExcludedPhase)
    waitingFor.push(`the end of excluded phase ${state.openExcludedPhase.phaseId}`);
  return { actions, wakeAt, finished: false, waitingFor };
}

/** The excluded phase the coordinator opens for a step marked `excludedFromLimit`. */
export function excludedStepPhaseId(stepId: string): string {
  return `${EXCLUDED_STEP_PHASE_PREFIX}${stepId}`;
}

/**
 * A step marked `excludedFromLimit` (the applicant paying land tax) runs inside an excluded phase
 * `step:<stepId>`, opened once per handoff right after it. Not while another excluded phase is open
 * (one the desk opened by hand covers the step meanwhile: the decider runs one phase at a time, and the
 * desk ends its own; if the step still runs after that, its own phase opens then), nor when a phase was
 * started since the handoff (the coordinator's, or the desk's, even if ended by hand since: the desk's
 * decision stands). The key carries the handoff instant, so a step returned to and handed off again
 * gets a new phase. Phase ids `step:<stepId>` are the coordinator's: the desk names its phases otherwise.
 */
function excludedPhasesToStart(state: DossierState): PlannedAction[] {
  if (state.openExcludedPhase !== null) return [];
  const excluded = (state.routing?.steps ?? []).filter((s) => s.excludedFromLimit);
  for (const routed of excluded) {
    const step = state.activeSteps[routed.id];
    if (!step) continue;
    const phaseId = excludedStepPhaseId(step.stepId);
    const handedOff = instantMs(step.handedOffAt);
    // Its own phase, or one the desk opened; another excluded step's phase ended without covering it.
    const startedSince = state.clockStops.some(
      (s) =>
        s.kind === 'excluded-phase' &&
        instantMs(s.from) >= handedOff &&
        (s.ref === phaseId || !s.ref.startsWith(EXCLUDED_STEP_PHASE_PREFIX)),
    );
    if (startedSince) continue;
    // One phase at a time: a second excluded step running in parallel is covered by this phase, and
    // gets its own when this one ends while it still runs.
    return [
      {
        action: {
          type: 'StartExcludedPhase',
          phaseId,
          reason: `Bước không tính vào thời hạn giải quyết: ${step.stepId}`,
        },
        idempotencyKey: `excluded-start:${step.stepId}:${step.handedOffAt}`,
      },
    ];
  }
  return [];
}

/**
 * The open phase of an excluded step ends once the step no longer runs under it: completed, handed
 * back to an earlier step, set back by a return, or handed off anew since the phase began (then the
 * new handoff gets its own phase). The command service moves every active deadline and the due date by
 * the excluded working time, exactly as when the desk ends a phase by hand. A phase with another id
 * (opened by hand) is left to the desk. Stopping or withdrawing the dossier closes an open phase by
 * itself (the decider's `close`): nothing to plan then.
 */
function excludedPhaseToEnd(state: DossierState): PlannedAction | null {
  const open = state.openExcludedPhase;
  if (open === null || !open.phaseId.startsWith(EXCLUDED_STEP_PHASE_PREFIX)) return null;
  const stepId = open.phaseId.slice(EXCLUDED_STEP_PHASE_PREFIX.length);
  const step = state.activeSteps[stepId];
  if (step && instantMs(step.handedOffAt) <= instantMs(open.startedAt)) return null;
  return {
    action: { type: 'EndExcludedPhase', phaseId: open.phaseId },
    idempotencyKey: `excluded-end:${stepId}:${open.startedAt}`,
  };
}

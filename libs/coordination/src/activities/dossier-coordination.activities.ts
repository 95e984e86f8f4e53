import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import {
  CLOCK,
  DomainError,
  type Clock,
  type CoordinationActivities,
  type CoordinationNotice,
  type CoordinationRound,
  type DossierSearchAttributes,
} from '@lien-thong/contracts';
import {
  BoundProcedures,
  DossierCalendar,
  DossierCommandService,
  type DossierAction,
} from '@lien-thong/dossiers';
import { apologyNoticeOf } from '@lien-thong/procedures';
import { planCoordination } from '../domain/coordination-plan';
import {
  DEFAULT_NOTICE_OPTIONS,
  planNotices,
  type CoordinationNoticeOptions,
} from '../domain/coordination-notices';
import { COORDINATION_ACTOR } from '../process-managers/dossier-coordination.process-manager';
import { type DossierState } from '@lien-thong/dossier-model';
import { contextOfEvent, inSpan } from '@lien-thong/event-store';

type Executed = NonNullable<CoordinationRound['executed']>;
/** A round stops after this many actions and lets the workflow run another (a guard against loops). */
const MAX_ACTIONS_PER_ROUND = 10;

/** One pass of a round: what it recorded, and the round to end with when nothing more is called for. */
interface Pass {
  readonly round: CoordinationRound;
  readonly executed: Executed | null;
  readonly conflict: boolean;
  /** The plan on the state its own append left calls for nothing more: the round ends with this. */
  readonly settled?: CoordinationRound | undefined;
}

export interface CoordinationActivityOptions {
  /** The reminder share (default 80 %); the apology notice is each procedure's. */
  readonly notices?: CoordinationNoticeOptions;
  /**
   * Called for each notice once it is recorded in the dossier (StepReminderSent, ApologyRequested);
   * the default logs it. Agencies learn of it from the event (webhooks follow the event store).
   */
  readonly sendNotice?: (dossierCode: string, notice: CoordinationNotice) => void;
}

/** Injection token of the activities' options (`CoordinationModule.forWorker(options)`). */
export const COORDINATION_ACTIVITY_OPTIONS = 'COORDINATION_ACTIVITY_OPTIONS';

/**
 * The coordination workflow's activities. Thin adapters that dispatch commands: the same
 * DossierCommandService (and so the same decider) that serves the HTTP API. A Temporal worker takes
 * them as `coordinationActivityFunctions(activities)`.
 */
@Injectable()
export class DossierCoordinationActivities implements CoordinationActivities {
  private readonly logger = new Logger('Coordination');
  private readonly noticeOptions: CoordinationNoticeOptions;
  private readonly sendNotice: (dossierCode: string, notice: CoordinationNotice) => void;
  /** Set by the worker once the namespace has the search attributes (indexSearchAttributes). */
  private indexing = false;

  constructor(
    private readonly dossiers: DossierCommandService,
    private readonly calendars: DossierCalendar,
    private readonly procedures: BoundProcedures,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(COORDINATION_ACTIVITY_OPTIONS) options: CoordinationActivityOptions | null = null,
  ) {
    this.noticeOptions = options?.notices ?? DEFAULT_NOTICE_OPTIONS;
    this.sendNotice =
      options?.sendNotice ?? ((code, notice) => this.logger.log(describeNotice(code, notice)));
  }

  /**
   * Whether rounds carry the dossier's search attributes for the workflow to upsert: only once the
   * namespace has them registered (the worker checks at start), since an unknown attribute would fail
   * the workflow's task over and over.
   */
  indexSearchAttributes(on: boolean): void {
    this.indexing = on;
  }

  async coordinateDossier(dossierCode: string): Promise<CoordinationRound> {
    // Records every action the plan calls for now (the transfer and the first handoff, parallel
    // branches), one at a time, re-planning on the new state after each: one Temporal round trip per
    // change instead of one per action. Each action keeps its own idempotency key.
    const recorded: Executed[] = [];
    for (;;) {
      const pass = await this.planAndRecordOne(dossierCode);
      // Someone acted at the same moment (409): the workflow plans again at once.
      if (pass.conflict) return { ...pass.round, executed: pass.executed, recorded };
      if (pass.executed === null) return { ...pass.round, executed: null, recorded };
      recorded.push(pass.executed);
      // Nothing more to do on the state its own append left: the round ends without reading it again.
      if (pass.settled) return { ...pass.settled, executed: null, recorded };
      if (recorded.length >= MAX_ACTIONS_PER_ROUND)
        return { ...pass.round, executed: pass.executed, recorded };
    }
  }

  async notifyCoordination(dossierCode: string, notices: readonly CoordinationNotice[]): Promise<void> {
    // Each notice becomes a dossier event under the notice's key: a retried activity finds it
    // recorded and writes nothing twice. A notice the dossier no longer calls for (the step was
    // completed or its deadline moved since the round planned it) is refused and skipped.
    for (const notice of notices) {
      const action: DossierAction =
        notice.kind === 'step-reminder'
          ? {
              type: 'SendStepReminder',
              stepId: notice.stepId ?? '',
              deadline: notice.deadline,
              budgetShare: this.noticeOptions.reminderShare,
            }
          : { type: 'RequestApology', agencyCodes: notice.agencyCodes };
      try {
        const result = await this.dossiers.execute(dossierCode, action, {
          actor: { system: COORDINATION_ACTOR },
          idempotencyKey: notice.key,
        });
        if (result.recorded.length > 0 && result.alreadyApplied !== true)
          this.sendNotice(dossierCode, notice);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error; // infrastructure: Temporal retries
        if (error.code === 'DOSSIER_CHANGED') throw error; // a race: retried on the new state
        this.logger.log(`notice ${notice.key} for ${dossierCode} no longer applies: ${error.message}`);
      }
    }
  }

  /** One pass: load, plan, record the first planned action not recorded yet (or nothing). */
  private async planAndRecordOne(dossierCode: string): Promise<Pass> {
    let loaded;
    try {
      loaded = await this.dossiers.loadWithEvents(dossierCode);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found')
        throw ApplicationFailure.nonRetryable(error.message, 'DossierNotFound');
      throw error;
    }
    // The round continues the trace of the latest traced event it acts on (an agency's action, say):
    // events recorded outside any trace (a notice to the applicant, say) are passed over.
    const latest = [...loaded.events].reverse().find((e) => e.metadata.traceparent !== undefined);
    return inSpan(
      'coordination: round',
      contextOfEvent(latest?.metadata),
      { 'lien_thong.dossier': dossierCode, 'lien_thong.revision': loaded.revision },
      () => this.planAndRecordFrom(dossierCode, loaded),
    );
  }

  private async planAndRecordFrom(
    dossierCode: string,
    loaded: Awaited<ReturnType<DossierCommandService['loadWithEvents']>>,
  ): Promise<Pass> {
    const { state, revision } = loaded;
    const now = this.clock.now().getTime();
    const plan = planCoordination(state, revision, now);
    const round = this.roundOf(dossierCode, state, revision, plan);
    // The first planned action not recorded yet (an escalation, say, stays in the plan once done).
    let refused: CoordinationRound['refused'];
    for (const next of plan.actions) {
      const executed = {
        type: next.action.type,
        ...('stepId' in next.action ? { stepId: next.action.stepId } : {}),
      };
      let outcome;
      try {
        outcome = await this.dossiers.executeAndFold(
          dossierCode,
          next.action,
          { actor: { system: COORDINATION_ACTOR }, idempotencyKey: next.idempotencyKey },
          loaded,
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error; // infrastructure: Temporal retries
        // Someone acted at the same moment (409): plan again on the new state.
        if (error.code === 'DOSSIER_CHANGED') return { round, executed, conflict: true };
        // The plan no longer holds for this action (an agency acted first): try the next one.
        refused ??= { type: next.action.type, code: error.code, message: error.message };
        continue;
      }
      const { result, state: after } = outcome;
      if (result.alreadyApplied) continue;
      return {
        round: { ...round, status: result.status, revision: result.revision },
        executed,
        conflict: false,
        settled: await this.settledAfter(dossierCode, after, result.revision),
      };
    }
    return {
      round: await this.waitingRound(round, state, now, refused),
      executed: null,
      conflict: false,
    };
  }

  /**
   * The round that ends here when the plan on the state our own append left (`after`, at `revision`)
   * calls for no action: what a new read right after the append would have given, without the read.
   * Someone appending meanwhile is no different from someone appending just after that read: the process
   * manager signals the workflow for their event and it plans again. When the plan does call for an
   * action (transfer then handoff, parallel branches), the next pass reads the stream as before.
   */
  private async settledAfter(
    dossierCode: string,
    after: DossierState,
    revision: number,
  ): Promise<CoordinationRound | undefined> {
    const now = this.clock.now().getTime();
    const plan = planCoordination(after, revision, now);
    if (plan.actions.length > 0) return undefined;
    return this.waitingRound(this.roundOf(dossierCode, after, revision, plan), after, now, undefined);
  }

  private roundOf(
    dossierCode: string,
    state: DossierState,
    revision: number,
    plan: ReturnType<typeof planCoordination>,
  ): CoordinationRound {
    return {
      dossierCode,
      status: state.status,
      revision,
      wakeAt: plan.wakeAt,
      finished: plan.finished,
      waitingFor: plan.waitingFor,
      executed: null,
    };
  }

  /** A round the workflow waits after: with the notices due and, when indexed, the search attributes. */
  private async waitingRound(
    round: CoordinationRound,
    state: DossierState,
    now: number,
    refused: CoordinationRound['refused'],
  ): Promise<CoordinationRound> {
    return {
      ...round,
      notices: await this.noticesFor(state, now),
      ...(refused ? { refused } : {}),
      ...(this.indexing ? { searchAttributes: searchAttributesOf(state) } : {}),
    };
  }

  /** Notices only matter when the workflow is about to wait (nothing left to record now). */
  private async noticesFor(state: DossierState, now: number): Promise<CoordinationNotice[]> {
    if (state.status !== 'in-processing' || state.procedure === null) return [];
    const definition = await this.procedures.definition(state.procedure.code, state.procedure.version);
    const timing = {
      apologyNotice: apologyNoticeOf(definition),
      stepBudgets: new Map(definition.steps.map((step) => [step.id, step.budget])),
    };
    // The appointment is the receiving unit's: counted on its calendar, like the request's respondBy.
    return planNotices(
      state,
      await this.calendars.forUnit(state.receivingUnitCode),
      now,
      this.noticeOptions,
      timing,
    );
  }
}

/**
 * The activities as a Temporal worker registers them: an object whose own properties are the
 * functions (the worker does not look at a class's prototype).
 */
export function coordinationActivityFunctions(activities: CoordinationActivities): CoordinationActivities {
  return {
    coordinateDossier: (dossierCode) => activities.coordinateDossier(dossierCode),
    notifyCoordination: (dossierCode, notices) => activities.notifyCoordination(dossierCode, notices),
  };
}

function describeNotice(dossierCode: string, notice: CoordinationNotice): string {
  const to = notice.agencyCodes.join(', ');
  return notice.kind === 'step-reminder'
    ? `reminder to ${to}: step ${notice.stepId ?? '?'} of dossier ${dossierCode} is due at ${notice.deadline} [${notice.key}]`
    : `apology requested from ${to}: dossier ${dossierCode} has no result and is due at ${notice.deadline} (form 04, new appointment) [${notice.key}]`;
}

/** The dossier's search attributes, from its recorded state. */
export function searchAttributesOf(state: DossierState): DossierSearchAttributes {
  const steps = Object.values(state.activeSteps);
  const deadlines = steps.map((s) => Date.parse(s.deadline)).filter((ms) => Number.isFinite(ms));
  const due = state.dueAt === null ? Number.NaN : Date.parse(state.dueAt);
  const next =
    deadlines.length > 0 ? Math.min(...deadlines) : Number.isFinite(due) && !state.result ? due : null;
  return {
    procedure: state.procedure?.code ?? null,
    receivingUnit: state.receivingUnitCode,
    holders: [...new Set(steps.map((s) => s.holderAgencyCode))].sort(),
    status: state.status,
    nextDeadline: next,
  };
}

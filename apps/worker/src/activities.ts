import { Logger, type INestApplicationContext } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import {
  CLOCK,
  DomainError,
  type Clock,
  type CoordinationActivities,
  type CoordinationNotice,
  type CoordinationRound,
} from '@lien-thong/contracts';
import { planCoordination } from '@lien-thong/coordination';
import {
  DossierCalendar,
  DossierCommandService,
  type DossierAction,
  type DossierState,
} from '@lien-thong/dossiers';
import {
  DEFAULT_NOTICE_OPTIONS,
  planNotices,
  type CoordinationNoticeOptions,
} from './coordination/coordination-notices';
import { COORDINATION_ACTOR } from './coordination/dossier-coordination.projection';
import {
  CALENDAR_ACTOR,
  type RecomputeDossierDeadlines,
} from './coordination/calendar-coordination.projection';

type Executed = NonNullable<CoordinationRound['executed']>;
/** A round stops after this many actions and lets the workflow run another (a guard against loops). */
const MAX_ACTIONS_PER_ROUND = 10;

export interface ActivityOptions {
  /** Reminder share and apology notice lead (defaults: 80 %, one working day). */
  readonly notices?: CoordinationNoticeOptions;
  /**
   * Called for each notice once it is recorded in the dossier (StepReminderSent, ApologyRequested);
   * the default logs it. Agencies learn of it from the event (webhooks follow the event store).
   */
  readonly sendNotice?: (dossierCode: string, notice: CoordinationNotice) => void;
}

/**
 * Activities are thin adapters that dispatch commands through the application context: the same
 * DossierCommandService (and so the same decider) that serves the HTTP API.
 */
export function createActivities(
  app: INestApplicationContext,
  options: ActivityOptions = {},
): CoordinationActivities & Record<string, (...args: never[]) => Promise<unknown>> {
  const dossiers = app.get(DossierCommandService, { strict: false });
  const calendars = app.get(DossierCalendar, { strict: false });
  const clock = app.get<Clock>(CLOCK, { strict: false });
  const noticeOptions = options.notices ?? DEFAULT_NOTICE_OPTIONS;
  const logger = new Logger('Coordination');
  const sendNotice = options.sendNotice ?? ((code, notice) => logger.log(describeNotice(code, notice)));
  // Notices only matter when the workflow is about to wait (nothing left to record now).
  const noticesFor = async (state: DossierState, now: number) =>
    state.status === 'in-processing' ? planNotices(state, await calendars.current(), now, noticeOptions) : [];
  /** One pass: load, plan, record the first planned action not recorded yet (or nothing). */
  async function planAndRecordOne(
    dossierCode: string,
  ): Promise<{ round: CoordinationRound; executed: Executed | null; conflict: boolean }> {
    let loaded;
    try {
      loaded = await dossiers.loadWithEvents(dossierCode);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found')
        throw ApplicationFailure.nonRetryable(error.message, 'DossierNotFound');
      throw error;
    }
    const { state, revision } = loaded;
    const now = clock.now().getTime();
    const plan = planCoordination(state, revision, now);
    const round = {
      dossierCode,
      status: state.status,
      revision,
      wakeAt: plan.wakeAt,
      finished: plan.finished,
      waitingFor: plan.waitingFor,
      executed: null,
    };
    // The first planned action not recorded yet (an escalation, say, stays in the plan once done).
    let refused: CoordinationRound['refused'];
    for (const next of plan.actions) {
      const executed = {
        type: next.action.type,
        ...('stepId' in next.action ? { stepId: next.action.stepId } : {}),
      };
      try {
        const result = await dossiers.execute(
          dossierCode,
          next.action,
          { actor: { system: COORDINATION_ACTOR }, idempotencyKey: next.idempotencyKey },
          loaded,
        );
        if (result.alreadyApplied) continue;
        return {
          round: { ...round, status: result.status, revision: result.revision },
          executed,
          conflict: false,
        };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error; // infrastructure: Temporal retries
        // Someone acted at the same moment (409): plan again on the new state.
        if (error.code === 'DOSSIER_CHANGED') return { round, executed, conflict: true };
        // The plan no longer holds for this action (an agency acted first): try the next one.
        refused ??= { type: next.action.type, code: error.code, message: error.message };
      }
    }
    const notices = await noticesFor(state, now);
    return { round: { ...round, notices, ...(refused ? { refused } : {}) }, executed: null, conflict: false };
  }

  return {
    smokeGreeting: (name: string) => Promise.resolve(`Xin chào, ${name}!`),

    async coordinateDossier(dossierCode: string): Promise<CoordinationRound> {
      // Records every action the plan calls for now (the transfer and the first handoff, parallel
      // branches), one at a time, re-planning on the new state after each: one Temporal round trip per
      // change instead of one per action. Each action keeps its own idempotency key.
      const recorded: Executed[] = [];
      for (;;) {
        const pass = await planAndRecordOne(dossierCode);
        // Someone acted at the same moment (409): the workflow plans again at once.
        if (pass.conflict) return { ...pass.round, executed: pass.executed, recorded };
        if (pass.executed === null) return { ...pass.round, executed: null, recorded };
        recorded.push(pass.executed);
        if (recorded.length >= MAX_ACTIONS_PER_ROUND)
          return { ...pass.round, executed: pass.executed, recorded };
      }
    },

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
                budgetShare: noticeOptions.reminderShare,
              }
            : { type: 'RequestApology', agencyCodes: notice.agencyCodes };
        try {
          const result = await dossiers.execute(dossierCode, action, {
            actor: { system: COORDINATION_ACTOR },
            idempotencyKey: notice.key,
          });
          if (result.recorded.length > 0 && result.alreadyApplied !== true) sendNotice(dossierCode, notice);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error; // infrastructure: Temporal retries
          if (error.code === 'DOSSIER_CHANGED') throw error; // a race: retried on the new state
          logger.log(`notice ${notice.key} for ${dossierCode} no longer applies: ${error.message}`);
        }
      }
    },
  };
}

/**
 * Deadlines counted again after a holiday decision (the calendar process manager): through the same
 * command service, so the same computation as at handoff; a dossier that cannot be recomputed now (closed
 * meanwhile, clock paused: its deadlines are counted again when it resumes) is skipped.
 */
export function deadlineRecomputer(app: INestApplicationContext): RecomputeDossierDeadlines {
  const dossiers = app.get(DossierCommandService, { strict: false });
  const logger = new Logger('Coordination');
  return async (dossierCode, cause, idempotencyKey) => {
    try {
      const result = await dossiers.execute(
        dossierCode,
        { type: 'RecomputeDeadlines', cause },
        { actor: { system: CALENDAR_ACTOR }, idempotencyKey },
      );
      if (result.recorded.length > 0 && result.alreadyApplied !== true)
        logger.log(`deadlines of ${dossierCode} counted again after ${cause.document}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'DOSSIER_CHANGED') throw error; // retried
      logger.log(`deadlines of ${dossierCode} not recomputed: ${error.message}`);
    }
  };
}

function describeNotice(dossierCode: string, notice: CoordinationNotice): string {
  const to = notice.agencyCodes.join(', ');
  return notice.kind === 'step-reminder'
    ? `reminder to ${to}: step ${notice.stepId ?? '?'} of dossier ${dossierCode} is due at ${notice.deadline} [${notice.key}]`
    : `apology requested from ${to}: dossier ${dossierCode} has no result and is due at ${notice.deadline} (form 04, new appointment) [${notice.key}]`;
}

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
import {
  DossierCalendar,
  DossierCommandService,
  planCoordination,
  type DossierState,
} from '@lien-thong/dossiers';
import {
  DEFAULT_NOTICE_OPTIONS,
  planNotices,
  type CoordinationNoticeOptions,
} from './coordination/coordination-notices';
import { COORDINATION_ACTOR } from './coordination/dossier-coordination.projection';

export interface ActivityOptions {
  /** Reminder share and apology notice lead (defaults: 80 %, one working day). */
  readonly notices?: CoordinationNoticeOptions;
  /** Where notices go; the default logs them (no notification channel or dossier event exists yet). */
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
  // Notices only matter when the workflow is about to wait (nothing was recorded this round).
  const noticesFor = async (state: DossierState, now: number) =>
    state.status === 'in-processing' ? planNotices(state, await calendars.current(), now, noticeOptions) : [];
  return {
    smokeGreeting: (name: string) => Promise.resolve(`Xin chào, ${name}!`),

    async coordinateDossier(dossierCode: string): Promise<CoordinationRound> {
      let loaded;
      try {
        loaded = await dossiers.load(dossierCode);
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
      };
      // The first planned action not recorded yet (an escalation, say, stays in the plan once done).
      let refused: CoordinationRound['refused'];
      for (const next of plan.actions) {
        const executed = {
          type: next.action.type,
          ...('stepId' in next.action ? { stepId: next.action.stepId } : {}),
        };
        try {
          const result = await dossiers.execute(dossierCode, next.action, {
            actor: { system: COORDINATION_ACTOR },
            idempotencyKey: next.idempotencyKey,
          });
          if (result.alreadyApplied) continue;
          return { ...round, status: result.status, revision: result.revision, executed };
        } catch (error) {
          if (!(error instanceof DomainError)) throw error; // infrastructure: Temporal retries
          // Someone acted at the same moment (409): plan again on the new state.
          if (error.code === 'DOSSIER_CHANGED') return { ...round, executed };
          // The plan no longer holds for this action (an agency acted first): try the next one.
          refused ??= { type: next.action.type, code: error.code, message: error.message };
        }
      }
      const notices = await noticesFor(state, now);
      if (refused) return { ...round, executed: null, refused, notices };
      return { ...round, executed: null, notices };
    },

    notifyCoordination(dossierCode: string, notices: readonly CoordinationNotice[]): Promise<void> {
      for (const notice of notices) sendNotice(dossierCode, notice);
      return Promise.resolve();
    },
  };
}

function describeNotice(dossierCode: string, notice: CoordinationNotice): string {
  const to = notice.agencyCodes.join(', ');
  return notice.kind === 'step-reminder'
    ? `reminder to ${to}: step ${notice.stepId ?? '?'} of dossier ${dossierCode} is due at ${notice.deadline} [${notice.key}]`
    : `apology requested from ${to}: dossier ${dossierCode} has no result and is due at ${notice.deadline} (form 04, new appointment) [${notice.key}]`;
}

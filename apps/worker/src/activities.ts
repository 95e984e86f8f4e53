import type { INestApplicationContext } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import {
  CLOCK,
  DomainError,
  type Clock,
  type CoordinationActivities,
  type CoordinationRound,
} from '@lien-thong/contracts';
import { DossierCommandService, planCoordination } from '@lien-thong/dossiers';
import { COORDINATION_ACTOR } from './coordination/dossier-coordination.projection';

/**
 * Activities are thin adapters that dispatch commands through the application context: the same
 * DossierCommandService (and so the same decider) that serves the HTTP API.
 */
export function createActivities(
  app: INestApplicationContext,
): CoordinationActivities & Record<string, (...args: never[]) => Promise<unknown>> {
  const dossiers = app.get(DossierCommandService, { strict: false });
  const clock = app.get<Clock>(CLOCK, { strict: false });
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
      const plan = planCoordination(state, revision, clock.now().getTime());
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
      if (refused) return { ...round, executed: null, refused };
      return { ...round, executed: null };
    },
  };
}

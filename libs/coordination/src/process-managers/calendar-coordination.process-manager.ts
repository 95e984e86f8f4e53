import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { CALENDAR_CHANGED_SIGNAL, DOSSIER_WORKFLOW_TYPE } from '@lien-thong/contracts';
import type { CalendarDecision } from '@lien-thong/calendar';
import type { RecordedEvent } from '@lien-thong/event-store';
import { CALENDAR_DECISION_LOADED } from '@lien-thong/holiday-calendar';
import type { ProcessManager } from '@lien-thong/projections';
import type { DeadlineRecomputer } from './deadline-recomputer';
import { type DeadlinesRecomputedCause } from '@lien-thong/dossier-model';

export const CALENDAR_COORDINATION_PROCESS_MANAGER = 'calendar-coordination';
/** Signals in flight at once when a decision reaches every running dossier. */
const SIGNAL_CONCURRENCY = 20;

/**
 * When a holiday decision is loaded (CalendarDecisionLoaded in `calendar-vn_civil_service`), every
 * running dossier counts its deadlines again on the new calendar (recorded as DeadlinesRecomputed
 * where something moved) and its workflow is told to plan again at once (timers, the apology notice
 * instant, reminders). Runs on the projection runner like the dossier process manager: the checkpoint
 * moves only after every running dossier was handled, so a crash handles them again; the idempotency
 * key (the decision event's id) makes a second recomputation a no-op, and a re-plan is harmless.
 */
export function calendarCoordinationProcessManager(
  client: Client,
  deadlines?: Pick<DeadlineRecomputer, 'recompute'>,
): ProcessManager {
  return {
    // At least once: remote calls, not database writes; no transaction held open while Temporal answers.
    kind: 'process-manager',
    name: CALENDAR_COORDINATION_PROCESS_MANAGER,
    filter: { categories: ['calendar'], eventTypes: [CALENDAR_DECISION_LOADED] },
    async handle(event: RecordedEvent): Promise<void> {
      const { decision } = event.data as { decision: CalendarDecision };
      const cause: DeadlinesRecomputedCause = {
        kind: 'calendar-decision',
        year: decision.year,
        document: decision.source.document,
      };
      const running = client.workflow.list({
        query: `WorkflowType = '${DOSSIER_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`,
      });
      let batch: Promise<void>[] = [];
      const signal = async (workflowId: string): Promise<void> => {
        // Workflow id = dossier code.
        if (deadlines) await deadlines.recompute(workflowId, cause, `calendar:${event.id}`);
        try {
          await client.workflow.getHandle(workflowId).signal(CALENDAR_CHANGED_SIGNAL);
        } catch (error) {
          // Finished between the listing and the signal: nothing left to re-plan.
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
      };
      for await (const execution of running) {
        batch.push(signal(execution.workflowId));
        if (batch.length >= SIGNAL_CONCURRENCY) {
          await Promise.all(batch);
          batch = [];
        }
      }
      await Promise.all(batch);
    },
  };
}

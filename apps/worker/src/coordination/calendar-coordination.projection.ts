import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { CALENDAR_CHANGED_SIGNAL, DOSSIER_WORKFLOW_TYPE } from '@lien-thong/contracts';
import { CALENDAR_DECISION_LOADED } from '@lien-thong/holiday-calendar';
import type { Projection } from '@lien-thong/projections';

export const CALENDAR_COORDINATION_PROCESS_MANAGER = 'calendar-coordination';
/** Signals in flight at once when a decision reaches every running dossier. */
const SIGNAL_CONCURRENCY = 20;

/**
 * When a holiday decision is loaded (CalendarDecisionLoaded in `calendar-vn_civil_service`), every
 * running dossier workflow is told to plan again at once: what it computes from now on (handoff
 * deadlines, the apology notice instant, reminders) uses the new calendar, while deadlines already
 * recorded in dossier events stay as they are. Runs on the projection runner like the dossier process
 * manager: the checkpoint moves only after every running workflow was signalled, so a crash signals
 * them again (a re-plan is harmless).
 */
export function calendarCoordinationProcessManager(client: Client): Projection {
  return {
    name: CALENDAR_COORDINATION_PROCESS_MANAGER,
    filter: { categories: ['calendar'], eventTypes: [CALENDAR_DECISION_LOADED] },
    async handle(): Promise<void> {
      const running = client.workflow.list({
        query: `WorkflowType = '${DOSSIER_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`,
      });
      let batch: Promise<void>[] = [];
      const signal = async (workflowId: string): Promise<void> => {
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
    reset: () => Promise.resolve(),
  };
}

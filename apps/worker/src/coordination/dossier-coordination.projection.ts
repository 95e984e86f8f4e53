import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  DOSSIER_CHANGED_SIGNAL,
  DOSSIER_WORKFLOW_TYPE,
  TASK_QUEUES,
  type DossierWorkflowInput,
} from '@lien-thong/contracts';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Projection } from '@lien-thong/projections';

export const COORDINATION_PROCESS_MANAGER = 'dossier-coordination';
/** The actor the coordination workflow's own events carry. */
export const COORDINATION_ACTOR = 'coordination';

/**
 * The process manager between the event store and the workflows: for every dossier event it starts
 * the dossier's workflow if needed and tells it that something changed (signal-with-start, workflow id
 * = dossier code). It runs on the projection runner, so its checkpoint advances only after Temporal
 * accepted the signal: a crash between recording an event and the workflow learning of it is replayed
 * on restart, never lost. Events the workflow recorded itself are not echoed back.
 */
/**
 * The events after which the plan can change: intake, an agency finishing or handing back a step, the
 * clock starting again, deadlines counted again on a new calendar, the end of a dossier. Others (a step acknowledged, a rating) change nothing
 * the workflow acts on, and its own events are not echoed back either.
 */
export const COORDINATION_TRIGGERS = [
  'DossierReceived',
  'StepCompleted',
  'StepReturned',
  'SupplementReceived',
  'ExcludedPhaseEnded',
  'ApologyIssued',
  'DeadlinesRecomputed',
  'ProcessingStopped',
  'DossierWithdrawn',
  'ResultReturned',
] as const;

export function dossierCoordinationProcessManager(client: Client): Projection {
  return {
    name: COORDINATION_PROCESS_MANAGER,
    filter: { categories: ['dossier'], eventTypes: COORDINATION_TRIGGERS },
    async handle(event: RecordedEvent): Promise<void> {
      if (event.type !== 'DossierReceived' && event.metadata.actor.system === COORDINATION_ACTOR) return;
      const dossierCode = event.streamName.slice('dossier-'.length);
      const input: DossierWorkflowInput = { dossierCode };
      try {
        await client.workflow.signalWithStart(DOSSIER_WORKFLOW_TYPE, {
          workflowId: dossierCode,
          taskQueue: TASK_QUEUES.dossiers,
          args: [input],
          signal: DOSSIER_CHANGED_SIGNAL,
          signalArgs: [],
          // A completed dossier workflow is not started again; a failed or terminated one is.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        });
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return;
        throw error;
      }
    },
    // Nothing is stored: a rebuild replays the notifications, which workflows absorb (they re-plan).
    reset: () => Promise.resolve(),
  };
}

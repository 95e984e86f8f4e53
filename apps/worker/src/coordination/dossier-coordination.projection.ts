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
    // Remote calls, not database writes: no transaction held open while Temporal answers.
    delivery: 'at-least-once',
    // The next batch's signals go out while earlier ones still wait on Temporal: a completion does not
    // queue behind another dossier's slow signal. Order between batches does not matter (each signal
    // only says "plan again"); the checkpoint still moves in order.
    pipeline: SIGNAL_PIPELINE,
    async handle(event: RecordedEvent): Promise<void> {
      const dossierCode = dossierToSignal(event);
      if (dossierCode !== null) await signal(dossierCode);
    },
    /**
     * A batch (many dossiers changing at once, or a catch-up after a restart): one signal per dossier,
     * however many of its events the batch holds, sent in parallel. The checkpoint moves only after
     * every signal was accepted; a failure retries the whole batch (signals are absorbed: a re-plan).
     */
    async handleBatch(events: readonly RecordedEvent[]): Promise<void> {
      const codes = [...new Set(events.map(dossierToSignal).filter((c): c is string => c !== null))];
      for (let i = 0; i < codes.length; i += SIGNAL_CONCURRENCY)
        await Promise.all(codes.slice(i, i + SIGNAL_CONCURRENCY).map(signal));
    },
    // Nothing is stored: a rebuild replays the notifications, which workflows absorb (they re-plan).
    reset: () => Promise.resolve(),
  };

  async function signal(dossierCode: string): Promise<void> {
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
  }
}

/** Signals in flight at once for one batch. */
const SIGNAL_CONCURRENCY = 32;
/** Batches whose signals may be in flight at once. */
const SIGNAL_PIPELINE = 4;

/** The dossier to tell, or null for the workflow's own events (not echoed back; intake excepted). */
function dossierToSignal(event: RecordedEvent): string | null {
  if (event.type !== 'DossierReceived' && event.metadata.actor.system === COORDINATION_ACTOR) return null;
  return event.streamName.slice('dossier-'.length);
}

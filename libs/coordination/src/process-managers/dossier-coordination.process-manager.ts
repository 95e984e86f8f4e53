import { Logger } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  DOSSIER_CHANGED_SIGNAL,
  DOSSIER_WORKFLOW_TYPE,
  TASK_QUEUES,
  type DossierWorkflowInput,
} from '@lien-thong/contracts';
import { contextOfEvent, inSpan, type RecordedEvent } from '@lien-thong/event-store';
import type { ProcessManager, ProcessManagerConnection } from '@lien-thong/projections';
import {
  STRANDED_DOSSIERS_TABLE,
  StrandedDossiers,
  strandedDossiersMigrations,
} from '../stranded/stranded-dossiers.store';

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

export function dossierCoordinationProcessManager(
  client: Client,
  logger: Pick<Logger, 'error'> = new Logger('DossierCoordination'),
): ProcessManager {
  return {
    // At least once: remote calls, not database writes; no transaction held open while Temporal answers.
    kind: 'process-manager',
    name: COORDINATION_PROCESS_MANAGER,
    filter: { categories: ['dossier'], eventTypes: COORDINATION_TRIGGERS },
    // The stranded-dossier list's table: recorded under this process manager's name where deployed.
    migrations: strandedDossiersMigrations,
    // The next batch's signals go out while earlier ones still wait on Temporal: a completion does not
    // queue behind another dossier's slow signal. Order between batches does not matter (each signal
    // only says "plan again"); the checkpoint still moves in order.
    pipeline: SIGNAL_PIPELINE,
    // Its checkpoint is stored a few times a second, not after every batch (a statement each): after a
    // crash up to that much is signalled again, which the workflows absorb (they plan again).
    checkpointEveryMs: CHECKPOINT_EVERY_MS,
    async handle(event: RecordedEvent, db: ProcessManagerConnection): Promise<void> {
      const dossierCode = dossierToSignal(event);
      if (dossierCode !== null) await signal(db, dossierCode, event, receivedAt([event]).get(dossierCode));
    },
    /**
     * A batch (many dossiers changing at once, or a catch-up after a restart): one signal per dossier,
     * however many of its events the batch holds, sent in parallel. The checkpoint moves only after
     * every signal was accepted; a failure retries the whole batch (signals are absorbed: a re-plan).
     */
    async handleBatch(events: readonly RecordedEvent[], db: ProcessManagerConnection): Promise<void> {
      // Each dossier's latest event of the batch: the signal continues its trace.
      const latest = new Map<string, RecordedEvent>();
      for (const event of events) {
        const code = dossierToSignal(event);
        if (code !== null) latest.set(code, event);
      }
      const codes = [...latest.keys()];
      const intakes = receivedAt(events);
      for (let i = 0; i < codes.length; i += SIGNAL_CONCURRENCY)
        await Promise.all(
          codes.slice(i, i + SIGNAL_CONCURRENCY).map((c) => signal(db, c, latest.get(c)!, intakes.get(c))),
        );
    },
    // A rebuild replays the notifications, which workflows absorb (they re-plan); the stranded
    // dossiers stay listed until an operator deletes them (a replay finds them again anyway).
  };

  /**
   * Signals (or starts) the dossier's workflow, in a span continuing the trace of `cause` (the event
   * that calls for it). `receivedAt`: when the batch holds the dossier's intake, the time it was recorded.
   */
  function signal(
    db: ProcessManagerConnection,
    dossierCode: string,
    cause: RecordedEvent,
    receivedAt?: string,
  ): Promise<void> {
    return inSpan(
      'coordination: signal the dossier workflow',
      contextOfEvent(cause.metadata),
      { 'lien_thong.dossier': dossierCode, 'lien_thong.event': cause.type },
      () => signalNow(db, dossierCode, receivedAt),
    );
  }

  async function signalNow(
    db: ProcessManagerConnection,
    dossierCode: string,
    receivedAt?: string,
  ): Promise<void> {
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
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      // A finished workflow: normal for an event after the dossier's end, or a replayed intake.
      if (receivedAt !== undefined) await reportForeignWorkflow(db, dossierCode, receivedAt);
    }
  }

  /**
   * A finished workflow with this dossier's id that started before the dossier was even received is
   * another dossier's, from another life of the event store (reset, or restored from a backup, while
   * Temporal kept its history; or two deployments sharing one namespace). The dossier would never be
   * coordinated, silently: say so loudly, and list it where GET /health counts it. A failure to
   * describe changes nothing (the signal itself was answered); a failure to list it retries the batch.
   */
  async function reportForeignWorkflow(
    db: ProcessManagerConnection,
    dossierCode: string,
    receivedAt: string,
  ): Promise<void> {
    let startTime: Date;
    try {
      startTime = (await client.workflow.getHandle(dossierCode).describe()).startTime;
    } catch {
      return;
    }
    const received = new Date(receivedAt).getTime();
    if (startTime.getTime() >= received - FOREIGN_WORKFLOW_MARGIN_MS) return;
    await new StrandedDossiers(db).record({
      dossierCode,
      receivedAt,
      workflowStartedAt: startTime.toISOString(),
      namespace: client.options.namespace,
    });
    logger.error(
      `Dossier ${dossierCode} was received at ${receivedAt}, but Temporal namespace ` +
        `"${client.options.namespace}" already holds a finished workflow with that id, started ` +
        `${startTime.toISOString()}: this dossier is NOT coordinated (listed in ${STRANDED_DOSSIERS_TABLE}). ` +
        'The event store and the Temporal namespace do not belong together (was one reset or restored ' +
        'without the other, or do two deployments share the namespace?).',
    );
  }
}

/** Clock difference tolerated between the event store's and Temporal's servers. */
const FOREIGN_WORKFLOW_MARGIN_MS = 5_000;

/** When each dossier in `events` was received, for those whose intake is among them. */
function receivedAt(events: readonly RecordedEvent[]): Map<string, string> {
  const intakes = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'DossierReceived')
      intakes.set(event.streamName.slice('dossier-'.length), event.recordedAt);
  }
  return intakes;
}

/** Signals in flight at once for one batch. */
const SIGNAL_CONCURRENCY = 32;
/** Batches whose signals may be in flight at once. */
const SIGNAL_PIPELINE = 4;
/** How often, at most, the process manager's checkpoint is stored (ProcessManager.checkpointEveryMs). */
const CHECKPOINT_EVERY_MS = 250;

/** The dossier to tell, or null for the workflow's own events (not echoed back; intake excepted). */
function dossierToSignal(event: RecordedEvent): string | null {
  if (event.type !== 'DossierReceived' && event.metadata.actor.system === COORDINATION_ACTOR) return null;
  return event.streamName.slice('dossier-'.length);
}

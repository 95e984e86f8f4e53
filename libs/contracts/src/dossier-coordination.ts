/**
 * The dossier coordination workflow's contract (điều phối hồ sơ liên thông): one workflow per accepted
 * dossier, workflow id = dossier code, on TASK_QUEUES.dossiers. Bundle-safe: names and shapes only.
 */
export const DOSSIER_WORKFLOW_TYPE = 'dossierWorkflow';

/** Sent (by the worker's process manager, following the event store) whenever a dossier event is recorded. */
export const DOSSIER_CHANGED_SIGNAL = 'dossierChanged';

/** Sent to running dossier workflows when a holiday decision is loaded: they re-plan at once. */
export const CALENDAR_CHANGED_SIGNAL = 'calendarChanged';

/** The workflow's current view (Temporal query). */
export const COORDINATION_STATUS_QUERY = 'coordinationStatus';

export interface DossierWorkflowInput {
  readonly dossierCode: string;
}

/** What one coordination round did, and what the dossier waits for now. */
export interface CoordinationRound {
  readonly dossierCode: string;
  readonly status: string;
  readonly revision: number;
  /** The action recorded this round (its type and step), or null when there was nothing to do. */
  readonly executed: { readonly type: string; readonly stepId?: string } | null;
  /** Epoch ms of the next deadline to watch, or null. */
  readonly wakeAt: number | null;
  readonly finished: boolean;
  readonly waitingFor: readonly string[];
  /** A planned action the decider refused (a race with an agency); the workflow re-plans later. */
  readonly refused?: { readonly type: string; readonly code: string; readonly message: string };
}

/** Activities of the coordination workflow (implemented by the worker over the dossier command service). */
export interface CoordinationActivities {
  /** Loads the dossier, plans from its recorded state, records the first planned action (idempotently). */
  coordinateDossier(dossierCode: string): Promise<CoordinationRound>;
}

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

/** The notices the workflow has sent (reminders, apology requests), oldest first (Temporal query). */
export const COORDINATION_NOTICES_QUERY = 'coordinationNotices';

export interface DossierWorkflowInput {
  readonly dossierCode: string;
  /** Notices already sent, carried over a continue-as-new so none is sent twice. */
  readonly noticesSent?: readonly SentCoordinationNotice[];
  /** Rounds before continue-as-new (default 500); tests lower it to see the hand-over. */
  readonly roundsPerRun?: number;
}

/**
 * Something the coordinator tells an agency without recording a dossier event (none exists for it
 * yet): a reminder at a share of a step's budget, or a request for an apology (form 04) before the
 * due date when the dossier has no result.
 */
export interface CoordinationNotice {
  /** Names the notice once: `reminder:<step>:<deadline>`, `apology:<dueAt>`. */
  readonly key: string;
  readonly kind: 'step-reminder' | 'apology-requested';
  /** Epoch ms when it is owed. */
  readonly at: number;
  /** Owed now (by the activity's clock). */
  readonly due: boolean;
  readonly stepId?: string;
  /** Who is told: the holder of the step, or the agencies responsible for the delay. */
  readonly agencyCodes: readonly string[];
  /** The deadline (step) or due date (dossier) the notice is about, ISO. */
  readonly deadline: string;
}

export interface SentCoordinationNotice extends CoordinationNotice {
  /** Epoch ms (workflow time) when it was sent. */
  readonly sentAt: number;
}

/** What one coordination round did, and what the dossier waits for now. */
export interface CoordinationRound {
  readonly dossierCode: string;
  readonly status: string;
  readonly revision: number;
  /**
   * Non-null when the workflow should plan again at once (a race cut the round short, or the round
   * stopped after many actions); null when nothing more is to be done now.
   */
  readonly executed: { readonly type: string; readonly stepId?: string } | null;
  /** Every action recorded this round, in order (a round records all the plan calls for now). */
  readonly recorded?: readonly { readonly type: string; readonly stepId?: string }[];
  /** Epoch ms of the next deadline to watch, or null. */
  readonly wakeAt: number | null;
  readonly finished: boolean;
  readonly waitingFor: readonly string[];
  /** A planned action the decider refused (a race with an agency); the workflow re-plans later. */
  readonly refused?: { readonly type: string; readonly code: string; readonly message: string };
  /** The notices the recorded state calls for (sent or not: the workflow remembers which it sent). */
  readonly notices?: readonly CoordinationNotice[];
  /**
   * What the Temporal UI finds the dossier's workflow by, when the worker indexes dossiers (the search
   * attributes are registered in the namespace); set on a round that records nothing more.
   */
  readonly searchAttributes?: DossierSearchAttributes;
}

/** A dossier as its workflow's search attributes show it (issue 22): the Temporal UI finds it by these. */
export interface DossierSearchAttributes {
  readonly procedure: string | null;
  readonly receivingUnit: string | null;
  /** The agencies holding a step now. */
  readonly holders: readonly string[];
  readonly status: string;
  /** Epoch ms of the earliest deadline under way (a step's, else the statutory due date), or null. */
  readonly nextDeadline: number | null;
}

/**
 * The search attributes' names and types in the Temporal namespace (registered by the worker at start,
 * or by an operator: docs/operations.md). Keyword attributes are matched exactly: `LienThongHolderAgencies
 * = '000.00.72.H29'` finds the dossiers that agency holds; `LienThongNextDeadline < '2026-12-08T00:00:00Z'`
 * the ones due before then.
 */
export const DOSSIER_SEARCH_ATTRIBUTES = {
  procedure: { name: 'LienThongProcedure', type: 'KEYWORD' },
  receivingUnit: { name: 'LienThongReceivingUnit', type: 'KEYWORD' },
  holders: { name: 'LienThongHolderAgencies', type: 'KEYWORD_LIST' },
  status: { name: 'LienThongStatus', type: 'KEYWORD' },
  nextDeadline: { name: 'LienThongNextDeadline', type: 'DATETIME' },
} as const;

/** Activities of the coordination workflow (implemented by the worker over the dossier command service). */
export interface CoordinationActivities {
  /** Loads the dossier, plans from its recorded state, records the first planned action (idempotently). */
  coordinateDossier(dossierCode: string): Promise<CoordinationRound>;
  /** Sends notices to the agencies concerned (at least once: a retried activity may repeat one). */
  notifyCoordination(dossierCode: string, notices: readonly CoordinationNotice[]): Promise<void>;
}

import {
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { defineSearchAttributeKey } from '@temporalio/common';
import {
  CALENDAR_CHANGED_SIGNAL,
  DOSSIER_SEARCH_ATTRIBUTES,
  COORDINATION_NOTICES_QUERY,
  COORDINATION_STATUS_QUERY,
  DOSSIER_CHANGED_SIGNAL,
  type CoordinationActivities,
  type CoordinationRound,
  type DossierSearchAttributes,
  type DossierWorkflowInput,
  type SentCoordinationNotice,
} from '@lien-thong/contracts';

export const dossierChanged = defineSignal(DOSSIER_CHANGED_SIGNAL);
export const calendarChanged = defineSignal(CALENDAR_CHANGED_SIGNAL);
export const coordinationStatus = defineQuery<CoordinationRound | null>(COORDINATION_STATUS_QUERY);
export const coordinationNotices = defineQuery<readonly SentCoordinationNotice[]>(COORDINATION_NOTICES_QUERY);

/**
 * Patch ids (workflow versioning): a change that alters the commands a running workflow issues is
 * guarded with `patched(id)` so histories recorded before it still replay (replay.spec.ts, beside this file).
 * Once no workflow started before a patch can still be running, `deprecatePatch(id)` and later removal.
 */
export const PATCHES = {
  /** Reminders and apology requests (notifyCoordination), added after dossier-sequential.history.bin. */
  notices: 'coordination-notices-v1',
  /**
   * The coordination round runs as a local activity (in the worker that holds the workflow task)
   * instead of a scheduled one: a handoff then costs one workflow task instead of a workflow task, an
   * activity task and a second workflow task. Added after dossier-notices.history.bin.
   */
  localRounds: 'coordination-local-rounds-v1',
  /**
   * The dossier's search attributes (procedure, receiving unit, holders, status, next deadline) upserted
   * when a round changes them, so the Temporal UI finds dossiers by agency or deadline. Added after
   * dossier-notices.local-rounds.history.bin.
   */
  searchAttributes: 'dossier-search-attributes-v1',
  /**
   * A wait's timer is kept across rounds while it is still due when the next wait wants it (the same
   * deadline, or a safety re-plan at least half its period away), instead of started before each wait
   * and cancelled by each signal: a timer started and cancelled at each of five waits cost a bare
   * workflow about a fifth more CPU (bench:workflows, ADR 0022). Added after
   * dossier-sequential.search-attributes.history.bin.
   */
  keptTimers: 'dossier-kept-timers-v1',
  /**
   * One marker for a new run that stands for every patch above: a run that records it takes all their
   * paths without calling them. Each patch marker a run records costs a history event and an upsert of
   * Temporal's TemporalChangeVersion search attribute (a visibility write): three or four per dossier
   * were a few per cent of a bare workflow's CPU (bench:workflows, ADR 0024). Runs begun before it keep
   * deciding each patch as before. The next patch is a new one beside this, not folded into it.
   * Added after dossier-sequential.kept-timers.history.bin.
   */
  consolidated: 'dossier-consolidated-v1',
} as const;

const KEYS = {
  procedure: defineSearchAttributeKey(DOSSIER_SEARCH_ATTRIBUTES.procedure.name, 'KEYWORD'),
  receivingUnit: defineSearchAttributeKey(DOSSIER_SEARCH_ATTRIBUTES.receivingUnit.name, 'KEYWORD'),
  holders: defineSearchAttributeKey(DOSSIER_SEARCH_ATTRIBUTES.holders.name, 'KEYWORD_LIST'),
  status: defineSearchAttributeKey(DOSSIER_SEARCH_ATTRIBUTES.status.name, 'KEYWORD'),
  nextDeadline: defineSearchAttributeKey(DOSSIER_SEARCH_ATTRIBUTES.nextDeadline.name, 'DATETIME'),
};

/** Upserts the attributes that changed since `before` (null: all of them); a missing value removes one. */
function index(now: DossierSearchAttributes, before: DossierSearchAttributes | null): void {
  const changed = (k: keyof DossierSearchAttributes) =>
    before === null || JSON.stringify(before[k]) !== JSON.stringify(now[k]);
  const pairs = [
    ...(changed('procedure') ? [{ key: KEYS.procedure, value: now.procedure }] : []),
    ...(changed('receivingUnit') ? [{ key: KEYS.receivingUnit, value: now.receivingUnit }] : []),
    ...(changed('holders')
      ? [{ key: KEYS.holders, value: now.holders.length > 0 ? [...now.holders] : null }]
      : []),
    ...(changed('status') ? [{ key: KEYS.status, value: now.status }] : []),
    ...(changed('nextDeadline')
      ? [{ key: KEYS.nextDeadline, value: now.nextDeadline === null ? null : new Date(now.nextDeadline) }]
      : []),
  ];
  if (pairs.length > 0) upsertSearchAttributes(pairs);
}

// One round is a stream read and at most one append: short. A worker killed mid-round is noticed when
// this times out, and the round runs again elsewhere (idempotently).
const ROUND_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
} as const;
const { coordinateDossier, notifyCoordination } = proxyActivities<CoordinationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: ROUND_RETRY,
});
// The same round as a local activity: recorded as a marker when the workflow task completes. It is
// at least once like the scheduled one (a worker killed mid-round lets the workflow task time out and
// another worker runs the round again); the round's idempotency keys make the repeat write nothing.
// Retries back off inside the worker up to 10 s, then through a durable server timer.
const local = proxyLocalActivities<CoordinationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: ROUND_RETRY,
  localRetryThreshold: '10 seconds',
});

/** Without any notification, the workflow still re-plans this often (a lost signal never strands a dossier). */
const SAFETY_POLL_MS = 10 * 60_000;
/** Timers fire at the deadline; a little after it, so the deadline has passed when the round plans. */
const TIMER_MARGIN_MS = 200;
/** A wait's timer, kept across rounds (PATCHES.keptTimers) while it is due when the next wait wants it. */
interface KeptTimer {
  /** Workflow time (ms) it fires at. */
  readonly at: number;
  fired: boolean;
  readonly scope: CancellationScope;
}

function startTimer(at: number): KeptTimer {
  const scope = new CancellationScope();
  const timer: KeptTimer = { at, fired: false, scope };
  scope
    .run(() => sleep(Math.max(1, at - Date.now())))
    .then(
      () => {
        timer.fired = true;
      },
      () => undefined, // cancelled: a later wait wanted another instant
    );
  return timer;
}

/**
 * The timer for a wait until `wakeAt` (null: no deadline, only the safety re-plan): the kept one when it
 * still fits, else a new one (the kept one cancelled). A deadline's timer fits when it fires at that very
 * instant; the safety re-plan takes any timer firing between half its period and its period from now.
 */
function timerFor(kept: KeptTimer | null, wakeAt: number | null): KeptTimer {
  const now = Date.now();
  const deadline =
    wakeAt !== null && wakeAt + TIMER_MARGIN_MS - now <= SAFETY_POLL_MS ? wakeAt + TIMER_MARGIN_MS : null;
  const fits =
    kept !== null &&
    !kept.fired &&
    (deadline !== null
      ? kept.at === deadline
      : kept.at >= now + SAFETY_POLL_MS / 2 && kept.at <= now + SAFETY_POLL_MS);
  if (fits) return kept;
  if (kept !== null && !kept.fired) kept.scope.cancel();
  return startTimer(deadline ?? now + SAFETY_POLL_MS);
}

/** Rounds per run before continue-as-new keeps the history small (a long dossier has many rounds). */
const ROUNDS_PER_RUN = 500;

/**
 * One workflow per accepted dossier (workflow id = dossier code). The event store is the record: each
 * round, an activity loads the dossier, plans the next action from its recorded state
 * (`planCoordination`) and records it with an idempotency key; the workflow holds the durable loop,
 * the deadline timers and the notifications. Agencies act through the API (validated synchronously by
 * the dossier decider); the process manager signals the workflow after every recorded event.
 */
export async function dossierWorkflow(input: DossierWorkflowInput): Promise<string> {
  let changed = false;
  let last: CoordinationRound | null = null;
  const sent: SentCoordinationNotice[] = [...(input.noticesSent ?? [])];
  setHandler(dossierChanged, () => {
    changed = true;
  });
  setHandler(calendarChanged, () => {
    changed = true;
  });
  setHandler(coordinationStatus, () => last);
  setHandler(coordinationNotices, () => sent);
  // Decided once per run, before the first command: a run recorded before the patch replays on
  // scheduled activities throughout; a new run (or the next continue-as-new) uses local ones.
  // Decided once per run, first: a run begun before it (replaying without its marker) goes on deciding
  // each older patch as it did.
  const current = patched(PATCHES.consolidated);
  const round = current || patched(PATCHES.localRounds) ? local.coordinateDossier : coordinateDossier;
  // Each run indexes afresh (a continued run starts with no attributes of its own).
  let indexed: DossierSearchAttributes | null = null;
  const keepTimers = current || patched(PATCHES.keptTimers);
  let timer: KeptTimer | null = null;

  for (let n = 0; n < (input.roundsPerRun ?? ROUNDS_PER_RUN); n += 1) {
    changed = false;
    last = await round(input.dossierCode);
    if (last.searchAttributes && (current || patched(PATCHES.searchAttributes))) {
      index(last.searchAttributes, indexed);
      indexed = last.searchAttributes;
    }
    if (last.finished) return last.status;
    if (last.executed) continue;
    let wakeAt = last.wakeAt;
    if (last.notices && (current || patched(PATCHES.notices))) {
      const known = new Set(sent.map((n) => n.key));
      const owed = last.notices.filter((n) => !known.has(n.key));
      const due = owed.filter((n) => n.due);
      if (due.length > 0) {
        await notifyCoordination(input.dossierCode, due);
        const sentAt = Date.now();
        sent.push(...due.map((n) => ({ ...n, sentAt })));
      }
      for (const n of owed) if (!n.due) wakeAt = wakeAt === null ? n.at : Math.min(wakeAt, n.at);
    }
    if (keepTimers) {
      const waiting = timerFor(timer, wakeAt);
      timer = waiting;
      await condition(() => changed || waiting.fired);
      continue;
    }
    const untilWake = wakeAt === null ? SAFETY_POLL_MS : wakeAt - Date.now() + TIMER_MARGIN_MS;
    await condition(() => changed, Math.max(1, Math.min(SAFETY_POLL_MS, untilWake)));
  }
  return continueAsNew<typeof dossierWorkflow>({ ...input, noticesSent: sent });
}

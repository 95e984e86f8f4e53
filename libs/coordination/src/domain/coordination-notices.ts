import type { TimeBudget, WorkingTimeCalendar } from '@lien-thong/calendar';
import type { CoordinationNotice } from '@lien-thong/contracts';
import {
  CLOSED_STATUSES,
  type DossierState,
  clockExclusions,
  isClockPaused,
} from '@lien-thong/dossier-model';

/** How early the coordinator reminds (per deployment; env in the worker's main). */
export interface CoordinationNoticeOptions {
  /** Share of a step's working-time budget at which its holder is reminded (default 0.8). */
  readonly reminderShare: number;
}

export const DEFAULT_NOTICE_OPTIONS: CoordinationNoticeOptions = { reminderShare: 0.8 };

/**
 * What the procedure the dossier is bound to says about timing: the apology notice (form 04, one
 * working day before the appointment by default) and every step's budget, for the time the dossier
 * still needs.
 */
export interface ProcedureTiming {
  readonly apologyNotice: TimeBudget;
  readonly stepBudgets: ReadonlyMap<string, TimeBudget>;
}

/**
 * Notices the coordinator owes for the recorded state, each with its instant and a key that names
 * it once (a moved deadline is a new notice): a reminder to the holder of each active step at the
 * configured share of its budget, and, when the dossier has no result by the apology notice instant
 * before its due date, a request for an apology (form 04) from the agency responsible for the delay:
 * the holders of overdue steps, else the holders of the steps in progress (when the whole limit is
 * shorter than the notice lead, the request goes out when a step first runs late). Nothing while the clock
 * stands (the deadlines are about to move) or once the result is ready, and nothing the dossier already
 * records (StepReminderSent for the step's current deadline, ApologyRequested for the current due date).
 */
export function planNotices(
  state: DossierState,
  calendar: WorkingTimeCalendar,
  nowMs: number,
  options: CoordinationNoticeOptions,
  timing: ProcedureTiming,
): CoordinationNotice[] {
  if (state.status !== 'in-processing' || CLOSED_STATUSES.includes(state.status)) return [];
  if (isClockPaused(state)) return [];
  const notices: CoordinationNotice[] = [];
  const exclusions = clockExclusions(state, nowMs);
  const active = Object.values(state.activeSteps);

  for (const step of active) {
    // Overdue: past reminding. Reminded (StepReminderSent for this deadline): recorded already.
    if (step.overdueDetectedAt !== null || step.remindedAt !== null) continue;
    const from = Date.parse(step.handedOffAt);
    const deadline = Date.parse(step.deadline);
    const budget = calendar.workingTimeBetween(from, deadline, exclusions);
    if (budget <= 0) continue;
    const at = calendar.addWorkingTime(from, Math.floor(budget * options.reminderShare), exclusions);
    if (at >= deadline) continue;
    notices.push({
      key: `reminder:${step.stepId}:${step.deadline}`,
      kind: 'step-reminder',
      at,
      due: at <= nowMs,
      stepId: step.stepId,
      agencyCodes: [step.holderAgencyCode],
      deadline: step.deadline,
    });
  }

  const routing = state.routing;
  const requested = state.apologyRequests.some((r) => r.dueAt === state.dueAt);
  if (
    state.dueAt !== null &&
    state.appointmentAt !== null &&
    routing !== null &&
    !requested &&
    state.reappointments < routing.maxReappointments &&
    active.length > 0
  ) {
    const apology = planApologyRequest(state, calendar, nowMs, timing, exclusions);
    if (apology) notices.push(apology);
  }
  return notices;
}

/**
 * The apology request (issue 18, item 3; Decree 61/2018 art. 19, kept by Decree 118/2025: the agency
 * that causes the delay sends the applicant a written apology with a new appointment at the latest one
 * working day before the appointment). The agency is asked as soon as it is clear the dossier cannot
 * keep its appointment: a step has run past its deadline, and the working time left before the
 * appointment no longer covers what the dossier still needs (the budgets of the steps after it on the
 * longest path, what is left of the other steps in progress) plus the notice. Asked then, it has until
 * the notice before the appointment to send the letter (respondBy, computed when the request is
 * recorded), instead of being asked at that very instant. When no step is late yet, the request is
 * planned for the first moment this becomes true if every step in progress overruns its deadline.
 */
function planApologyRequest(
  state: DossierState,
  calendar: WorkingTimeCalendar,
  nowMs: number,
  timing: ProcedureTiming,
  exclusions: readonly { from: number; to: number }[],
): CoordinationNotice | null {
  const appointment = Date.parse(state.appointmentAt!);
  const noticeMs = calendar.budgetMs(timing.apologyNotice);
  const active = Object.values(state.activeSteps);
  const lateAt = (t: number) =>
    active.filter((s) => s.overdueDetectedAt !== null || Date.parse(s.deadline) <= t);
  const slackAt = (t: number) =>
    calendar.workingTimeBetween(t, appointment, exclusions) -
    remainingNeed(state, calendar, t, timing, exclusions) -
    noticeMs;
  // Candidates: now, then each later deadline of a step in progress (the slack only changes there).
  const deadlines = active.map((s) => Date.parse(s.deadline)).filter((d) => d > nowMs);
  const candidates = [nowMs, ...[...deadlines].sort((x, y) => x - y)];
  let at: number | null = null;
  for (const t of candidates) {
    if (lateAt(t).length > 0 && slackAt(t) <= 0) {
      at = t;
      break;
    }
  }
  if (at === null) {
    // Every step in progress late and still enough time: the slack then shrinks with the clock.
    const last = candidates[candidates.length - 1]!;
    at = calendar.addWorkingTime(last, Math.max(0, slackAt(last)), exclusions);
  }
  const holders = lateAt(at).map((s) => s.holderAgencyCode);
  return {
    key: `apology:${state.dueAt!}`,
    kind: 'apology-requested',
    at,
    due: at <= nowMs,
    agencyCodes: [...new Set(holders.length > 0 ? holders : active.map((s) => s.holderAgencyCode))],
    deadline: state.dueAt!,
  };
}

/**
 * The working time the dossier still needs at `t`, along its longest remaining path: what is left of
 * a step in progress (nothing once its deadline passed) and the budgets of the steps after it not yet
 * completed (a step excluded from the limit needs none).
 */
function remainingNeed(
  state: DossierState,
  calendar: WorkingTimeCalendar,
  t: number,
  timing: ProcedureTiming,
  exclusions: readonly { from: number; to: number }[],
): number {
  const steps = state.routing!.steps;
  const budgetOf = (id: string) => {
    const step = steps.find((s) => s.id === id);
    const budget = timing.stepBudgets.get(id);
    return step?.excludedFromLimit || !budget ? 0 : calendar.budgetMs(budget);
  };
  const memo = new Map<string, number>();
  const after = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, 0); // a cycle (none in a valid routing) counts nothing
    const next = steps
      .filter((s) => s.after.includes(id) && !state.completedSteps[s.id] && !state.activeSteps[s.id])
      .map((s) => budgetOf(s.id) + after(s.id));
    const longest = Math.max(0, ...next);
    memo.set(id, longest);
    return longest;
  };
  return Math.max(
    0,
    ...Object.values(state.activeSteps).map(
      (step) => calendar.workingTimeBetween(t, Date.parse(step.deadline), exclusions) + after(step.stepId),
    ),
  );
}

/**
 * Notice options from the environment: LIEN_THONG_REMINDER_SHARE (a share of the budget, 0 < s < 1,
 * default 0.8). A bad value stops the worker with a clear message. The apology notice is the
 * procedure's (`apologyNotice`), not the deployment's.
 */
export function noticeOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): CoordinationNoticeOptions {
  const shareText = env.LIEN_THONG_REMINDER_SHARE;
  const reminderShare =
    shareText === undefined || shareText === '' ? DEFAULT_NOTICE_OPTIONS.reminderShare : Number(shareText);
  if (!(reminderShare > 0 && reminderShare < 1))
    throw new Error(
      `LIEN_THONG_REMINDER_SHARE must be a share between 0 and 1 (e.g. 0.8), not "${shareText}"`,
    );
  if (env.LIEN_THONG_APOLOGY_NOTICE !== undefined && env.LIEN_THONG_APOLOGY_NOTICE !== '')
    throw new Error(
      'LIEN_THONG_APOLOGY_NOTICE is no longer read: the apology notice is a setting of each procedure (apologyNotice)',
    );
  return { reminderShare };
}

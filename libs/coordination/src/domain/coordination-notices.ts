import type { WorkingTimeCalendar } from '@lien-thong/calendar';
import type { CoordinationNotice } from '@lien-thong/contracts';
import { workingDaysBefore } from '@lien-thong/dossiers';
import {
  CLOSED_STATUSES,
  type DossierState,
  clockExclusions,
  isClockPaused,
} from '@lien-thong/dossier-model';

/** How early the coordinator reminds and asks; configurable per deployment (env in the worker's main). */
export interface CoordinationNoticeOptions {
  /** Share of a step's working-time budget at which its holder is reminded (default 0.8). */
  readonly reminderShare: number;
  /**
   * How long before the due date the responsible agency is asked for an apology: working days on the
   * calendar (domain.md §7: at the latest one working day before), or plain milliseconds (tests with
   * budgets of seconds, where a working day is longer than the whole limit).
   */
  readonly apologyNotice: { readonly workingDays: number } | { readonly ms: number };
}

export const DEFAULT_NOTICE_OPTIONS: CoordinationNoticeOptions = {
  reminderShare: 0.8,
  apologyNotice: { workingDays: 1 },
};

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
  options: CoordinationNoticeOptions = DEFAULT_NOTICE_OPTIONS,
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
    routing !== null &&
    !requested &&
    state.reappointments < routing.maxReappointments
  ) {
    const due = Date.parse(state.dueAt);
    const lead = options.apologyNotice;
    const noticeAt = 'ms' in lead ? due - lead.ms : workingDaysBefore(calendar, due, lead.workingDays);
    const overdueHolders = active.filter((s) => s.overdueDetectedAt !== null).map((s) => s.holderAgencyCode);
    // A limit shorter than the notice lead (a same-day procedure) would ask at intake: ask instead
    // when a step first runs late, the first sign that the dossier will miss its date.
    const clockStart = Date.parse(state.clockStartedAt ?? state.receivedAt ?? state.dueAt);
    const shortLimit = noticeAt <= clockStart;
    const at = shortLimit ? nowMs : noticeAt;
    const holders = overdueHolders.length > 0 ? overdueHolders : active.map((s) => s.holderAgencyCode);
    const responsible = [
      ...new Set(holders.length > 0 ? holders : [state.processingAgencyCode ?? '']),
    ].filter((c) => c !== '');
    if (!shortLimit || overdueHolders.length > 0)
      notices.push({
        key: `apology:${state.dueAt}`,
        kind: 'apology-requested',
        at,
        due: at <= nowMs,
        agencyCodes: responsible,
        deadline: state.dueAt,
      });
  }
  return notices;
}

/**
 * Notice options from the environment: LIEN_THONG_REMINDER_SHARE (a share of the budget, 0 < s < 1,
 * default 0.8) and LIEN_THONG_APOLOGY_NOTICE (`<n>wd` working days, default `1wd`, or `<n>s` seconds
 * for test procedures with budgets of seconds). A bad value stops the worker with a clear message.
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
  const leadText = env.LIEN_THONG_APOLOGY_NOTICE;
  if (leadText === undefined || leadText === '') return { ...DEFAULT_NOTICE_OPTIONS, reminderShare };
  const match = /^(\d+)(wd|s)$/.exec(leadText.trim());
  if (!match)
    throw new Error(
      `LIEN_THONG_APOLOGY_NOTICE must be working days like "1wd" or seconds like "30s", not "${leadText}"`,
    );
  const amount = Number(match[1]);
  return {
    reminderShare,
    apologyNotice: match[2] === 'wd' ? { workingDays: amount } : { ms: amount * 1000 },
  };
}

// The clock: supplements during processing (pause or restart), excluded phases, and deadlines
// recomputed after a holiday decision. Every change of the due date and step deadlines comes through
// here.
import type { ProblemDetail } from '@lien-thong/contracts';
import type {
  EndExcludedPhase,
  ReceiveSupplement,
  RecomputeDeadlines,
  RequestSupplement,
  StartExcludedPhase,
} from '../dossier-commands';
import { EXCLUDED_STEP_PHASE_PREFIX } from '../dossier-commands';
import { CommandProblems, dossierError } from '../dossier-errors';
import type { DossierEvent, StepDeadline } from '@lien-thong/dossier-model';
import { type DossierState, isClockPaused } from '@lien-thong/dossier-model';
import { instantMs } from '@lien-thong/dossier-model';
import { checkItems, copyItem, dueDates, receivedHeldStep, requireStatus, routing } from './guards';

export function requestSupplement(c: RequestSupplement, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.stepId, 'stepId');
  p.text(c.agencyCode, 'agencyCode');
  checkItems(c.items, p);
  p.text(c.reason, 'reason');
  p.instant(c.at, 'at');
  p.instant(c.windowEndsAt, 'windowEndsAt');
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'request a supplement');
  receivedHeldStep(state, c.stepId, c.agencyCode);
  if (state.openSupplement) {
    throw dossierError(
      'DOSSIER_SUPPLEMENT_ALREADY_OPEN',
      `A supplement requested by ${state.openSupplement.agencyCode} is still awaited: the clock pauses once at a time`,
      `Đang chờ bổ sung theo yêu cầu của ${state.openSupplement.agencyCode}`,
    );
  }
  if (instantMs(c.at) > instantMs(c.windowEndsAt)) {
    throw dossierError(
      'DOSSIER_SUPPLEMENT_WINDOW_PASSED',
      `A supplement may be requested only until ${c.windowEndsAt} (the procedure's window after receiving the dossier, 3 working days by default)`,
      `Chỉ được yêu cầu bổ sung đến ${c.windowEndsAt} (trong thời hạn kể từ khi nhận hồ sơ, mặc định 3 ngày làm việc)`,
    );
  }
  return [
    {
      type: 'SupplementRequested',
      data: {
        stepId: c.stepId,
        agencyCode: c.agencyCode,
        requestedAt: c.at,
        items: c.items.map(copyItem),
        reason: c.reason,
        windowEndsAt: c.windowEndsAt,
      },
    },
  ];
}

export function receiveSupplement(c: ReceiveSupplement, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.instant(c.at, 'at');
  checkClockAdjustment(c, p);
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'receive a supplement');
  const open = state.openSupplement;
  if (!open) {
    throw dossierError(
      'DOSSIER_NO_OPEN_SUPPLEMENT',
      'No supplement is awaited',
      'Không có yêu cầu bổ sung đang chờ',
    );
  }
  const stepDeadlines = checkDeadlinesCoverActiveSteps(state, c.stepDeadlines);
  return [
    {
      type: 'SupplementReceived',
      data: {
        stepId: open.stepId,
        requestedAt: open.requestedAt,
        receivedAt: c.at,
        policy: routing(state).supplementPolicy,
        dueAt: c.dueAt,
        appointmentAt: appointmentAfterAdjustment(state, c.dueAt, c.appointmentAt),
        stepDeadlines,
      },
    },
  ];
}

export function startExcludedPhase(c: StartExcludedPhase, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.phaseId, 'phaseId');
  p.text(c.reason, 'reason');
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'start an excluded phase');
  if (state.openExcludedPhase) {
    throw dossierError(
      'DOSSIER_EXCLUDED_PHASE_OPEN',
      `Excluded phase ${state.openExcludedPhase.phaseId} has not ended`,
      `Giai đoạn không tính thời gian ${state.openExcludedPhase.phaseId} chưa kết thúc`,
    );
  }
  return [{ type: 'ExcludedPhaseStarted', data: { phaseId: c.phaseId, reason: c.reason, startedAt: c.at } }];
}

export function endExcludedPhase(c: EndExcludedPhase, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.phaseId, 'phaseId');
  p.instant(c.at, 'at');
  checkClockAdjustment(c, p);
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'end an excluded phase');
  const open = state.openExcludedPhase;
  if (!open || open.phaseId !== c.phaseId) {
    throw dossierError(
      'DOSSIER_EXCLUDED_PHASE_NOT_OPEN',
      `Excluded phase ${c.phaseId} is not running`,
      `Giai đoạn không tính thời gian ${c.phaseId} không đang diễn ra`,
    );
  }
  const stepDeadlines = checkDeadlinesCoverActiveSteps(state, c.stepDeadlines);
  return [
    {
      type: 'ExcludedPhaseEnded',
      data: {
        phaseId: c.phaseId,
        startedAt: open.startedAt,
        endedAt: c.at,
        dueAt: c.dueAt,
        appointmentAt: appointmentAfterAdjustment(state, c.dueAt, c.appointmentAt),
        stepDeadlines,
      },
    },
  ];
}

function checkClockAdjustment(
  c: ReceiveSupplement | EndExcludedPhase | RecomputeDeadlines,
  p: CommandProblems,
): void {
  p.instant(c.dueAt, 'dueAt');
  if (c.appointmentAt !== undefined) p.instant(c.appointmentAt, 'appointmentAt');
  c.stepDeadlines.forEach((d, i) => {
    p.text(d.stepId, `stepDeadlines[${i}].stepId`);
    p.instant(d.deadline, `stepDeadlines[${i}].deadline`);
  });
}

/** Without a re-appointment the promise follows the due date; after one, the re-set date stands. */
function appointmentAfterAdjustment(state: DossierState, dueAt: string, given: string | undefined): string {
  if (given !== undefined) return given;
  return state.reappointments > 0 && state.appointmentAt !== null ? state.appointmentAt : dueAt;
}

/** A clock change moves every running deadline: the handler must give each, and only those. */
function checkDeadlinesCoverActiveSteps(state: DossierState, given: readonly StepDeadline[]): StepDeadline[] {
  const problems: ProblemDetail[] = [];
  const active = Object.keys(state.activeSteps);
  const seen = new Set<string>();
  given.forEach((d, i) => {
    if (!state.activeSteps[d.stepId])
      problems.push({
        path: `stepDeadlines[${i}]`,
        code: 'NOT_ACTIVE',
        message: `step ${d.stepId} is not active`,
      });
    if (seen.has(d.stepId))
      problems.push({
        path: `stepDeadlines[${i}]`,
        code: 'DUPLICATE',
        message: `step ${d.stepId} given twice`,
      });
    seen.add(d.stepId);
  });
  for (const id of active)
    if (!seen.has(id))
      problems.push({
        path: 'stepDeadlines',
        code: 'MISSING',
        message: `no new deadline for active step ${id}`,
      });
  if (problems.length > 0) {
    throw dossierError(
      'DOSSIER_STEP_DEADLINES_MISMATCH',
      'Give one new deadline for every active step, and only for those',
      'Cần nêu hạn mới cho đúng các bước đang xử lý',
      problems,
    );
  }
  return given.map((d) => ({ stepId: d.stepId, deadline: d.deadline }));
}

export function recomputeDeadlines(c: RecomputeDeadlines, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  if (c.cause?.kind !== 'calendar-decision')
    p.add('cause.kind', 'UNKNOWN', 'cause.kind must be calendar-decision');
  else {
    if (!Number.isInteger(c.cause.year)) p.add('cause.year', 'INTEGER', 'cause.year must be a year');
    p.text(c.cause.document, 'cause.document');
  }
  p.instant(c.at, 'at');
  checkClockAdjustment(c, p);
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'recompute deadlines');
  if (isClockPaused(state)) {
    throw dossierError(
      'DOSSIER_CLOCK_PAUSED',
      'The clock is paused (supplement or excluded phase): deadlines are counted again when it resumes',
      'Thời hạn đang tạm dừng; hạn sẽ được tính lại khi tiếp tục',
    );
  }
  const given = checkDeadlinesCoverActiveSteps(state, c.stepDeadlines);
  const { dueAt, appointmentAt } = dueDates(state);
  const newAppointment = appointmentAfterAdjustment(state, c.dueAt, c.appointmentAt);
  const change = (from: string, to: string) => (instantMs(from) === instantMs(to) ? null : { from, to });
  const steps = given.flatMap((d) => {
    const changed = change(state.activeSteps[d.stepId]!.deadline, d.deadline);
    return changed ? [{ stepId: d.stepId, ...changed }] : [];
  });
  const dueChange = change(dueAt, c.dueAt);
  const appointmentChange = change(appointmentAt, newAppointment);
  // Nothing moved: nothing to record (most dossiers, for most decisions).
  if (dueChange === null && appointmentChange === null && steps.length === 0) return [];
  return [
    {
      type: 'DeadlinesRecomputed',
      data: {
        cause: { kind: c.cause.kind, year: c.cause.year, document: c.cause.document },
        recomputedAt: c.at,
        dueAt: dueChange,
        appointmentAt: appointmentChange,
        steps,
      },
    },
  ];
}

/**
 * Phases named `step:<stepId>` belong to the coordinator (a step marked `excludedFromLimit`): it opens
 * one right after the handoff and ends it when the step is done. A person never opens or ends one.
 */
export function assertPhaseIdForPeople(phaseId: string): void {
  if (!phaseId.startsWith(EXCLUDED_STEP_PHASE_PREFIX)) return;
  throw dossierError(
    'DOSSIER_EXCLUDED_PHASE_RESERVED',
    `Phase ids starting with "${EXCLUDED_STEP_PHASE_PREFIX}" are the coordinator's (a step that does not count towards the limit); name the phase otherwise`,
    `Mã giai đoạn bắt đầu bằng "${EXCLUDED_STEP_PHASE_PREFIX}" do hệ thống điều phối dùng cho bước không tính vào thời hạn; hãy đặt mã khác`,
    [{ path: 'phaseId', code: 'RESERVED', message: `must not start with "${EXCLUDED_STEP_PHASE_PREFIX}"` }],
  );
}

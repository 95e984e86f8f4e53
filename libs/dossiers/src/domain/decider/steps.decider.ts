// Transfer to the processing agency, and the steps along the routing: handoff, receipt, completion
// (early / on time / late), hand-back to an earlier step.
import type { CompleteStep, HandOffStep, ReceiveStep, ReturnStep, Transfer } from '../dossier-commands';
import { CommandProblems, dossierError } from '../dossier-errors';
import type { AttachmentMetadata, DossierEvent, DossierRouting, RoutedStep } from '@lien-thong/dossier-model';
import type { Timeliness } from '@lien-thong/dossier-model';
import type { CompletedStep, DossierState } from '@lien-thong/dossier-model';
import { classifyTimeliness, instantMs } from '@lien-thong/dossier-model';
import {
  heldStep,
  receivedHeldStep,
  requireNotAwaitingSupplement,
  requireStatus,
  routedStep,
  routing,
} from './guards';

export function transfer(c: Transfer, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.fromUnitCode, 'fromUnitCode');
  p.text(c.toAgencyCode, 'toAgencyCode');
  p.instant(c.at, 'at');
  p.instant(c.dueBy, 'dueBy');
  p.throwIfAny();
  requireStatus(state, ['accepted'], 'transfer the dossier');
  if (c.fromUnitCode !== state.receivingUnitCode) {
    throw dossierError(
      'DOSSIER_TRANSFER_FROM_WRONG_UNIT',
      `Only the receiving desk ${String(state.receivingUnitCode)} transfers this dossier, not ${c.fromUnitCode}`,
      `Chỉ bộ phận tiếp nhận ${String(state.receivingUnitCode)} được chuyển hồ sơ này`,
    );
  }
  return [
    {
      type: 'DossierTransferred',
      data: {
        fromUnitCode: c.fromUnitCode,
        toAgencyCode: c.toAgencyCode,
        transferredAt: c.at,
        dueBy: c.dueBy,
        outcome: classifyTimeliness(c.at, c.dueBy),
      },
    },
  ];
}

export function handOff(c: HandOffStep, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.stepId, 'stepId');
  p.text(c.fromAgencyCode, 'fromAgencyCode');
  p.text(c.toAgencyCode, 'toAgencyCode');
  p.instant(c.at, 'at');
  p.instant(c.deadline, 'deadline');
  if (instantMs(c.deadline) <= instantMs(c.at))
    p.add(
      'deadline',
      'NOT_AFTER',
      'the deadline must be after the handoff',
      'hạn xử lý phải sau thời điểm chuyển',
    );
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'hand off a step');
  const step = routedStep(state, c.stepId);
  const active = state.activeSteps[c.stepId];
  if (active) {
    throw dossierError(
      'DOSSIER_STEP_ALREADY_ACTIVE',
      `Step ${c.stepId} is already held by ${active.holderAgencyCode}`,
      `Bước ${c.stepId} đang do ${active.holderAgencyCode} xử lý`,
    );
  }
  if (state.completedSteps[c.stepId]) {
    throw dossierError(
      'DOSSIER_STEP_ALREADY_COMPLETED',
      `Step ${c.stepId} is completed; it runs again only after a return`,
      `Bước ${c.stepId} đã hoàn thành; chỉ xử lý lại khi bị trả lại`,
    );
  }
  const pending = step.after.filter((id) => !state.completedSteps[id]);
  if (pending.length > 0) {
    throw dossierError(
      'DOSSIER_STEP_PREDECESSORS_PENDING',
      `Step ${c.stepId} waits for ${pending.join(', ')}`,
      `Bước ${c.stepId} phải chờ ${pending.join(', ')}`,
    );
  }
  if (step.ownerAgencyCode !== null && step.ownerAgencyCode !== c.toAgencyCode) {
    throw dossierError(
      'DOSSIER_STEP_WRONG_OWNER',
      `Step ${c.stepId} is owned by ${step.ownerAgencyCode}, not ${c.toAgencyCode}`,
      `Bước ${c.stepId} thuộc ${step.ownerAgencyCode}, không phải ${c.toAgencyCode}`,
    );
  }
  const previous = previousStepOf(state, step, c.fromAgencyCode);
  if (previous === undefined) {
    throw dossierError(
      'DOSSIER_HANDOFF_FROM_WRONG_AGENCY',
      `${c.fromAgencyCode} cannot hand over step ${c.stepId}: it holds none of the work before it`,
      `${c.fromAgencyCode} không thể chuyển bước ${c.stepId}: không giữ bước trước đó`,
    );
  }
  return [
    {
      type: 'StepHandedOff',
      data: {
        stepId: c.stepId,
        fromAgencyCode: c.fromAgencyCode,
        toAgencyCode: c.toAgencyCode,
        handedOffAt: c.at,
        deadline: c.deadline,
        previousStepId: previous?.stepId ?? null,
        previousStepOutcome: previous?.outcome ?? null,
      },
    },
  ];
}

/**
 * Who may hand over a step: for a first step, the processing agency or the desk (null: no previous
 * step); otherwise an agency that completed one of its predecessors (that completion, the latest one
 * if several). `undefined` when the agency may not. A predecessor marked `excludedFromLimit` has no
 * outcome to pass on: its time was the applicant's, and nobody is judged on it.
 */
function previousStepOf(
  state: DossierState,
  step: RoutedStep,
  fromAgencyCode: string,
): { stepId: string; outcome: Timeliness | null } | null | undefined {
  if (step.after.length === 0) {
    return fromAgencyCode === state.processingAgencyCode || fromAgencyCode === state.receivingUnitCode
      ? null
      : undefined;
  }
  const byAgency = step.after
    .map((id) => state.completedSteps[id])
    .filter((done): done is CompletedStep => done !== undefined && done.agencyCode === fromAgencyCode)
    .sort((a, b) => instantMs(b.completedAt) - instantMs(a.completedAt));
  const latest = byAgency[0];
  if (!latest) return undefined;
  return { stepId: latest.stepId, outcome: latest.excludedFromLimit ? null : latest.outcome };
}

export function receiveStep(c: ReceiveStep, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.stepId, 'stepId');
  p.text(c.agencyCode, 'agencyCode');
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'receive a step');
  const step = heldStep(state, c.stepId, c.agencyCode);
  // A repeated acknowledgement (a retried activity) changes nothing.
  if (step.receivedAt !== null) return [];
  return [{ type: 'StepReceived', data: { stepId: c.stepId, agencyCode: c.agencyCode, receivedAt: c.at } }];
}

export function completeStep(c: CompleteStep, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.stepId, 'stepId');
  p.text(c.agencyCode, 'agencyCode');
  p.instant(c.at, 'at');
  p.text(c.resultSummary, 'resultSummary');
  (c.attachments ?? []).forEach((a, i) => checkAttachment(a, `attachments[${i}]`, p));
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'complete a step');
  const routed = routedStep(state, c.stepId);
  const step = receivedHeldStep(state, c.stepId, c.agencyCode);
  requireNotAwaitingSupplement(state, c.stepId);
  return [
    {
      type: 'StepCompleted',
      data: {
        stepId: c.stepId,
        agencyCode: c.agencyCode,
        completedAt: c.at,
        deadline: step.deadline,
        // Against the step's own period (did the applicant pay within it?); for an excluded step that
        // judges nobody, and the flag says so. Absent otherwise, so other completions keep their shape.
        outcome: classifyTimeliness(c.at, step.deadline),
        ...(routed.excludedFromLimit ? { excludedFromLimit: true as const } : {}),
        resultSummary: c.resultSummary,
        attachments: (c.attachments ?? []).map((a) => ({ ...a })),
      },
    },
  ];
}

function checkAttachment(a: AttachmentMetadata, path: string, p: CommandProblems): void {
  p.text(a.id, `${path}.id`);
  p.text(a.name, `${path}.name`);
  p.text(a.mediaType, `${path}.mediaType`);
  if (!Number.isInteger(a.sizeBytes) || a.sizeBytes < 0)
    p.add(`${path}.sizeBytes`, 'RANGE', 'a whole number of bytes');
  if (!/^[0-9a-f]{64}$/.test(a.sha256)) p.add(`${path}.sha256`, 'FORMAT', '64 lowercase hexadecimal digits');
}

export function returnStep(c: ReturnStep, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.stepId, 'stepId');
  p.text(c.agencyCode, 'agencyCode');
  p.text(c.toStepId, 'toStepId');
  p.text(c.reason, 'reason');
  p.instant(c.at, 'at');
  p.instant(c.deadline, 'deadline');
  if (instantMs(c.deadline) <= instantMs(c.at))
    p.add(
      'deadline',
      'NOT_AFTER',
      'the deadline must be after the return',
      'hạn xử lý phải sau thời điểm trả lại',
    );
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'return a step');
  const routed = routedStep(state, c.stepId);
  receivedHeldStep(state, c.stepId, c.agencyCode);
  requireNotAwaitingSupplement(state, c.stepId);
  const target = state.completedSteps[c.toStepId];
  if (!routed.canReturnTo.includes(c.toStepId) || !target) {
    throw dossierError(
      'DOSSIER_RETURN_TARGET_INVALID',
      `Step ${c.stepId} may hand back only to a completed step among [${routed.canReturnTo.join(', ')}], not ${c.toStepId}`,
      `Bước ${c.stepId} chỉ được trả lại cho bước đã hoàn thành trong [${routed.canReturnTo.join(', ')}]`,
    );
  }
  const reset = [
    c.stepId,
    ...descendantsOf(routing(state), c.toStepId).filter((id) => id !== c.stepId && state.completedSteps[id]),
  ];
  return [
    {
      type: 'StepReturned',
      data: {
        stepId: c.stepId,
        fromAgencyCode: c.agencyCode,
        toStepId: c.toStepId,
        toAgencyCode: target.agencyCode,
        returnedAt: c.at,
        reason: c.reason,
        deadline: c.deadline,
        reset,
      },
    },
  ];
}

/** Steps after `stepId` in the routing, transitively, in routing order. */
function descendantsOf(routing: DossierRouting, stepId: string): string[] {
  const found = new Set<string>();
  let frontier = [stepId];
  while (frontier.length > 0) {
    const next = routing.steps
      .filter((s) => !found.has(s.id) && s.after.some((a) => frontier.includes(a)))
      .map((s) => s.id);
    next.forEach((id) => found.add(id));
    frontier = next;
  }
  return routing.steps.map((s) => s.id).filter((id) => found.has(id));
}

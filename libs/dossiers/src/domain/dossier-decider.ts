import type { ProblemDetail } from '@lien-thong/contracts';
import {
  MAX_SATISFACTION_COMMENT_LENGTH,
  type CompleteStep,
  type DossierCommand,
  type EndExcludedPhase,
  type EraseApplicantData,
  type EscalateDossier,
  type HandOffStep,
  type IssueApology,
  type MarkResultReady,
  type MarkStepOverdue,
  type RateSatisfaction,
  type RecomputeDeadlines,
  type RequestApology,
  type SendStepReminder,
  type ReceiveDossier,
  type ReceiveStep,
  type ReceiveSupplement,
  type RefuseAtIntake,
  type RequestSupplement,
  type RequestSupplementAtIntake,
  type ReturnResult,
  type ReturnStep,
  type StartExcludedPhase,
  type StopProcessing,
  type TransferDossier,
  type WithdrawDossier,
} from './dossier-commands';
import { CommandProblems, dossierError } from './dossier-errors';
import type {
  AttachmentMetadata,
  DossierEvent,
  DossierRouting,
  ReceivedDocument,
  RoutedStep,
  StepDeadline,
  SupplementItem,
} from './dossier-events';
import {
  DEFAULT_MAX_REAPPOINTMENTS,
  INTAKE_CHANNELS,
  RESULT_CHANNELS,
  RULE_SET_VERSIONS,
  type ProcedureSnapshot,
  type Timeliness,
} from './dossier-snapshot';
import {
  CLOSED_STATUSES,
  evolveDossier,
  initialDossierState,
  isClockPaused,
  type ActiveStep,
  type CompletedStep,
  type DossierState,
  type DossierStatus,
} from './dossier-state';
import { classifyTimeliness, instantMs } from './timeliness';

/**
 * The rules of the dossier lifecycle (domain.md), as a pure function: no clock, no calendar, no I/O.
 * Throws a DomainError (codes in dossier-errors.ts) when a rule refuses the command; returns the
 * events to append otherwise. An empty list means the command was already applied (idempotent
 * acknowledgements, repeated overdue detection): nothing to write.
 */
export function decideDossier(command: DossierCommand, state: DossierState): DossierEvent[] {
  switch (command.type) {
    case 'ReceiveDossier':
      return receiveDossier(command, state);
    case 'RequestSupplementAtIntake':
      return requestSupplementAtIntake(command, state);
    case 'RefuseAtIntake':
      return refuseAtIntake(command, state);
    case 'TransferDossier':
      return transfer(command, state);
    case 'HandOffStep':
      return handOff(command, state);
    case 'ReceiveStep':
      return receiveStep(command, state);
    case 'CompleteStep':
      return completeStep(command, state);
    case 'ReturnStep':
      return returnStep(command, state);
    case 'RequestSupplement':
      return requestSupplement(command, state);
    case 'ReceiveSupplement':
      return receiveSupplement(command, state);
    case 'StartExcludedPhase':
      return startExcludedPhase(command, state);
    case 'EndExcludedPhase':
      return endExcludedPhase(command, state);
    case 'MarkStepOverdue':
      return markStepOverdue(command, state);
    case 'SendStepReminder':
      return sendStepReminder(command, state);
    case 'RequestApology':
      return requestApology(command, state);
    case 'RecomputeDeadlines':
      return recomputeDeadlines(command, state);
    case 'IssueApology':
      return issueApology(command, state);
    case 'EscalateDossier':
      return escalate(command, state);
    case 'StopProcessing':
      return stopProcessing(command, state);
    case 'WithdrawDossier':
      return withdraw(command, state);
    case 'MarkResultReady':
      return markResultReady(command, state);
    case 'ReturnResult':
      return returnResult(command, state);
    case 'RateSatisfaction':
      return rateSatisfaction(command, state);
    case 'EraseApplicantData':
      return eraseApplicantData(command, state);
  }
}

/** Shaped like the event store's `Decider`, so `handleCommand(store, stream, dossierDecider, ...)` works. */
export const dossierDecider = {
  initialState: initialDossierState,
  decide: decideDossier,
  evolve: evolveDossier,
};

// ---- intake ------------------------------------------------------------------------------------

function receiveDossier(c: ReceiveDossier, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.dossierCode, 'dossierCode');
  p.text(c.intakeRef, 'intakeRef');
  p.text(c.applicantRef, 'applicantRef');
  p.text(c.receivingUnitCode, 'receivingUnitCode');
  p.text(c.receivingOfficer, 'receivingOfficer');
  p.instant(c.receivedAt, 'receivedAt');
  p.instant(c.appointmentAt, 'appointmentAt');
  if (!INTAKE_CHANNELS.includes(c.channel))
    p.add('channel', 'UNKNOWN', `unknown channel ${String(c.channel)}`);
  if (c.channel === 'other') p.text(c.channelNote, 'channelNote');
  c.documents.forEach((d, i) => {
    p.text(d.code, `documents[${i}].code`);
    if (!Number.isInteger(d.copies) || d.copies < 1)
      p.add(`documents[${i}].copies`, 'COPIES', 'copies must be a whole number of at least 1');
  });
  if (instantMs(c.appointmentAt) <= instantMs(c.receivedAt))
    p.add('appointmentAt', 'NOT_AFTER_RECEIPT', 'the appointment must be after the receipt');
  checkProcedureSnapshot(c.procedure, p);
  p.throwIfAny();
  requireNoIntakeYet(state);

  if (!c.procedure.allowedChannels.includes(c.channel)) {
    throw dossierError(
      'DOSSIER_CHANNEL_NOT_ALLOWED',
      `Procedure ${c.procedure.code} does not accept dossiers by ${c.channel}`,
      `Thủ tục ${c.procedure.code} không tiếp nhận hồ sơ qua kênh ${c.channel}`,
      [
        {
          path: 'channel',
          code: 'CHANNEL_NOT_ALLOWED',
          message: `allowed: ${c.procedure.allowedChannels.join(', ')}`,
        },
      ],
    );
  }
  const missing = missingDocuments(c);
  if (missing.length > 0) {
    throw dossierError(
      'DOSSIER_DOCUMENTS_INCOMPLETE',
      `The dossier lacks ${missing.length} required document(s): request a supplement (form 02) instead`,
      `Hồ sơ thiếu ${missing.length} thành phần: hãy lập phiếu yêu cầu bổ sung (mẫu 02)`,
      missing,
    );
  }
  const required = new Map(c.procedure.requiredDocuments.map((d) => [d.code, d]));
  const documents: ReceivedDocument[] = c.documents.map((d) => ({
    code: d.code,
    name: d.name ?? required.get(d.code)?.name ?? null,
    copies: d.copies,
    original: d.original ?? required.get(d.code)?.original ?? false,
  }));
  return [
    {
      type: 'DossierReceived',
      data: {
        dossierCode: c.dossierCode,
        intakeRef: c.intakeRef,
        procedure: {
          code: c.procedure.code,
          version: c.procedure.version,
          bundleOf: [...(c.procedure.bundleOf ?? [])],
        },
        ruleSet: c.procedure.ruleSet,
        channel: c.channel,
        channelNote: c.channelNote ?? null,
        applicantRef: c.applicantRef,
        documents,
        receivedAt: c.receivedAt,
        appointmentAt: c.appointmentAt,
        receivingUnitCode: c.receivingUnitCode,
        receivingOfficer: c.receivingOfficer,
        collectAtUnitCode: c.collectAtUnitCode ?? c.receivingUnitCode,
        routing: routingFromSnapshot(c.procedure),
        ...(c.lookupKey !== undefined ? { lookupKey: c.lookupKey } : {}),
      },
    },
  ];
}

function checkProcedureSnapshot(s: ProcedureSnapshot, p: CommandProblems): void {
  p.text(s.code, 'procedure.code');
  if (!Number.isInteger(s.version) || s.version < 1)
    p.add('procedure.version', 'VERSION', 'the version is a whole number from 1');
  if (!RULE_SET_VERSIONS.includes(s.ruleSet))
    p.add('procedure.ruleSet', 'UNKNOWN', `unknown rule set ${String(s.ruleSet)}`);
  if (s.supplementPolicy !== 'pause' && s.supplementPolicy !== 'restart')
    p.add('procedure.supplementPolicy', 'UNKNOWN', 'the supplement policy is pause or restart');
  const max = s.maxReappointments ?? DEFAULT_MAX_REAPPOINTMENTS;
  if (!Number.isInteger(max) || max < 0)
    p.add('procedure.maxReappointments', 'RANGE', 'a whole number of at least 0');
  const ids = new Set<string>();
  s.steps.forEach((step, i) => {
    p.text(step.id, `procedure.steps[${i}].id`);
    if (ids.has(step.id)) p.add(`procedure.steps[${i}].id`, 'DUPLICATE', `step ${step.id} appears twice`);
    ids.add(step.id);
  });
  s.steps.forEach((step, i) => {
    for (const ref of step.after)
      if (!ids.has(ref)) p.add(`procedure.steps[${i}].after`, 'UNKNOWN_STEP', `no step ${ref}`);
    for (const ref of step.canReturnTo ?? [])
      if (!ids.has(ref)) p.add(`procedure.steps[${i}].canReturnTo`, 'UNKNOWN_STEP', `no step ${ref}`);
  });
}

function missingDocuments(c: ReceiveDossier): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  for (const required of c.procedure.requiredDocuments) {
    const given = c.documents.find((d) => d.code === required.code);
    const path = `documents[${required.code}]`;
    if (!given) problems.push({ path, code: 'DOCUMENT_MISSING', message: `${required.code} is missing` });
    else if (given.copies < required.copies)
      problems.push({
        path,
        code: 'COPIES_MISSING',
        message: `${required.code}: ${required.copies} copies required, ${given.copies} received`,
      });
    else if (required.original === true && given.original === false)
      problems.push({ path, code: 'ORIGINAL_REQUIRED', message: `${required.code} must be an original` });
  }
  return problems;
}

function routingFromSnapshot(s: ProcedureSnapshot): DossierRouting {
  return {
    supplementPolicy: s.supplementPolicy,
    maxReappointments: s.maxReappointments ?? DEFAULT_MAX_REAPPOINTMENTS,
    steps: s.steps.map((step): RoutedStep => ({
      id: step.id,
      ownerAgencyCode: step.ownerAgencyCode ?? null,
      after: [...step.after],
      canReturnTo: [...(step.canReturnTo ?? [])],
      excludedFromLimit: step.excludedFromLimit ?? false,
    })),
  };
}

function checkIntakeOutcome(c: RequestSupplementAtIntake | RefuseAtIntake, p: CommandProblems): void {
  p.text(c.intakeRef, 'intakeRef');
  p.text(c.procedure.code, 'procedure.code');
  p.text(c.applicantRef, 'applicantRef');
  p.text(c.receivingUnitCode, 'receivingUnitCode');
  p.text(c.officer, 'officer');
  p.instant(c.at, 'at');
  if (!INTAKE_CHANNELS.includes(c.channel))
    p.add('channel', 'UNKNOWN', `unknown channel ${String(c.channel)}`);
}

function requestSupplementAtIntake(c: RequestSupplementAtIntake, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  checkIntakeOutcome(c, p);
  checkItems(c.items, p);
  p.text(c.reason, 'reason');
  p.throwIfAny();
  requireNoIntakeYet(state);
  return [
    {
      type: 'DossierSupplementRequestedAtIntake',
      data: {
        intakeRef: c.intakeRef,
        procedure: { code: c.procedure.code, version: c.procedure.version ?? null },
        channel: c.channel,
        applicantRef: c.applicantRef,
        receivingUnitCode: c.receivingUnitCode,
        officer: c.officer,
        requestedAt: c.at,
        items: c.items.map(copyItem),
        reason: c.reason,
      },
    },
  ];
}

function refuseAtIntake(c: RefuseAtIntake, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  checkIntakeOutcome(c, p);
  if (c.reasons.length === 0) p.add('reasons', 'REQUIRED', 'a refusal states its reasons in writing');
  c.reasons.forEach((r, i) => p.text(r, `reasons[${i}]`));
  p.throwIfAny();
  requireNoIntakeYet(state);
  return [
    {
      type: 'DossierRefusedAtIntake',
      data: {
        intakeRef: c.intakeRef,
        procedure: { code: c.procedure.code, version: c.procedure.version ?? null },
        channel: c.channel,
        applicantRef: c.applicantRef,
        receivingUnitCode: c.receivingUnitCode,
        officer: c.officer,
        refusedAt: c.at,
        reasons: [...c.reasons],
      },
    },
  ];
}

function requireNoIntakeYet(state: DossierState): void {
  if (state.status !== 'new') {
    throw dossierError(
      'DOSSIER_INTAKE_ALREADY_DECIDED',
      `The intake was already decided (${state.status}): it ends exactly once`,
      `Hồ sơ đã có kết quả tiếp nhận (${state.status}): chỉ có một kết quả tiếp nhận`,
    );
  }
}

function checkItems(items: readonly SupplementItem[], p: CommandProblems): void {
  if (items.length === 0) p.add('items', 'REQUIRED', 'list what to add or correct, once and completely');
  items.forEach((item, i) => {
    p.text(item.description, `items[${i}].description`);
    if (item.action !== 'add' && item.action !== 'correct')
      p.add(`items[${i}].action`, 'UNKNOWN', 'the action is add or correct');
  });
}

function copyItem(item: SupplementItem): SupplementItem {
  return { documentCode: item.documentCode ?? null, action: item.action, description: item.description };
}

// ---- transfer and steps ------------------------------------------------------------------------

function transfer(c: TransferDossier, state: DossierState): DossierEvent[] {
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

function handOff(c: HandOffStep, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.stepId, 'stepId');
  p.text(c.fromAgencyCode, 'fromAgencyCode');
  p.text(c.toAgencyCode, 'toAgencyCode');
  p.instant(c.at, 'at');
  p.instant(c.deadline, 'deadline');
  if (instantMs(c.deadline) <= instantMs(c.at))
    p.add('deadline', 'NOT_AFTER', 'the deadline must be after the handoff');
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

function receiveStep(c: ReceiveStep, state: DossierState): DossierEvent[] {
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

function completeStep(c: CompleteStep, state: DossierState): DossierEvent[] {
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

function returnStep(c: ReturnStep, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.stepId, 'stepId');
  p.text(c.agencyCode, 'agencyCode');
  p.text(c.toStepId, 'toStepId');
  p.text(c.reason, 'reason');
  p.instant(c.at, 'at');
  p.instant(c.deadline, 'deadline');
  if (instantMs(c.deadline) <= instantMs(c.at))
    p.add('deadline', 'NOT_AFTER', 'the deadline must be after the return');
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

// ---- supplements and excluded phases -----------------------------------------------------------

function requestSupplement(c: RequestSupplement, state: DossierState): DossierEvent[] {
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
      `A supplement may be requested only until ${c.windowEndsAt} (3 working days after receiving the dossier)`,
      `Chỉ được yêu cầu bổ sung đến ${c.windowEndsAt} (trong 3 ngày làm việc kể từ khi nhận hồ sơ)`,
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

function receiveSupplement(c: ReceiveSupplement, state: DossierState): DossierEvent[] {
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

function startExcludedPhase(c: StartExcludedPhase, state: DossierState): DossierEvent[] {
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

function endExcludedPhase(c: EndExcludedPhase, state: DossierState): DossierEvent[] {
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

// ---- late handling -----------------------------------------------------------------------------

function markStepOverdue(c: MarkStepOverdue, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.stepId, 'stepId');
  p.instant(c.detectedAt, 'detectedAt');
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'mark a step overdue');
  const routed = routedStep(state, c.stepId);
  const step = activeStep(state, c.stepId);
  // Its time is the applicant's (e.g. paying land tax): no agency answers for it, even when its own
  // period passes on a running clock (the desk ended its excluded phase by hand).
  if (routed.excludedFromLimit) {
    throw dossierError(
      'DOSSIER_STEP_EXCLUDED_FROM_LIMIT',
      `Step ${c.stepId} does not count towards the time limit: it is never overdue`,
      `Bước ${c.stepId} không tính vào thời hạn giải quyết: không bị coi là quá hạn`,
    );
  }
  if (isClockPaused(state)) {
    throw dossierError(
      'DOSSIER_CLOCK_PAUSED',
      'The clock is paused (supplement or excluded phase): deadlines move when it resumes',
      'Thời hạn đang tạm dừng (chờ bổ sung hoặc giai đoạn không tính thời gian)',
    );
  }
  if (instantMs(c.detectedAt) <= instantMs(step.deadline)) {
    throw dossierError(
      'DOSSIER_STEP_NOT_YET_OVERDUE',
      `Step ${c.stepId} is due at ${step.deadline}; it is not overdue at ${c.detectedAt}`,
      `Bước ${c.stepId} có hạn ${step.deadline}; chưa quá hạn`,
    );
  }
  // The workflow's timer may fire twice: one record per deadline.
  if (step.overdueDetectedAt !== null) return [];
  return [
    {
      type: 'StepOverdue',
      data: {
        stepId: c.stepId,
        responsibleAgencyCode: step.holderAgencyCode,
        deadline: step.deadline,
        detectedAt: c.detectedAt,
      },
    },
  ];
}

function sendStepReminder(c: SendStepReminder, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.stepId, 'stepId');
  p.instant(c.deadline, 'deadline');
  p.instant(c.at, 'at');
  if (!(typeof c.budgetShare === 'number' && c.budgetShare > 0 && c.budgetShare < 1))
    p.add('budgetShare', 'RANGE', 'budgetShare must be a share between 0 and 1');
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'remind the holder of a step');
  routedStep(state, c.stepId);
  const step = activeStep(state, c.stepId);
  if (step.deadline !== c.deadline) {
    throw dossierError(
      'DOSSIER_STEP_DEADLINE_MOVED',
      `Step ${c.stepId} is now due at ${step.deadline}, not ${c.deadline}: remind of the current deadline`,
      `Hạn của bước ${c.stepId} đã đổi thành ${step.deadline}`,
    );
  }
  if (step.overdueDetectedAt !== null) {
    throw dossierError(
      'DOSSIER_STEP_ALREADY_OVERDUE',
      `Step ${c.stepId} is already overdue: a reminder comes before the deadline`,
      `Bước ${c.stepId} đã quá hạn; không nhắc hạn nữa`,
    );
  }
  // One reminder per deadline (a retried coordinator round finds it recorded).
  if (step.remindedAt !== null) return [];
  return [
    {
      type: 'StepReminderSent',
      data: {
        stepId: c.stepId,
        agencyCode: step.holderAgencyCode,
        deadline: step.deadline,
        budgetShare: c.budgetShare,
        remindedAt: c.at,
      },
    },
  ];
}

function requestApology(c: RequestApology, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  if (c.agencyCodes.length === 0)
    p.add('agencyCodes', 'REQUIRED', 'name at least one agency responsible for the delay');
  c.agencyCodes.forEach((code, i) => p.text(code, `agencyCodes[${i}]`));
  p.instant(c.at, 'at');
  p.instant(c.respondBy, 'respondBy');
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'request an apology');
  const { dueAt, appointmentAt } = dueDates(state);
  const max = routing(state).maxReappointments;
  if (state.reappointments >= max) {
    throw dossierError(
      'DOSSIER_REAPPOINTMENT_LIMIT_REACHED',
      `The appointment may be re-set only ${max} time(s); escalate the dossier instead`,
      `Chỉ được hẹn lại ${max} lần; hãy báo cáo cấp trên`,
    );
  }
  const involved = new Set([
    ...Object.values(state.activeSteps).map((s) => s.holderAgencyCode),
    ...state.overdue.map((o) => o.agencyCode),
    ...(state.processingAgencyCode === null ? [] : [state.processingAgencyCode]),
  ]);
  const strangers = c.agencyCodes.filter((code) => !involved.has(code));
  if (strangers.length > 0) {
    throw dossierError(
      'DOSSIER_APOLOGY_AGENCY_NOT_RESPONSIBLE',
      `${strangers.join(', ')} neither hold a step of this dossier nor let one run late`,
      `${strangers.join(', ')} không giữ bước nào của hồ sơ và không làm trễ hạn`,
    );
  }
  // One request per due date: a moved due date (pause, excluded phase, calendar) may need another.
  if (state.apologyRequests.some((r) => r.dueAt === dueAt)) return [];
  const overdueAgencies = new Set(state.overdue.map((o) => o.agencyCode));
  return [
    {
      type: 'ApologyRequested',
      data: {
        agencyCodes: [...new Set(c.agencyCodes)],
        reason: c.agencyCodes.some((code) => overdueAgencies.has(code))
          ? 'step-overdue'
          : 'due-date-approaching',
        dueAt,
        appointmentAt,
        respondBy: c.respondBy,
        requestedAt: c.at,
      },
    },
  ];
}

function recomputeDeadlines(c: RecomputeDeadlines, state: DossierState): DossierEvent[] {
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

function issueApology(c: IssueApology, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.agencyCode, 'agencyCode');
  p.text(c.reason, 'reason');
  p.text(c.signedBy, 'signedBy');
  p.instant(c.newAppointmentAt, 'newAppointmentAt');
  p.instant(c.at, 'at');
  p.instant(c.noticeDueBy, 'noticeDueBy');
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'issue an apology');
  const holds = Object.values(state.activeSteps).some((s) => s.holderAgencyCode === c.agencyCode);
  const caused = state.overdue.some((o) => o.agencyCode === c.agencyCode);
  if (!holds && !caused) {
    throw dossierError(
      'DOSSIER_APOLOGY_AGENCY_NOT_RESPONSIBLE',
      `${c.agencyCode} neither holds a step nor let one run late: the agency that causes the delay apologises`,
      `${c.agencyCode} không giữ bước nào và không làm trễ hạn: cơ quan gây chậm trễ phải xin lỗi`,
    );
  }
  const max = routing(state).maxReappointments;
  if (state.reappointments >= max) {
    throw dossierError(
      'DOSSIER_REAPPOINTMENT_LIMIT_REACHED',
      `The appointment may be re-set only ${max} time(s); escalate the dossier instead`,
      `Chỉ được hẹn lại ${max} lần; hãy báo cáo cấp trên`,
    );
  }
  const { dueAt, appointmentAt: current } = dueDates(state);
  if (instantMs(c.newAppointmentAt) <= instantMs(current)) {
    throw dossierError(
      'DOSSIER_APPOINTMENT_NOT_LATER',
      `The new appointment ${c.newAppointmentAt} must be after the current one ${current}`,
      `Ngày hẹn mới phải sau ngày hẹn hiện tại ${current}`,
    );
  }
  return [
    {
      type: 'ApologyIssued',
      data: {
        responsibleAgencyCode: c.agencyCode,
        reason: c.reason,
        originalDueAt: dueAt,
        previousAppointmentAt: current,
        newAppointmentAt: c.newAppointmentAt,
        issuedAt: c.at,
        signedBy: c.signedBy,
        noticeDueBy: c.noticeDueBy,
        withinNoticePeriod: instantMs(c.at) <= instantMs(c.noticeDueBy),
        reappointment: state.reappointments + 1,
      },
    },
  ];
}

function escalate(c: EscalateDossier, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  if (c.to !== 'head' && c.to !== 'supervising-agency')
    p.add('to', 'UNKNOWN', 'escalate to head or supervising-agency');
  if (c.to === 'supervising-agency') p.text(c.toAgencyCode, 'toAgencyCode');
  p.text(c.reason, 'reason');
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireStatus(state, ['accepted', 'in-processing'], 'escalate the dossier');
  return [
    {
      type: 'DossierEscalated',
      data: { to: c.to, toAgencyCode: c.toAgencyCode ?? null, reason: c.reason, escalatedAt: c.at },
    },
  ];
}

// ---- stop, withdrawal, result ------------------------------------------------------------------

function stopProcessing(c: StopProcessing, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.reason, 'reason');
  p.instant(c.at, 'at');
  if (c.requester.kind === 'agency') {
    p.text(c.requester.agencyCode, 'requester.agencyCode');
    p.text(c.legalGround, 'legalGround');
  } else if (c.requester.kind !== 'applicant') {
    p.add('requester.kind', 'UNKNOWN', 'the requester is the applicant or an agency');
  }
  p.throwIfAny();
  requireStatus(state, ['accepted', 'in-processing'], 'stop the processing');
  return [
    {
      type: 'ProcessingStopped',
      data: {
        reason: c.reason,
        requester: c.requester.kind,
        requestingAgencyCode: c.requester.kind === 'agency' ? c.requester.agencyCode : null,
        legalGround: c.legalGround ?? null,
        stoppedAt: c.at,
      },
    },
  ];
}

function withdraw(c: WithdrawDossier, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireStatus(state, ['accepted', 'in-processing'], 'withdraw the dossier');
  return [{ type: 'DossierWithdrawn', data: { reason: c.reason?.trim() || null, withdrawnAt: c.at } }];
}

function markResultReady(c: MarkResultReady, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.deskUnitCode, 'deskUnitCode');
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'mark the result ready');
  if (state.openExcludedPhase) {
    throw dossierError(
      'DOSSIER_EXCLUDED_PHASE_OPEN',
      `Excluded phase ${state.openExcludedPhase.phaseId} has not ended`,
      `Giai đoạn không tính thời gian ${state.openExcludedPhase.phaseId} chưa kết thúc`,
    );
  }
  const unfinished = routing(state)
    .steps.map((s) => s.id)
    .filter((id) => !state.completedSteps[id]);
  if (unfinished.length > 0) {
    throw dossierError(
      'DOSSIER_STEPS_UNFINISHED',
      `Steps not completed: ${unfinished.join(', ')}`,
      `Các bước chưa hoàn thành: ${unfinished.join(', ')}`,
    );
  }
  const { dueAt, appointmentAt } = dueDates(state);
  return [
    {
      type: 'ResultReady',
      data: {
        readyAt: c.at,
        deskUnitCode: c.deskUnitCode,
        dueAt,
        appointmentAt,
        outcome: classifyTimeliness(c.at, dueAt),
        outcomeAgainstAppointment: classifyTimeliness(c.at, appointmentAt),
      },
    },
  ];
}

function returnResult(c: ReturnResult, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  if (!RESULT_CHANNELS.includes(c.channel)) p.add('channel', 'UNKNOWN', 'counter, post or online');
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireStatus(state, ['result-ready'], 'return the result');
  return [{ type: 'ResultReturned', data: { channel: c.channel, returnedAt: c.at } }];
}

// ---- after closing -----------------------------------------------------------------------------

function rateSatisfaction(c: RateSatisfaction, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  if (!Number.isInteger(c.score) || c.score < 1 || c.score > 5)
    p.add('score', 'RANGE', 'a whole number from 1 to 5');
  if (c.comment !== undefined && c.comment.length > MAX_SATISFACTION_COMMENT_LENGTH)
    p.add('comment', 'TOO_LONG', `at most ${MAX_SATISFACTION_COMMENT_LENGTH} characters`);
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireClosed(state, 'rate the service');
  if (state.satisfactionScore !== null) {
    throw dossierError(
      'DOSSIER_ALREADY_RATED',
      'The service was already rated',
      'Đã đánh giá mức độ hài lòng',
    );
  }
  return [
    {
      type: 'SatisfactionRated',
      data: {
        score: c.score as 1 | 2 | 3 | 4 | 5,
        comment: c.comment?.trim() || null,
        ratedAt: c.at,
      },
    },
  ];
}

function eraseApplicantData(c: EraseApplicantData, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.reason, 'reason');
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireClosed(state, 'erase the applicant data');
  if (state.applicantDataErased) {
    throw dossierError(
      'DOSSIER_APPLICANT_DATA_ALREADY_ERASED',
      "The applicant's personal data was already erased",
      'Dữ liệu cá nhân của người nộp đã được xóa',
    );
  }
  return [{ type: 'ApplicantDataErased', data: { erasedAt: c.at, reason: c.reason } }];
}

// ---- guards ------------------------------------------------------------------------------------

function requireStatus(state: DossierState, allowed: readonly DossierStatus[], action: string): void {
  if (allowed.includes(state.status)) return;
  switch (state.status) {
    case 'new':
      throw dossierError('DOSSIER_NOT_FOUND', 'No such dossier', 'Không tìm thấy hồ sơ');
    case 'intake-supplement-requested':
    case 'intake-refused':
      throw dossierError(
        'DOSSIER_NOT_ACCEPTED',
        `Cannot ${action}: the intake ended without accepting the dossier (${state.status})`,
        `Hồ sơ không được tiếp nhận (${state.status})`,
      );
    case 'returned':
    case 'stopped':
    case 'withdrawn':
      throw dossierError(
        'DOSSIER_CLOSED',
        `Cannot ${action}: the dossier is ${state.status}`,
        `Hồ sơ đã kết thúc (${state.status}): không thể thao tác`,
      );
    case 'result-ready':
      throw dossierError(
        'DOSSIER_RESULT_ALREADY_READY',
        `Cannot ${action}: the result is already at the desk`,
        'Kết quả đã có tại bộ phận một cửa',
      );
    case 'accepted':
    case 'in-processing':
      throw dossierError(
        'DOSSIER_WRONG_STATUS',
        `Cannot ${action} while the dossier is ${state.status}`,
        `Không thể thao tác khi hồ sơ ở trạng thái ${state.status}`,
      );
  }
}

function requireClosed(state: DossierState, action: string): void {
  if (CLOSED_STATUSES.includes(state.status)) return;
  if (state.status === 'new')
    throw dossierError('DOSSIER_NOT_FOUND', 'No such dossier', 'Không tìm thấy hồ sơ');
  throw dossierError(
    'DOSSIER_STILL_OPEN',
    `Cannot ${action} before the dossier is closed (it is ${state.status})`,
    `Chưa thể thao tác khi hồ sơ chưa kết thúc (${state.status})`,
  );
}

/** Set by DossierReceived: every status past intake has it. */
function routing(state: DossierState): DossierRouting {
  if (!state.routing) throw dossierError('DOSSIER_NOT_FOUND', 'No such dossier', 'Không tìm thấy hồ sơ');
  return state.routing;
}

function dueDates(state: DossierState): { dueAt: string; appointmentAt: string } {
  if (state.dueAt === null || state.appointmentAt === null)
    throw dossierError('DOSSIER_NOT_FOUND', 'No such dossier', 'Không tìm thấy hồ sơ');
  return { dueAt: state.dueAt, appointmentAt: state.appointmentAt };
}

function routedStep(state: DossierState, stepId: string): RoutedStep {
  const step = routing(state).steps.find((s) => s.id === stepId);
  if (!step) {
    throw dossierError(
      'DOSSIER_STEP_UNKNOWN',
      `The dossier's routing has no step ${stepId}`,
      `Quy trình của hồ sơ không có bước ${stepId}`,
    );
  }
  return step;
}

function activeStep(state: DossierState, stepId: string): ActiveStep {
  const step = state.activeSteps[stepId];
  if (!step) {
    throw dossierError(
      'DOSSIER_STEP_NOT_ACTIVE',
      `Step ${stepId} is not being processed`,
      `Bước ${stepId} không đang được xử lý`,
    );
  }
  return step;
}

/** Only the agency holding a step acts on it. */
function heldStep(state: DossierState, stepId: string, agencyCode: string): ActiveStep {
  routedStep(state, stepId);
  const step = activeStep(state, stepId);
  if (step.holderAgencyCode !== agencyCode) {
    throw dossierError(
      'DOSSIER_STEP_NOT_HELD',
      `${agencyCode} does not hold step ${stepId} (${step.holderAgencyCode} does)`,
      `${agencyCode} không giữ bước ${stepId} (${step.holderAgencyCode} đang giữ)`,
    );
  }
  return step;
}

/** Acting on a step needs its receipt on record: the control slip shows when each agency received it. */
function receivedHeldStep(state: DossierState, stepId: string, agencyCode: string): ActiveStep {
  const step = heldStep(state, stepId, agencyCode);
  if (step.receivedAt === null) {
    throw dossierError(
      'DOSSIER_STEP_NOT_RECEIVED',
      `${agencyCode} has not acknowledged receiving step ${stepId}`,
      `${agencyCode} chưa xác nhận tiếp nhận bước ${stepId}`,
    );
  }
  return step;
}

function requireNotAwaitingSupplement(state: DossierState, stepId: string): void {
  if (state.openSupplement?.stepId === stepId) {
    throw dossierError(
      'DOSSIER_AWAITING_SUPPLEMENT',
      `Step ${stepId} waits for the applicant's supplement`,
      `Bước ${stepId} đang chờ người nộp bổ sung hồ sơ`,
    );
  }
}

import { DomainError, type ProblemDetail } from '@lien-thong/contracts';
import type { DossierEvent, IntakeChannel, ProcedureRef, StepOutcome } from './dossier-events';

/** What the decider needs of the procedure version, mapped by the handler from the published definition. */
export interface ProcedureSnapshot extends ProcedureRef {
  readonly allowedChannels: readonly IntakeChannel[];
  readonly requiredDocuments: readonly { code: string; copies: number }[];
}

export type DossierStatus =
  | 'none'
  | 'intake-supplement'
  | 'refused'
  | 'accepted'
  | 'in-processing'
  | 'stopped'
  | 'withdrawn'
  | 'result-ready'
  | 'returned';

export interface ActiveStep {
  readonly holder: string;
  readonly handedOffAt: string;
  readonly deadline: string;
  readonly received: boolean;
  readonly overdue: boolean;
}

export interface DossierState {
  readonly status: DossierStatus;
  readonly code: string | null;
  readonly procedure: ProcedureRef | null;
  readonly appointmentAt: string | null;
  readonly originalAppointmentAt: string | null;
  readonly reappointments: number;
  readonly activeSteps: Readonly<Record<string, ActiveStep>>;
  readonly completedSteps: readonly string[];
  readonly supplementPending: { readonly stepId: string; readonly agency: string } | null;
  readonly excludedPhase: string | null;
  readonly rated: boolean;
}

export const initialDossierState: DossierState = {
  status: 'none',
  code: null,
  procedure: null,
  appointmentAt: null,
  originalAppointmentAt: null,
  reappointments: 0,
  activeSteps: {},
  completedSteps: [],
  supplementPending: null,
  excludedPhase: null,
  rated: false,
};

interface Intake {
  readonly procedure: ProcedureSnapshot;
  readonly at: string;
  readonly receivingUnit: string;
  readonly officer: string;
}

export type DossierCommand =
  | (Intake & {
      type: 'AcceptDossier';
      code: string;
      channel: IntakeChannel;
      applicantRef: string;
      documents: { code: string; copies: number }[];
      appointmentAt: string;
    })
  | (Intake & { type: 'RequestSupplementAtIntake'; items: { item: string; reason: string }[] })
  | (Intake & { type: 'RefuseAtIntake'; reasons: string[] })
  | { type: 'TransferDossier'; toAgency: string; at: string }
  | {
      type: 'HandOffStep';
      stepId: string;
      fromAgency: string;
      toAgency: string;
      at: string;
      deadline: string;
      previousStepOutcome: StepOutcome | null;
    }
  | { type: 'ReceiveStep'; stepId: string; agency: string; at: string }
  | { type: 'CompleteStep'; stepId: string; agency: string; at: string; result: string }
  | { type: 'ReturnStep'; stepId: string; agency: string; toStepId: string; reason: string; at: string }
  | {
      type: 'RequestSupplement';
      stepId: string;
      agency: string;
      items: { item: string; reason: string }[];
      at: string;
      withinWindow: boolean;
    }
  | { type: 'ReceiveSupplement'; at: string }
  | { type: 'StartExcludedPhase'; name: string; at: string }
  | { type: 'EndExcludedPhase'; at: string }
  | { type: 'MarkStepOverdue'; stepId: string; at: string }
  | {
      type: 'IssueApology';
      agency: string;
      reason: string;
      newAppointmentAt: string;
      signedBy: string;
      at: string;
    }
  | { type: 'StopProcessing'; reason: string; requestedBy: string; legalGround: string; at: string }
  | { type: 'WithdrawDossier'; reason: string; requestedBy: string; at: string }
  | { type: 'MarkResultReady'; at: string }
  | { type: 'ReturnResult'; channel: 'counter' | 'post' | 'online'; at: string }
  | { type: 'RateSatisfaction'; score: number; comment?: string; at: string };

const fail = (
  kind: DomainError['kind'],
  code: string,
  en: string,
  vi: string,
  problems?: ProblemDetail[],
): never => {
  throw new DomainError(kind, code, en, vi, problems);
};

const OPEN: readonly DossierStatus[] = ['accepted', 'in-processing'];

/** Instants travel as ISO 8601 strings; compare them as instants, never as text. */
const ms = (iso: string): number => Date.parse(iso);
const vnDay = (iso: string): string => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

/** Pure rules of the dossier lifecycle (domain.md). Times come in commands: no clock here. */
export function decideDossier(command: DossierCommand, state: DossierState): DossierEvent[] {
  switch (command.type) {
    case 'AcceptDossier':
    case 'RequestSupplementAtIntake':
    case 'RefuseAtIntake':
      return decideIntake(command, state);
    case 'TransferDossier':
      if (state.status !== 'accepted')
        fail(
          'conflict',
          'DOSSIER_NOT_ACCEPTED',
          'Only an accepted dossier not yet transferred can be transferred',
          'Chỉ hồ sơ đã tiếp nhận, chưa chuyển mới được chuyển',
        );
      return [{ type: 'DossierTransferred', data: { toAgency: command.toAgency, at: command.at } }];
    case 'HandOffStep': {
      requireOpen(state);
      if (state.activeSteps[command.stepId])
        fail(
          'conflict',
          'STEP_ALREADY_HELD',
          `Step ${command.stepId} is already held by ${state.activeSteps[command.stepId]!.holder}`,
          `Bước ${command.stepId} đang được xử lý`,
        );
      if (state.completedSteps.includes(command.stepId))
        fail(
          'conflict',
          'STEP_ALREADY_COMPLETED',
          `Step ${command.stepId} is already completed`,
          `Bước ${command.stepId} đã hoàn thành`,
        );
      return [
        {
          type: 'StepHandedOff',
          data: {
            stepId: command.stepId,
            fromAgency: command.fromAgency,
            toAgency: command.toAgency,
            at: command.at,
            deadline: command.deadline,
            previousStepOutcome: command.previousStepOutcome,
          },
        },
      ];
    }
    case 'ReceiveStep': {
      const step = requireHolder(state, command.stepId, command.agency);
      if (step.received) return [];
      return [
        { type: 'StepReceived', data: { stepId: command.stepId, agency: command.agency, at: command.at } },
      ];
    }
    case 'CompleteStep': {
      const step = requireHolder(state, command.stepId, command.agency);
      requireNotPaused(state);
      const outcome: StepOutcome = ms(command.at) <= ms(step.deadline) ? 'on-time' : 'late';
      return [
        {
          type: 'StepCompleted',
          data: {
            stepId: command.stepId,
            agency: command.agency,
            at: command.at,
            outcome,
            result: command.result,
          },
        },
      ];
    }
    case 'ReturnStep':
      requireHolder(state, command.stepId, command.agency);
      if (!state.completedSteps.includes(command.toStepId))
        fail(
          'unprocessable',
          'RETURN_TARGET_INVALID',
          `Step ${command.toStepId} is not an earlier completed step`,
          `Bước ${command.toStepId} không phải bước trước đã hoàn thành`,
        );
      if (!command.reason.trim())
        fail('validation', 'REASON_REQUIRED', 'A reason is required', 'Cần nêu lý do', [
          { path: 'reason', code: 'REQUIRED', message: 'a reason is required' },
        ]);
      return [
        {
          type: 'StepReturned',
          data: {
            stepId: command.stepId,
            agency: command.agency,
            toStepId: command.toStepId,
            reason: command.reason,
            at: command.at,
          },
        },
      ];
    case 'RequestSupplement':
      requireHolder(state, command.stepId, command.agency);
      if (state.supplementPending)
        fail(
          'conflict',
          'SUPPLEMENT_PENDING',
          'A supplement request is already pending',
          'Đang chờ bổ sung hồ sơ',
        );
      if (!command.withinWindow)
        fail(
          'unprocessable',
          'SUPPLEMENT_WINDOW_PASSED',
          'A supplement may be requested only within 3 working days of receiving the dossier',
          'Chỉ được yêu cầu bổ sung trong 3 ngày làm việc kể từ khi nhận hồ sơ',
        );
      if (command.items.length === 0)
        fail(
          'validation',
          'SUPPLEMENT_ITEMS_REQUIRED',
          'List what is missing, once and completely',
          'Cần liệt kê đầy đủ nội dung cần bổ sung',
          [{ path: 'items', code: 'REQUIRED', message: 'at least one item' }],
        );
      return [
        {
          type: 'SupplementRequested',
          data: { stepId: command.stepId, agency: command.agency, items: command.items, at: command.at },
        },
      ];
    case 'ReceiveSupplement':
      requireOpen(state);
      if (!state.supplementPending)
        fail('conflict', 'NO_SUPPLEMENT_PENDING', 'No supplement was requested', 'Không có yêu cầu bổ sung');
      return [
        {
          type: 'SupplementReceived',
          data: {
            at: command.at,
            clock: state.procedure?.supplementPolicy === 'restart' ? 'restarted' : 'resumed',
          },
        },
      ];
    case 'StartExcludedPhase':
      requireOpen(state);
      if (state.excludedPhase)
        fail(
          'conflict',
          'EXCLUDED_PHASE_RUNNING',
          `Excluded phase ${state.excludedPhase} is already running`,
          'Đang trong giai đoạn không tính thời gian',
        );
      return [{ type: 'ExcludedPhaseStarted', data: { name: command.name, at: command.at } }];
    case 'EndExcludedPhase':
      requireOpen(state);
      if (!state.excludedPhase)
        fail(
          'conflict',
          'NO_EXCLUDED_PHASE',
          'No excluded phase is running',
          'Không có giai đoạn không tính thời gian',
        );
      return [{ type: 'ExcludedPhaseEnded', data: { name: state.excludedPhase!, at: command.at } }];
    case 'MarkStepOverdue': {
      requireOpen(state);
      const step = state.activeSteps[command.stepId];
      if (!step)
        fail(
          'conflict',
          'STEP_NOT_ACTIVE',
          `Step ${command.stepId} is not being processed`,
          `Bước ${command.stepId} không đang xử lý`,
        );
      if (step!.overdue) return [];
      return [
        {
          type: 'StepOverdue',
          data: {
            stepId: command.stepId,
            responsibleAgency: step!.holder,
            deadline: step!.deadline,
            detectedAt: command.at,
          },
        },
      ];
    }
    case 'IssueApology': {
      requireOpen(state);
      const max = state.procedure?.maxReappointments ?? 1;
      if (state.reappointments >= max)
        fail(
          'conflict',
          'REAPPOINTMENT_LIMIT',
          `The appointment may be re-set only ${max} time(s)`,
          `Chỉ được hẹn lại ${max} lần`,
        );
      if (!state.appointmentAt || ms(command.newAppointmentAt) <= ms(state.appointmentAt))
        fail(
          'validation',
          'NEW_APPOINTMENT_NOT_LATER',
          'The new appointment must be after the current one',
          'Ngày hẹn mới phải sau ngày hẹn hiện tại',
          [{ path: 'newAppointmentAt', code: 'NOT_LATER', message: 'must be after the current appointment' }],
        );
      return [
        {
          type: 'ApologyIssued',
          data: {
            agency: command.agency,
            reason: command.reason,
            originalAppointmentAt: state.originalAppointmentAt!,
            newAppointmentAt: command.newAppointmentAt,
            signedBy: command.signedBy,
            at: command.at,
          },
        },
      ];
    }
    case 'StopProcessing':
      requireOpen(state);
      return [
        {
          type: 'ProcessingStopped',
          data: {
            reason: command.reason,
            requestedBy: command.requestedBy,
            legalGround: command.legalGround,
            at: command.at,
          },
        },
      ];
    case 'WithdrawDossier':
      requireOpen(state);
      return [
        {
          type: 'DossierWithdrawn',
          data: { reason: command.reason, requestedBy: command.requestedBy, at: command.at },
        },
      ];
    case 'MarkResultReady': {
      requireOpen(state);
      if (Object.keys(state.activeSteps).length > 0)
        fail(
          'conflict',
          'STEPS_PENDING',
          `Steps still in progress: ${Object.keys(state.activeSteps).join(', ')}`,
          'Còn bước đang xử lý',
        );
      const due = state.appointmentAt!;
      // Early: ready before the appointment's local (UTC+7) day, so the applicant can be told.
      const timing: StepOutcome =
        ms(command.at) > ms(due) ? 'late' : vnDay(command.at) < vnDay(due) ? 'early' : 'on-time';
      return [{ type: 'ResultReady', data: { at: command.at, timing } }];
    }
    case 'ReturnResult':
      if (state.status !== 'result-ready')
        fail('conflict', 'RESULT_NOT_READY', 'The result is not ready to return', 'Chưa có kết quả để trả');
      return [{ type: 'ResultReturned', data: { channel: command.channel, at: command.at } }];
    case 'RateSatisfaction':
      if (state.status !== 'returned')
        fail(
          'conflict',
          'NOT_RETURNED',
          'The service can be rated once the result is returned',
          'Chỉ đánh giá sau khi nhận kết quả',
        );
      if (state.rated) fail('conflict', 'ALREADY_RATED', 'The service was already rated', 'Đã đánh giá');
      if (!Number.isInteger(command.score) || command.score < 1 || command.score > 5)
        fail('validation', 'SCORE', 'The score is 1 to 5', 'Điểm từ 1 đến 5', [
          { path: 'score', code: 'RANGE', message: 'a whole number from 1 to 5' },
        ]);
      return [
        {
          type: 'SatisfactionRated',
          data: {
            score: command.score,
            ...(command.comment ? { comment: command.comment } : {}),
            at: command.at,
          },
        },
      ];
  }
}

function decideIntake(
  command: Extract<DossierCommand, { procedure: ProcedureSnapshot }>,
  state: DossierState,
): DossierEvent[] {
  if (state.status !== 'none')
    fail(
      'conflict',
      'INTAKE_DONE',
      'The intake of this dossier is already decided',
      'Hồ sơ đã có kết quả tiếp nhận',
    );
  const { procedure, at, receivingUnit, officer } = command;
  const ref: ProcedureRef = {
    code: procedure.code,
    version: procedure.version,
    ruleSet: procedure.ruleSet,
    supplementPolicy: procedure.supplementPolicy,
    maxReappointments: procedure.maxReappointments,
  };
  switch (command.type) {
    case 'AcceptDossier': {
      const problems: ProblemDetail[] = [];
      if (!procedure.allowedChannels.includes(command.channel))
        problems.push({
          path: 'channel',
          code: 'CHANNEL_NOT_ALLOWED',
          message: `procedure ${procedure.code} does not accept dossiers by ${command.channel}`,
        });
      for (const required of procedure.requiredDocuments) {
        const given = command.documents.find((d) => d.code === required.code);
        if (!given)
          problems.push({
            path: 'documents',
            code: 'DOCUMENT_MISSING',
            message: `missing required document ${required.code}`,
          });
        else if (given.copies < required.copies)
          problems.push({
            path: 'documents',
            code: 'COPIES_MISSING',
            message: `${required.code}: ${required.copies} copies required, ${given.copies} given`,
          });
      }
      if (!(ms(command.appointmentAt) > ms(at)))
        problems.push({
          path: 'appointmentAt',
          code: 'APPOINTMENT',
          message: 'the appointment must be after the receipt',
        });
      if (problems.length)
        fail(
          'validation',
          'DOSSIER_NOT_ACCEPTABLE',
          'The dossier cannot be accepted as it stands',
          'Hồ sơ chưa đủ điều kiện tiếp nhận',
          problems,
        );
      return [
        {
          type: 'DossierReceived',
          data: {
            code: command.code,
            procedure: ref,
            channel: command.channel,
            applicantRef: command.applicantRef,
            documents: command.documents,
            receivedAt: at,
            appointmentAt: command.appointmentAt,
            receivingUnit,
            officer,
          },
        },
      ];
    }
    case 'RequestSupplementAtIntake':
      if (command.items.length === 0)
        fail(
          'validation',
          'SUPPLEMENT_ITEMS_REQUIRED',
          'List what is missing, once and completely',
          'Cần liệt kê đầy đủ nội dung cần bổ sung',
          [{ path: 'items', code: 'REQUIRED', message: 'at least one item' }],
        );
      return [
        {
          type: 'DossierSupplementRequestedAtIntake',
          data: { procedure: ref, items: command.items, at, receivingUnit, officer },
        },
      ];
    case 'RefuseAtIntake':
      if (command.reasons.length === 0)
        fail(
          'validation',
          'REASONS_REQUIRED',
          'A refusal states its reasons in writing',
          'Từ chối phải nêu rõ lý do',
          [{ path: 'reasons', code: 'REQUIRED', message: 'at least one reason' }],
        );
      return [
        {
          type: 'DossierRefusedAtIntake',
          data: { procedure: ref, reasons: command.reasons, at, receivingUnit, officer },
        },
      ];
  }
}

function requireOpen(state: DossierState): void {
  if (!OPEN.includes(state.status)) {
    fail(
      'conflict',
      'DOSSIER_CLOSED',
      `Nothing more can happen to a dossier that is ${state.status}`,
      `Hồ sơ ở trạng thái ${state.status}: không thể thao tác`,
    );
  }
}

function requireHolder(state: DossierState, stepId: string, agency: string): ActiveStep {
  requireOpen(state);
  const step = state.activeSteps[stepId];
  if (!step)
    return fail(
      'conflict',
      'STEP_NOT_ACTIVE',
      `Step ${stepId} is not being processed`,
      `Bước ${stepId} không đang xử lý`,
    );
  if (step.holder !== agency)
    return fail(
      'forbidden',
      'STEP_NOT_HELD',
      `Agency ${agency} does not hold step ${stepId}`,
      `Cơ quan ${agency} không giữ bước ${stepId}`,
    );
  return step;
}

function requireNotPaused(state: DossierState): void {
  if (state.supplementPending)
    fail('conflict', 'SUPPLEMENT_PENDING', 'The dossier waits for a supplement', 'Hồ sơ đang chờ bổ sung');
}

export function evolveDossier(state: DossierState, event: DossierEvent): DossierState {
  switch (event.type) {
    case 'DossierReceived':
      return {
        ...state,
        status: 'accepted',
        code: event.data.code,
        procedure: event.data.procedure,
        appointmentAt: event.data.appointmentAt,
        originalAppointmentAt: event.data.appointmentAt,
      };
    case 'DossierSupplementRequestedAtIntake':
      return { ...state, status: 'intake-supplement', procedure: event.data.procedure };
    case 'DossierRefusedAtIntake':
      return { ...state, status: 'refused', procedure: event.data.procedure };
    case 'DossierTransferred':
      return { ...state, status: 'in-processing' };
    case 'StepHandedOff':
      return {
        ...state,
        status: 'in-processing',
        activeSteps: {
          ...state.activeSteps,
          [event.data.stepId]: {
            holder: event.data.toAgency,
            handedOffAt: event.data.at,
            deadline: event.data.deadline,
            received: false,
            overdue: false,
          },
        },
      };
    case 'StepReceived':
      return withStep(state, event.data.stepId, (s) => ({ ...s, received: true }));
    case 'StepCompleted': {
      const { [event.data.stepId]: _done, ...rest } = state.activeSteps;
      return { ...state, activeSteps: rest, completedSteps: [...state.completedSteps, event.data.stepId] };
    }
    case 'StepReturned': {
      const { [event.data.stepId]: _returned, ...rest } = state.activeSteps;
      // The target step runs again: it is no longer completed.
      return {
        ...state,
        activeSteps: rest,
        completedSteps: state.completedSteps.filter((s) => s !== event.data.toStepId),
      };
    }
    case 'SupplementRequested':
      return { ...state, supplementPending: { stepId: event.data.stepId, agency: event.data.agency } };
    case 'SupplementReceived':
      return { ...state, supplementPending: null };
    case 'ExcludedPhaseStarted':
      return { ...state, excludedPhase: event.data.name };
    case 'ExcludedPhaseEnded':
      return { ...state, excludedPhase: null };
    case 'StepOverdue':
      return withStep(state, event.data.stepId, (s) => ({ ...s, overdue: true }));
    case 'ApologyIssued':
      return {
        ...state,
        appointmentAt: event.data.newAppointmentAt,
        reappointments: state.reappointments + 1,
      };
    case 'ProcessingStopped':
      return { ...state, status: 'stopped', activeSteps: {} };
    case 'DossierWithdrawn':
      return { ...state, status: 'withdrawn', activeSteps: {} };
    case 'ResultReady':
      return { ...state, status: 'result-ready' };
    case 'ResultReturned':
      return { ...state, status: 'returned' };
    case 'SatisfactionRated':
      return { ...state, rated: true };
  }
}

function withStep(state: DossierState, stepId: string, change: (s: ActiveStep) => ActiveStep): DossierState {
  const step = state.activeSteps[stepId];
  return step ? { ...state, activeSteps: { ...state.activeSteps, [stepId]: change(step) } } : state;
}

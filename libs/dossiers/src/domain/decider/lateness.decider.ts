// Lateness: overdue steps (quá hạn), reminders before a deadline, apology requests, apologies with a
// new appointment (form 04), escalation.
import type {
  Escalate,
  IssueApology,
  MarkStepOverdue,
  RequestApology,
  SendStepReminder,
  WarnStepLateness,
} from '../dossier-commands';
import { CommandProblems, dossierError } from '../dossier-errors';
import type { DossierEvent } from '@lien-thong/dossier-model';
import { type DossierState, isClockPaused } from '@lien-thong/dossier-model';
import { instantMs } from '@lien-thong/dossier-model';
import { activeStep, dueDates, requireStatus, routedStep, routing } from './guards';

export function markStepOverdue(c: MarkStepOverdue, state: DossierState): DossierEvent[] {
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

export function sendStepReminder(c: SendStepReminder, state: DossierState): DossierEvent[] {
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

export function warnStepLateness(c: WarnStepLateness, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.stepId, 'stepId');
  p.instant(c.handedOffAt, 'handedOffAt');
  p.instant(c.at, 'at');
  const share = (value: unknown, path: string) => {
    if (!(typeof value === 'number' && value >= 0 && value <= 1))
      p.add(path, 'RANGE', `${path} must be between 0 and 1`);
  };
  share(c.probability, 'probability');
  share(c.threshold, 'threshold');
  if (!(Number.isInteger(c.basis.visits) && c.basis.visits >= 0))
    p.add('basis.visits', 'RANGE', 'basis.visits must be a count');
  if (!(typeof c.basis.load === 'number' && c.basis.load >= 0))
    p.add('basis.load', 'RANGE', 'basis.load must be at least 0');
  if (!(typeof c.basis.usedShare === 'number' && c.basis.usedShare >= 0))
    p.add('basis.usedShare', 'RANGE', 'basis.usedShare must be at least 0');
  if (typeof c.probability === 'number' && typeof c.threshold === 'number' && c.probability < c.threshold)
    p.add('probability', 'BELOW_THRESHOLD', 'a warning is given only at or above the threshold');
  p.throwIfAny();
  requireStatus(state, ['in-processing'], 'warn the holder of a step');
  const routed = routedStep(state, c.stepId);
  const step = activeStep(state, c.stepId);
  if (routed.excludedFromLimit)
    throw dossierError(
      'DOSSIER_STEP_EXCLUDED_FROM_LIMIT',
      `Step ${c.stepId} does not count towards the time limit: it is never late`,
      `Bước ${c.stepId} không tính vào thời hạn giải quyết`,
    );
  if (instantMs(step.handedOffAt) !== instantMs(c.handedOffAt))
    throw dossierError(
      'DOSSIER_STEP_HANDED_OFF_AGAIN',
      `Step ${c.stepId} was handed off again at ${step.handedOffAt}: the assessment of ${c.handedOffAt} no longer holds`,
      `Bước ${c.stepId} đã được chuyển lại lúc ${step.handedOffAt}`,
    );
  if (step.overdueDetectedAt !== null)
    throw dossierError(
      'DOSSIER_STEP_ALREADY_OVERDUE',
      `Step ${c.stepId} is already overdue: a warning comes before the deadline`,
      `Bước ${c.stepId} đã quá hạn; không cảnh báo nữa`,
    );
  if (isClockPaused(state))
    throw dossierError(
      'DOSSIER_CLOCK_PAUSED',
      'The clock is paused (supplement or excluded phase): deadlines move when it resumes',
      'Thời hạn đang tạm dừng (chờ bổ sung hoặc giai đoạn không tính thời gian)',
    );
  // Once per visit (a retried assessment finds it recorded).
  // (`?? null`: a state folded before warnings existed has no such field.)
  if ((step.latenessWarning ?? null) !== null) return [];
  return [
    {
      type: 'StepLatenessWarned',
      data: {
        stepId: c.stepId,
        agencyCode: step.holderAgencyCode,
        deadline: step.deadline,
        probability: Math.round(c.probability * 10_000) / 10_000,
        threshold: c.threshold,
        basis: {
          visits: c.basis.visits,
          load: Math.round(c.basis.load * 100) / 100,
          pace: Math.round(c.basis.pace * 100) / 100,
          usedShare: Math.round(c.basis.usedShare * 100) / 100,
        },
        warnedAt: c.at,
      },
    },
  ];
}

export function requestApology(c: RequestApology, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  if (c.agencyCodes.length === 0)
    p.add(
      'agencyCodes',
      'REQUIRED',
      'name at least one agency responsible for the delay',
      'nêu ít nhất một cơ quan chịu trách nhiệm về việc chậm',
    );
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

export function issueApology(c: IssueApology, state: DossierState): DossierEvent[] {
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
  // The applicant comes back to the desk then: a working day, within its working hours.
  if (!c.newAppointmentOnWorkingDay) {
    throw dossierError(
      'DOSSIER_APPOINTMENT_NOT_WORKING_DAY',
      `The new appointment ${c.newAppointmentAt} is not within a working day's hours of the receiving unit (a weekend, a holiday, the lunch break or the night)`,
      `Ngày hẹn mới ${c.newAppointmentAt} không thuộc giờ làm việc của một ngày làm việc tại nơi tiếp nhận (ngày nghỉ, ngày lễ, giờ nghỉ trưa hoặc ban đêm)`,
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
        ...(c.signer !== null ? { signer: c.signer } : {}),
        noticeDueBy: c.noticeDueBy,
        withinNoticePeriod: instantMs(c.at) <= instantMs(c.noticeDueBy),
        reappointment: state.reappointments + 1,
      },
    },
  ];
}

export function escalate(c: Escalate, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  if (c.to !== 'head' && c.to !== 'supervising-agency')
    p.add('to', 'UNKNOWN', 'escalate to head or supervising-agency');
  if (c.to === 'supervising-agency') p.text(c.toAgencyCode, 'toAgencyCode');
  if (c.fromAgencyCode !== null) p.text(c.fromAgencyCode, 'fromAgencyCode');
  p.text(c.reason, 'reason');
  p.instant(c.at, 'at');
  p.throwIfAny();
  requireStatus(state, ['accepted', 'in-processing'], 'escalate the dossier');
  return [
    {
      type: 'DossierEscalated',
      data: {
        to: c.to,
        toAgencyCode: c.toAgencyCode ?? null,
        ...(c.fromAgencyCode !== null ? { fromAgencyCode: c.fromAgencyCode } : {}),
        reason: c.reason,
        escalatedAt: c.at,
      },
    },
  ];
}

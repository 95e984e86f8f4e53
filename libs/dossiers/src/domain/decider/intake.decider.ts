// Intake (tiếp nhận): accepted with a code and appointment (form 01), supplement requested (form 02)
// or refused (form 03). Exactly one outcome per intake.
import type { ProblemDetail } from '@lien-thong/contracts';
import type { ReceiveDossier, RefuseAtIntake, RequestSupplementAtIntake } from '../dossier-commands';
import { CommandProblems, dossierError } from '../dossier-errors';
import type { DossierEvent, DossierRouting, ReceivedDocument, RoutedStep } from '@lien-thong/dossier-model';
import {
  DEFAULT_MAX_REAPPOINTMENTS,
  INTAKE_CHANNELS,
  type ProcedureSnapshot,
  RULE_SET_VERSIONS,
  ruleSetAt,
  type StatutoryLimitSnapshot,
} from '@lien-thong/dossier-model';
import type { DossierState } from '@lien-thong/dossier-model';
import { instantMs } from '@lien-thong/dossier-model';
import { checkItems, copyItem } from './guards';

/** A procedure takes dossiers only through the channels it lists (also the desk's appointment preview). */
export function assertChannelAllowed(
  procedureCode: string,
  channel: string,
  allowed: readonly string[],
): void {
  if (allowed.includes(channel)) return;
  throw dossierError(
    'DOSSIER_CHANNEL_NOT_ALLOWED',
    `Procedure ${procedureCode} does not accept dossiers by ${channel}`,
    `Thủ tục ${procedureCode} không tiếp nhận hồ sơ qua kênh ${channel}`,
    [
      {
        path: 'channel',
        code: 'CHANNEL_NOT_ALLOWED',
        message: `allowed: ${allowed.join(', ')}`,
        messageVi: `các kênh được nhận: ${allowed.join(', ')}`,
      },
    ],
  );
}

export function receiveDossier(c: ReceiveDossier, state: DossierState): DossierEvent[] {
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
      p.add(
        `documents[${i}].copies`,
        'COPIES',
        'copies must be a whole number of at least 1',
        'số bản là số nguyên từ 1 trở lên',
      );
  });
  if (instantMs(c.appointmentAt) <= instantMs(c.receivedAt))
    p.add(
      'appointmentAt',
      'NOT_AFTER_RECEIPT',
      'the appointment must be after the receipt',
      'ngày hẹn trả phải sau thời điểm tiếp nhận',
    );
  // The dossier follows the rule set in force on the day it is received, for life (Decree 118/2025
  // from 1/7/2025; Decree 61/2018 before), whatever rule set the procedure's design names.
  const ruleSet = ruleSetAt(c.receivedAt);
  if (Number.isFinite(instantMs(c.receivedAt)) && !ruleSet)
    p.add(
      'receivedAt',
      'NO_RULE_SET',
      'no rule set is in force on that day (the first from 21/6/2018)',
      'ngày đó chưa có quy định nào có hiệu lực (quy định đầu tiên từ 21/6/2018)',
    );
  if (c.sets !== undefined && (!Number.isInteger(c.sets) || c.sets < 1 || c.sets > 100))
    p.add(
      'sets',
      'SETS',
      'the number of sets is a whole number from 1 to 100',
      'số bộ hồ sơ là số nguyên từ 1 đến 100',
    );
  if (c.postalPickup !== undefined) {
    if (c.channel !== 'post')
      p.add(
        'postalPickup',
        'NOT_BY_POST',
        'a postal pick-up comes with channel post',
        'hồ sơ thu gom qua bưu chính phải có kênh tiếp nhận là bưu chính',
      );
    p.text(c.postalPickup.trackingNumber, 'postalPickup.trackingNumber');
    p.instant(c.postalPickup.requestedAt, 'postalPickup.requestedAt');
    p.instant(c.postalPickup.handedOverAt, 'postalPickup.handedOverAt');
  }
  checkProcedureSnapshot(c.procedure, p);
  p.throwIfAny();
  requireNoIntakeYet(state);

  // A dossier accepted without a receipt only when the result is given at once and the applicant does
  // not ask for one (Decree 61/2018 art. 18; the same rule under Decree 118/2025).
  const immediate = c.procedure.statutoryLimit.unit === 'immediate';
  if (c.receiptRequested === false && !immediate) {
    throw dossierError(
      'DOSSIER_RECEIPT_REQUIRED',
      `Procedure ${c.procedure.code} has a time limit: an accepted dossier always gets a receipt (form 01); only a result given at once goes without one`,
      `Thủ tục ${c.procedure.code} có thời hạn giải quyết: hồ sơ được tiếp nhận phải có Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01); chỉ thủ tục trả kết quả ngay mới không phải lập`,
      [
        {
          path: 'receiptRequested',
          code: 'RECEIPT_REQUIRED',
          message: 'only a procedure whose result is given at once may go without form 01',
          messageVi: 'chỉ thủ tục trả kết quả ngay mới không phải lập mẫu 01',
        },
      ],
    );
  }

  assertChannelAllowed(c.procedure.code, c.channel, c.procedure.allowedChannels);
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
    ...(d.files !== undefined && d.files.length > 0 ? { files: d.files } : {}),
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
        ruleSet: ruleSet!.version,
        statutoryLimit: copyLimit(c.procedure.statutoryLimit),
        ...(c.sets !== undefined && c.sets > 1 ? { sets: c.sets } : {}),
        ...(immediate && c.receiptRequested !== true ? { receiptIssued: false as const } : {}),
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
        ...(c.postalPickup !== undefined
          ? {
              postalPickup: {
                trackingNumber: c.postalPickup.trackingNumber,
                requestedAt: c.postalPickup.requestedAt,
                handedOverAt: c.postalPickup.handedOverAt,
              },
            }
          : {}),
      },
    },
  ];
}

function copyLimit(limit: StatutoryLimitSnapshot): StatutoryLimitSnapshot {
  return limit.unit === 'sameDay' || limit.unit === 'immediate'
    ? { unit: limit.unit }
    : { unit: limit.unit, amount: limit.amount };
}

function checkLimit(limit: StatutoryLimitSnapshot | undefined, p: CommandProblems): void {
  const unit = (limit as { unit?: unknown } | undefined)?.unit;
  if (unit === 'sameDay' || unit === 'immediate') return;
  if (unit !== 'workingDays' && unit !== 'workingHours' && unit !== 'workingSeconds')
    return p.add('procedure.statutoryLimit', 'UNKNOWN', 'the statutory limit has no known unit');
  const amount = (limit as { amount?: unknown }).amount;
  if (typeof amount !== 'number' || !(amount > 0))
    p.add('procedure.statutoryLimit.amount', 'RANGE', 'the statutory limit is a positive amount');
}

function checkProcedureSnapshot(s: ProcedureSnapshot, p: CommandProblems): void {
  p.text(s.code, 'procedure.code');
  if (!Number.isInteger(s.version) || s.version < 1)
    p.add('procedure.version', 'VERSION', 'the version is a whole number from 1');
  if (!RULE_SET_VERSIONS.includes(s.ruleSet))
    p.add('procedure.ruleSet', 'UNKNOWN', `unknown rule set ${String(s.ruleSet)}`);
  checkLimit(s.statutoryLimit, p);
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
    if (!given)
      problems.push({
        path,
        code: 'DOCUMENT_MISSING',
        message: `${required.code} is missing`,
        messageVi: `thiếu giấy tờ ${required.code}`,
      });
    else if (given.copies < required.copies)
      problems.push({
        path,
        code: 'COPIES_MISSING',
        message: `${required.code}: ${required.copies} copies required, ${given.copies} received`,
        messageVi: `${required.code}: cần ${required.copies} bản, mới nhận ${given.copies}`,
      });
    else if (required.original === true && given.original === false)
      problems.push({
        path,
        code: 'ORIGINAL_REQUIRED',
        message: `${required.code} must be an original`,
        messageVi: `${required.code} phải là bản chính`,
      });
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

export function requestSupplementAtIntake(c: RequestSupplementAtIntake, state: DossierState): DossierEvent[] {
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

export function refuseAtIntake(c: RefuseAtIntake, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  checkIntakeOutcome(c, p);
  if (c.reasons.length === 0)
    p.add(
      'reasons',
      'REQUIRED',
      'a refusal states its reasons in writing',
      'từ chối phải nêu rõ lý do bằng văn bản',
    );
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

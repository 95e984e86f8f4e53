import { unreachable, type EventContext } from '../shared/dossier-event';
import { RESULT_CHANNEL_LABELS, TIMELINESS_LABELS, ownPeriodLabel } from '../shared/labels';
import { formatVietnamTime as t } from '../shared/vietnam-time';
import type { ControlSlip, ControlSlipNote, ControlSlipRow } from './control-slip.response.dto';
import { type DossierEvent, completionJudgement, previousStepJudgement } from '@lien-thong/dossier-model';

/** The control slip after one event (pure). Only accepted dossiers have one. */
export function evolveControlSlip(
  slip: ControlSlip | null,
  event: DossierEvent,
  _context: EventContext,
): ControlSlip | null {
  if (event.type === 'DossierReceived') {
    const d = event.data;
    return {
      status: 'accepted',
      header: {
        code: d.dossierCode,
        procedure: { code: d.procedure.code, version: d.procedure.version, bundleOf: d.procedure.bundleOf },
        receivingUnitCode: d.receivingUnitCode,
        receivedAt: d.receivedAt,
        dueAt: d.appointmentAt,
        appointmentAt: d.appointmentAt,
        leadAgencyCode: null,
        coOperatingAgencyCodes: [],
      },
      rows: [],
      notes: [],
    };
  }
  if (slip === null) return null;
  switch (event.type) {
    case 'DossierSupplementRequestedAtIntake':
    case 'DossierRefusedAtIntake':
    case 'SatisfactionRated':
    case 'ApplicantDataErased':
    case 'ApplicantNotified':
    case 'ApplicantNoticeNotSent':
    case 'PostalShipmentUpdated':
      return slip;
    case 'DossierTransferred': {
      const d = event.data;
      return withHolder(
        {
          ...slip,
          status: 'in-processing',
          header: { ...slip.header, leadAgencyCode: d.toAgencyCode },
          rows: [
            ...slip.rows,
            row(slip, {
              kind: 'transfer',
              stepId: null,
              fromAgencyCode: d.fromUnitCode,
              toAgencyCode: d.toAgencyCode,
              handedOffAt: d.transferredAt,
              deadline: d.dueBy,
              // The desk's own work (receipt to transfer) is what the lead agency receives on time or late.
              previousStepOutcome: d.outcome,
            }),
          ],
        },
        d.toAgencyCode,
      );
    }
    case 'StepHandedOff': {
      const d = event.data;
      return withHolder(
        {
          ...slip,
          rows: [
            ...slip.rows,
            row(slip, {
              kind: 'handoff',
              stepId: d.stepId,
              fromAgencyCode: d.fromAgencyCode,
              toAgencyCode: d.toAgencyCode,
              handedOffAt: d.handedOffAt,
              deadline: d.deadline,
              previousStepId: d.previousStepId,
              previousStepOutcome: previousStepJudgement(d),
            }),
          ],
        },
        d.toAgencyCode,
      );
    }
    case 'StepReceived':
      return onOpenRow(slip, event.data.stepId, (r) => ({ ...r, receivedAt: event.data.receivedAt }));
    case 'StepCompleted': {
      const d = event.data;
      const judged = completionJudgement(d);
      return onOpenRow(slip, d.stepId, (r) => ({
        ...r,
        completedAt: d.completedAt,
        outcome: judged,
        // Whether the applicant finished within the step's own period, without judging the holder.
        notes:
          judged === 'not-counted'
            ? [
                ...r.notes,
                note('not-counted', d.completedAt, null, {
                  vi: `Không tính vào thời hạn giải quyết; ${ownPeriodLabel(d.outcome, d.deadline).vi}`,
                  en: `Not counted towards the time limit; ${ownPeriodLabel(d.outcome, d.deadline).en}`,
                }),
              ]
            : r.notes,
      }));
    }
    case 'StepReturned': {
      const d = event.data;
      const returned = onOpenRow(slip, d.stepId, (r) => ({
        ...r,
        returnedAt: d.returnedAt,
        notes: [
          ...r.notes,
          note('returned', d.returnedAt, d.reason, {
            vi: `Trả lại bước '${d.toStepId}' của ${d.toAgencyCode}`,
            en: `Handed back to step '${d.toStepId}' at ${d.toAgencyCode}`,
          }),
        ],
      }));
      return {
        ...returned,
        rows: [
          ...returned.rows,
          {
            ...row(returned, {
              kind: 'return',
              stepId: d.toStepId,
              fromAgencyCode: d.fromAgencyCode,
              toAgencyCode: d.toAgencyCode,
              handedOffAt: d.returnedAt,
              deadline: d.deadline,
              previousStepId: d.stepId,
            }),
            notes: [
              note('reopened', d.returnedAt, d.reason, {
                vi: `Bước '${d.toStepId}' xử lý lại do bước '${d.stepId}' trả lại`,
                en: `Step '${d.toStepId}' runs again: handed back by step '${d.stepId}'`,
              }),
            ],
          },
        ],
      };
    }
    case 'SupplementRequested': {
      const d = event.data;
      return onOpenRow(slip, d.stepId, (r) => ({
        ...r,
        notes: [
          ...r.notes,
          note('supplement-requested', d.requestedAt, d.reason, {
            vi: `Yêu cầu bổ sung ${d.items.length} nội dung; tạm dừng tính thời gian`,
            en: `Supplement of ${d.items.length} item(s) requested; clock paused`,
          }),
        ],
      }));
    }
    case 'SupplementReceived': {
      const d = event.data;
      const noted = onOpenRow(slip, d.stepId, (r) => ({
        ...r,
        notes: [
          ...r.notes,
          note('supplement-received', d.receivedAt, null, {
            vi:
              d.policy === 'restart'
                ? 'Nhận hồ sơ bổ sung; tính lại thời gian'
                : 'Nhận hồ sơ bổ sung; tiếp tục tính thời gian',
            en:
              d.policy === 'restart'
                ? 'Supplement received; clock restarted'
                : 'Supplement received; clock resumed',
          }),
        ],
      }));
      return moveDeadlines(
        { ...noted, header: { ...noted.header, dueAt: d.dueAt, appointmentAt: d.appointmentAt } },
        d.stepDeadlines,
        d.receivedAt,
      );
    }
    case 'ExcludedPhaseStarted': {
      const d = event.data;
      return {
        ...slip,
        notes: [
          ...slip.notes,
          note('excluded-phase-started', d.startedAt, d.reason, {
            vi: `Bắt đầu giai đoạn không tính thời gian '${d.phaseId}'`,
            en: `Excluded phase '${d.phaseId}' started`,
          }),
        ],
      };
    }
    case 'ExcludedPhaseEnded': {
      const d = event.data;
      return moveDeadlines(
        {
          ...slip,
          header: { ...slip.header, dueAt: d.dueAt, appointmentAt: d.appointmentAt },
          notes: [
            ...slip.notes,
            note('excluded-phase-ended', d.endedAt, null, {
              vi: `Kết thúc giai đoạn không tính thời gian '${d.phaseId}', hạn mới ${t(d.dueAt)}`,
              en: `Excluded phase '${d.phaseId}' ended, new due date ${t(d.dueAt)}`,
            }),
          ],
        },
        d.stepDeadlines,
        d.endedAt,
      );
    }
    case 'StepOverdue': {
      const d = event.data;
      return onOpenRow(slip, d.stepId, (r) => ({
        ...r,
        notes: [
          ...r.notes,
          note('overdue', d.detectedAt, null, {
            vi: `Quá hạn ${t(d.deadline)}; trách nhiệm: ${d.responsibleAgencyCode}`,
            en: `Overdue since ${t(d.deadline)}; responsible: ${d.responsibleAgencyCode}`,
          }),
        ],
      }));
    }
    // A forecast, not a fact of the handoff log (form 06): the slip does not show it.
    case 'StepLatenessWarned':
      return slip;
    case 'StepReminderSent': {
      const d = event.data;
      return onOpenRow(slip, d.stepId, (r) => ({
        ...r,
        notes: [
          ...r.notes,
          note('reminder', d.remindedAt, null, {
            vi: `Nhắc hạn ${d.agencyCode}: hạn ${t(d.deadline)}`,
            en: `${d.agencyCode} reminded: due at ${t(d.deadline)}`,
          }),
        ],
      }));
    }
    case 'ApologyRequested': {
      const d = event.data;
      const who = d.agencyCodes.join(', ');
      return {
        ...slip,
        notes: [
          ...slip.notes,
          note('apology-requested', d.requestedAt, null, {
            vi: `Đề nghị ${who} xin lỗi và hẹn lại (mẫu 04) trước ${t(d.respondBy)}; hạn giải quyết ${t(d.dueAt)}`,
            en: `${who} asked to apologise and re-set the appointment (form 04) by ${t(d.respondBy)}; due ${t(d.dueAt)}`,
          }),
        ],
      };
    }
    case 'DeadlinesRecomputed': {
      const d = event.data;
      const decision = `${d.cause.document} (${d.cause.year})`;
      return moveDeadlines(
        {
          ...slip,
          header: {
            ...slip.header,
            dueAt: d.dueAt?.to ?? slip.header.dueAt,
            appointmentAt: d.appointmentAt?.to ?? slip.header.appointmentAt,
          },
          notes: [
            ...slip.notes,
            note('deadlines-recomputed', d.recomputedAt, null, {
              vi: `Tính lại thời hạn theo lịch nghỉ mới: ${decision}${d.dueAt ? `, hạn mới ${t(d.dueAt.to)}` : ''}`,
              en: `Deadlines counted again on the new holiday calendar: ${decision}${d.dueAt ? `, new due date ${t(d.dueAt.to)}` : ''}`,
            }),
          ],
        },
        d.steps.map((s) => ({ stepId: s.stepId, deadline: s.to })),
        d.recomputedAt,
      );
    }
    case 'ApologyIssued': {
      const d = event.data;
      return {
        ...slip,
        header: { ...slip.header, appointmentAt: d.newAppointmentAt },
        notes: [
          ...slip.notes,
          note('apology', d.issuedAt, d.reason, {
            vi: `${d.responsibleAgencyCode} xin lỗi (mẫu 04), hẹn lại ${t(d.newAppointmentAt)}`,
            en: `${d.responsibleAgencyCode} apologised (form 04), new appointment ${t(d.newAppointmentAt)}`,
          }),
        ],
      };
    }
    case 'DossierEscalated': {
      const d = event.data;
      return {
        ...slip,
        notes: [
          ...slip.notes,
          note('escalated', d.escalatedAt, d.reason, {
            vi:
              d.to === 'head'
                ? 'Báo cáo thủ trưởng cơ quan'
                : `Báo cáo cơ quan cấp trên ${d.toAgencyCode ?? ''}`.trimEnd(),
            en:
              d.to === 'head'
                ? 'Escalated to the head'
                : `Escalated to ${d.toAgencyCode ?? 'the supervising agency'}`,
          }),
        ],
      };
    }
    case 'ProcessingStopped': {
      const d = event.data;
      return {
        ...slip,
        status: 'stopped',
        notes: [
          ...slip.notes,
          note('stopped', d.stoppedAt, d.reason, {
            vi: `Dừng xử lý (mẫu 05) theo đề nghị của ${d.requester === 'applicant' ? 'người nộp' : (d.requestingAgencyCode ?? 'cơ quan')}`,
            en: `Processing stopped (form 05) at the request of ${d.requester === 'applicant' ? 'the applicant' : (d.requestingAgencyCode ?? 'an agency')}`,
          }),
        ],
      };
    }
    case 'DossierWithdrawn': {
      const d = event.data;
      return {
        ...slip,
        status: 'withdrawn',
        notes: [
          ...slip.notes,
          note('withdrawn', d.withdrawnAt, d.reason, {
            vi: 'Người nộp rút hồ sơ',
            en: 'Withdrawn by the applicant',
          }),
        ],
      };
    }
    case 'ResultReady': {
      const d = event.data;
      const lastDone = [...slip.rows]
        .filter((r) => r.completedAt !== null)
        .sort((a, b) => Date.parse(b.completedAt!) - Date.parse(a.completedAt!) || b.seq - a.seq)[0];
      const from = lastDone?.toAgencyCode ?? slip.header.leadAgencyCode ?? d.deskUnitCode;
      return {
        ...slip,
        status: 'result-ready',
        header: { ...slip.header, dueAt: d.dueAt, appointmentAt: d.appointmentAt },
        rows: [
          ...slip.rows,
          {
            ...row(slip, {
              kind: 'result',
              stepId: null,
              fromAgencyCode: from,
              toAgencyCode: d.deskUnitCode,
              handedOffAt: d.readyAt,
              deadline: d.dueAt,
              previousStepId: lastDone?.stepId ?? null,
              previousStepOutcome: lastDone?.outcome ?? null,
            }),
            receivedAt: d.readyAt,
            completedAt: d.readyAt,
            outcome: d.outcome,
            notes:
              d.appointmentAt !== d.dueAt
                ? [
                    note('outcome-against-appointment', d.readyAt, null, {
                      vi: `So với ngày hẹn lại ${t(d.appointmentAt)}: ${TIMELINESS_LABELS[d.outcomeAgainstAppointment].vi}`,
                      en: `Against the re-set appointment ${t(d.appointmentAt)}: ${TIMELINESS_LABELS[d.outcomeAgainstAppointment].en}`,
                    }),
                  ]
                : [],
          },
        ],
      };
    }
    case 'ResultReturned': {
      const d = event.data;
      const c = RESULT_CHANNEL_LABELS[d.channel];
      return {
        ...slip,
        status: 'returned',
        rows: slip.rows.map((r) =>
          r.kind === 'result'
            ? {
                ...r,
                notes: [
                  ...r.notes,
                  note('result-returned', d.returnedAt, null, {
                    vi: `Đã trả kết quả ${c.vi} lúc ${t(d.returnedAt)}`,
                    en: `Result returned ${c.en} at ${t(d.returnedAt)}`,
                  }),
                ],
              }
            : r,
        ),
      };
    }
    default:
      return unreachable(event);
  }
}

type RowStart = Pick<
  ControlSlipRow,
  'kind' | 'stepId' | 'fromAgencyCode' | 'toAgencyCode' | 'handedOffAt' | 'deadline'
> &
  Partial<Pick<ControlSlipRow, 'previousStepId' | 'previousStepOutcome'>>;

function row(slip: ControlSlip, start: RowStart): ControlSlipRow {
  return {
    seq: slip.rows.length + 1,
    receivedAt: null,
    previousStepId: null,
    previousStepOutcome: null,
    completedAt: null,
    outcome: null,
    returnedAt: null,
    notes: [],
    ...start,
  };
}

function note(
  kind: ControlSlipNote['kind'],
  at: string,
  reason: string | null,
  text: ControlSlipNote['text'],
): ControlSlipNote {
  return { kind, at, text, reason };
}

/** The latest row that handed over this step and is neither completed nor handed back. */
function onOpenRow(
  slip: ControlSlip,
  stepId: string,
  change: (row: ControlSlipRow) => ControlSlipRow,
): ControlSlip {
  for (let i = slip.rows.length - 1; i >= 0; i -= 1) {
    const r = slip.rows[i]!;
    if (r.stepId === stepId && r.kind !== 'result' && r.completedAt === null && r.returnedAt === null) {
      const rows = [...slip.rows];
      rows[i] = change(r);
      return { ...slip, rows };
    }
  }
  return slip;
}

function moveDeadlines(
  slip: ControlSlip,
  deadlines: readonly { stepId: string; deadline: string }[],
  at: string,
): ControlSlip {
  return deadlines.reduce(
    (s, { stepId, deadline }) =>
      onOpenRow(s, stepId, (r) =>
        r.deadline === deadline
          ? r
          : {
              ...r,
              deadline,
              notes: [
                ...r.notes,
                note('deadline-moved', at, null, {
                  vi: `Hạn chuyển từ ${t(r.deadline)} sang ${t(deadline)}`,
                  en: `Deadline moved from ${t(r.deadline)} to ${t(deadline)}`,
                }),
              ],
            },
      ),
    slip,
  );
}

/** The lead agency and the desk are not co-operating agencies; anyone else who held a step is. */
function withHolder(slip: ControlSlip, agencyCode: string): ControlSlip {
  const h = slip.header;
  const holders = new Set<string>(h.coOperatingAgencyCodes);
  const allHolders = slip.rows.filter((r) => r.kind !== 'result').map((r) => r.toAgencyCode);
  allHolders.push(agencyCode);
  for (const code of allHolders) holders.add(code);
  holders.delete(h.receivingUnitCode);
  if (h.leadAgencyCode !== null) holders.delete(h.leadAgencyCode);
  const coOperatingAgencyCodes = [...holders].sort();
  return coOperatingAgencyCodes.join() === h.coOperatingAgencyCodes.join()
    ? slip
    : { ...slip, header: { ...h, coOperatingAgencyCodes } };
}

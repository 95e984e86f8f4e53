import { unreachable } from '../shared/dossier-event';
import {
  INTAKE_CHANNEL_LABELS,
  NOTICE_CHANNEL_LABELS,
  NOTICE_KIND_LABELS,
  NOTICE_NOT_SENT_LABELS,
  RESULT_CHANNEL_LABELS,
  STEP_JUDGEMENT_LABELS,
  TIMELINESS_LABELS,
  ownPeriodLabel,
  type Bilingual,
} from '../shared/labels';
import { formatVietnamTime as t } from '../shared/vietnam-time';
import {
  type DossierEvent,
  completionJudgement,
  previousStepJudgement,
  ruleSetOf,
} from '@lien-thong/dossier-model';

/**
 * A one-line summary of an event, in Vietnamese and English. Built only from codes, step ids,
 * instants, counts and enumerations: never from free text (reasons, comments, result summaries),
 * never from the applicant reference or officer ids, so no personal data can leak into it.
 */
const POSTAL_STATUS_LABELS = {
  mailed: { vi: 'đã gửi qua bưu điện', en: 'mailed' },
  delivered: { vi: 'đã phát cho người nhận', en: 'delivered' },
  'returned-to-sender': { vi: 'bị chuyển hoàn', en: 'returned to sender' },
} as const;

export function summarizeDossierEvent(event: DossierEvent): Bilingual {
  switch (event.type) {
    case 'DossierReceived': {
      const d = event.data;
      const channel = INTAKE_CHANNEL_LABELS[d.channel];
      const decree = ruleSetOf(d.ruleSet).decree.number;
      const noReceipt =
        d.receiptIssued === false
          ? {
              vi: '; trả kết quả ngay, không lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
              en: '; result given at once, no receipt issued',
            }
          : { vi: '', en: '' };
      const pickup = d.postalPickup
        ? {
            vi: `; bưu chính thu gom tại nhà người nộp (yêu cầu lúc ${t(d.postalPickup.requestedAt)}), giao bộ phận một cửa lúc ${t(d.postalPickup.handedOverAt)}, số hiệu bưu gửi ${d.postalPickup.trackingNumber}`,
            en: `; picked up by the postal service at the applicant's address (asked for at ${t(d.postalPickup.requestedAt)}), handed to the desk at ${t(d.postalPickup.handedOverAt)}, tracking number ${d.postalPickup.trackingNumber}`,
          }
        : { vi: '', en: '' };
      return {
        vi: `Tiếp nhận hồ sơ ${d.dossierCode}, thủ tục ${d.procedure.code} (phiên bản ${d.procedure.version}) ${channel.vi}, tại ${d.receivingUnitCode}, theo Nghị định ${decree}; hẹn trả ${t(d.appointmentAt)}${noReceipt.vi}${pickup.vi}`,
        en: `Dossier ${d.dossierCode} received for procedure ${d.procedure.code} (version ${d.procedure.version}) ${channel.en}, at ${d.receivingUnitCode}, under Decree ${decree}; appointment ${t(d.appointmentAt)}${noReceipt.en}${pickup.en}`,
      };
    }
    case 'DossierSupplementRequestedAtIntake': {
      const d = event.data;
      return {
        vi: `Yêu cầu bổ sung, hoàn thiện hồ sơ khi tiếp nhận (mẫu 02), thủ tục ${d.procedure.code}: ${d.items.length} nội dung`,
        en: `Supplement requested at intake (form 02), procedure ${d.procedure.code}: ${d.items.length} item(s)`,
      };
    }
    case 'DossierRefusedAtIntake': {
      const d = event.data;
      return {
        vi: `Từ chối tiếp nhận hồ sơ (mẫu 03), thủ tục ${d.procedure.code}: ${d.reasons.length} lý do`,
        en: `Intake refused (form 03), procedure ${d.procedure.code}: ${d.reasons.length} reason(s)`,
      };
    }
    case 'DossierTransferred': {
      const d = event.data;
      const o = TIMELINESS_LABELS[d.outcome];
      return {
        vi: `Chuyển hồ sơ từ ${d.fromUnitCode} đến cơ quan chủ trì ${d.toAgencyCode} (${o.vi}, hạn chuyển ${t(d.dueBy)})`,
        en: `Dossier transferred from ${d.fromUnitCode} to lead agency ${d.toAgencyCode} (${o.en}, transfer due ${t(d.dueBy)})`,
      };
    }
    case 'StepHandedOff': {
      const d = event.data;
      const judged = previousStepJudgement(d);
      const previous =
        judged !== null
          ? {
              vi: `; bước trước '${d.previousStepId}' ${STEP_JUDGEMENT_LABELS[judged].vi}`,
              en: `; previous step '${d.previousStepId}' ${STEP_JUDGEMENT_LABELS[judged].en}`,
            }
          : { vi: '', en: '' };
      return {
        vi: `Chuyển bước '${d.stepId}' từ ${d.fromAgencyCode} sang ${d.toAgencyCode}, hạn ${t(d.deadline)}${previous.vi}`,
        en: `Step '${d.stepId}' handed off from ${d.fromAgencyCode} to ${d.toAgencyCode}, due ${t(d.deadline)}${previous.en}`,
      };
    }
    case 'StepReceived': {
      const d = event.data;
      return {
        vi: `${d.agencyCode} nhận bước '${d.stepId}'`,
        en: `${d.agencyCode} received step '${d.stepId}'`,
      };
    }
    case 'StepCompleted': {
      const d = event.data;
      if (completionJudgement(d) === 'not-counted') {
        const own = ownPeriodLabel(d.outcome, d.deadline);
        const n = STEP_JUDGEMENT_LABELS['not-counted'];
        return {
          vi: `${d.agencyCode} hoàn thành bước '${d.stepId}' (${n.vi}; ${own.vi})`,
          en: `${d.agencyCode} completed step '${d.stepId}' (${n.en}; ${own.en})`,
        };
      }
      const o = TIMELINESS_LABELS[d.outcome];
      return {
        vi: `${d.agencyCode} hoàn thành bước '${d.stepId}' (${o.vi}, hạn ${t(d.deadline)})`,
        en: `${d.agencyCode} completed step '${d.stepId}' (${o.en}, due ${t(d.deadline)})`,
      };
    }
    case 'StepReturned': {
      const d = event.data;
      return {
        vi: `${d.fromAgencyCode} trả bước '${d.stepId}' về bước '${d.toStepId}' của ${d.toAgencyCode}, hạn ${t(d.deadline)}`,
        en: `${d.fromAgencyCode} returned step '${d.stepId}' to step '${d.toStepId}' at ${d.toAgencyCode}, due ${t(d.deadline)}`,
      };
    }
    case 'SupplementRequested': {
      const d = event.data;
      return {
        vi: `${d.agencyCode} yêu cầu bổ sung hồ sơ ở bước '${d.stepId}' (${d.items.length} nội dung); tạm dừng tính thời gian`,
        en: `${d.agencyCode} requested a supplement at step '${d.stepId}' (${d.items.length} item(s)); clock paused`,
      };
    }
    case 'SupplementReceived': {
      const d = event.data;
      return d.policy === 'restart'
        ? {
            vi: `Nhận hồ sơ bổ sung; tính lại thời gian từ đầu, hạn mới ${t(d.dueAt)}`,
            en: `Supplement received; clock restarted, new due date ${t(d.dueAt)}`,
          }
        : {
            vi: `Nhận hồ sơ bổ sung; tiếp tục tính thời gian, hạn mới ${t(d.dueAt)}`,
            en: `Supplement received; clock resumed, new due date ${t(d.dueAt)}`,
          };
    }
    case 'ExcludedPhaseStarted':
      return {
        vi: `Bắt đầu giai đoạn không tính thời gian '${event.data.phaseId}'`,
        en: `Excluded phase '${event.data.phaseId}' started`,
      };
    case 'ExcludedPhaseEnded': {
      const d = event.data;
      return {
        vi: `Kết thúc giai đoạn không tính thời gian '${d.phaseId}', hạn mới ${t(d.dueAt)}`,
        en: `Excluded phase '${d.phaseId}' ended, new due date ${t(d.dueAt)}`,
      };
    }
    case 'StepOverdue': {
      const d = event.data;
      return {
        vi: `Bước '${d.stepId}' quá hạn (hạn ${t(d.deadline)}), trách nhiệm: ${d.responsibleAgencyCode}`,
        en: `Step '${d.stepId}' overdue (due ${t(d.deadline)}), responsible: ${d.responsibleAgencyCode}`,
      };
    }
    case 'StepReminderSent': {
      const d = event.data;
      return {
        vi: `Nhắc ${d.agencyCode} hạn bước '${d.stepId}' (${t(d.deadline)})`,
        en: `${d.agencyCode} reminded that step '${d.stepId}' is due at ${t(d.deadline)}`,
      };
    }
    case 'StepLatenessWarned': {
      const d = event.data;
      const p = Math.round(d.probability * 100);
      return {
        vi: `Cảnh báo ${d.agencyCode}: bước '${d.stepId}' có nguy cơ trễ hạn (${p} %, hạn ${t(d.deadline)})`,
        en: `${d.agencyCode} warned: step '${d.stepId}' is likely to run late (${p} %, due ${t(d.deadline)})`,
      };
    }
    case 'ApologyRequested': {
      const d = event.data;
      const who = d.agencyCodes.join(', ');
      return {
        vi: `Đề nghị ${who} gửi văn bản xin lỗi và hẹn lại (mẫu 04) trước ${t(d.respondBy)}`,
        en: `${who} asked for an apology and a new appointment (form 04) by ${t(d.respondBy)}`,
      };
    }
    case 'DeadlinesRecomputed': {
      const d = event.data;
      const due = d.dueAt
        ? { vi: `, hạn mới ${t(d.dueAt.to)}`, en: `, new due date ${t(d.dueAt.to)}` }
        : null;
      return {
        vi: `Tính lại thời hạn theo ${d.cause.document} (${d.cause.year})${due?.vi ?? ''}`,
        en: `Deadlines counted again after ${d.cause.document} (${d.cause.year})${due?.en ?? ''}`,
      };
    }
    case 'ApologyIssued': {
      const d = event.data;
      const late = d.withinNoticePeriod
        ? { vi: '', en: '' }
        : { vi: '; gửi sau thời hạn thông báo', en: '; sent after the notice deadline' };
      return {
        vi: `${d.responsibleAgencyCode} gửi văn bản xin lỗi (mẫu 04), hẹn lại ${t(d.newAppointmentAt)} (lần ${d.reappointment})${late.vi}`,
        en: `${d.responsibleAgencyCode} issued an apology (form 04), new appointment ${t(d.newAppointmentAt)} (re-appointment ${d.reappointment})${late.en}`,
      };
    }
    case 'DossierEscalated': {
      const d = event.data;
      return d.to === 'head'
        ? { vi: 'Báo cáo thủ trưởng cơ quan', en: 'Escalated to the head of the agency' }
        : {
            vi: `Báo cáo cơ quan cấp trên ${d.toAgencyCode ?? ''}`.trimEnd(),
            en: `Escalated to the supervising agency ${d.toAgencyCode ?? ''}`.trimEnd(),
          };
    }
    case 'ProcessingStopped': {
      const d = event.data;
      return d.requester === 'applicant'
        ? {
            vi: 'Dừng xử lý hồ sơ (mẫu 05) theo đề nghị của người nộp',
            en: 'Processing stopped (form 05) at the applicant’s request',
          }
        : {
            vi: `Dừng xử lý hồ sơ (mẫu 05) theo đề nghị của ${d.requestingAgencyCode ?? 'cơ quan'}`,
            en: `Processing stopped (form 05) at the request of ${d.requestingAgencyCode ?? 'an agency'}`,
          };
    }
    case 'DossierWithdrawn':
      return { vi: 'Người nộp rút hồ sơ', en: 'Dossier withdrawn by the applicant' };
    case 'ResultReady': {
      const d = event.data;
      const o = TIMELINESS_LABELS[d.outcome];
      return {
        vi: `Kết quả đã về ${d.deskUnitCode} (${o.vi}, hạn ${t(d.dueAt)})`,
        en: `Result back at ${d.deskUnitCode} (${o.en}, due ${t(d.dueAt)})`,
      };
    }
    case 'ResultReturned': {
      const c = RESULT_CHANNEL_LABELS[event.data.channel];
      return { vi: `Đã trả kết quả ${c.vi}`, en: `Result returned ${c.en}` };
    }
    case 'SatisfactionRated':
      return {
        vi: `Đánh giá mức độ hài lòng: ${event.data.score}/5`,
        en: `Satisfaction rated ${event.data.score}/5`,
      };
    case 'ApplicantDataErased':
      return { vi: 'Đã xóa dữ liệu cá nhân của người nộp', en: 'Applicant’s personal data erased' };
    case 'ApplicantNotified': {
      const k = NOTICE_KIND_LABELS[event.data.kind];
      const c = NOTICE_CHANNEL_LABELS[event.data.channel];
      return { vi: `Đã gửi ${k.vi} cho người nộp qua ${c.vi}`, en: `Applicant sent ${k.en} by ${c.en}` };
    }
    case 'ApplicantNoticeNotSent': {
      const k = NOTICE_KIND_LABELS[event.data.kind];
      const r = NOTICE_NOT_SENT_LABELS[event.data.reason];
      const c = event.data.channel ? NOTICE_CHANNEL_LABELS[event.data.channel] : null;
      return {
        vi: `Không gửi ${k.vi} cho người nộp${c ? ` qua ${c.vi}` : ''}: ${r.vi}`,
        en: `${k.en} not sent to the applicant${c ? ` by ${c.en}` : ''}: ${r.en}`,
      };
    }
    case 'PostalShipmentUpdated': {
      const d = event.data;
      const s = POSTAL_STATUS_LABELS[d.status];
      return {
        vi: `Bưu chính: kết quả ${s.vi}, số hiệu bưu gửi ${d.trackingNumber} (${t(d.at)})`,
        en: `Post: the result ${s.en}, tracking number ${d.trackingNumber} (${t(d.at)})`,
      };
    }
    default:
      return unreachable(event);
  }
}

import { formatInstant } from '@lien-thong/dossier-forms';
import type { NoticeDetails } from './notice-routes';

/** A notice as the applicant reads it: Vietnamese first, English below (mail), Vietnamese only (text). */
export interface NoticeMessage {
  readonly subject: string;
  /** The e-mail body: Vietnamese, then the same in English. */
  readonly text: string;
  /** A text message (SMS, Zalo): one short paragraph in Vietnamese. */
  readonly short: string;
}

/** Names the message prints instead of codes, resolved by the sender (the directory, the catalogue). */
export interface NoticeNames {
  agency(code: string): { readonly vi: string; readonly en: string };
  /** The procedure's name, when known. */
  readonly procedure: { readonly vi: string; readonly en: string } | null;
}

/** `hh:mm dd/mm/yyyy`, Vietnam time: the forms' numeric format (`formatInstant` without "ngày"). */
export function vietnamTime(iso: string): string {
  return formatInstant(iso, 'en');
}

const COPY_KIND = {
  original: { vi: 'bản chính', en: 'original' },
  'certified-copy': { vi: 'bản sao chứng thực', en: 'certified copy' },
  photocopy: { vi: 'bản photo', en: 'photocopy' },
} as const;

const SIGNATURE = {
  vi: 'Hệ thống một cửa liên thông. Thư này được gửi tự động, vui lòng không trả lời.',
  en: 'One-stop inter-agency system. This message is sent automatically; please do not reply.',
};

/**
 * The words of each notice (issue 18, item 11), after what the forms say (docs/rules.md, section 11):
 * the acknowledgement gives the code, the appointment and the lookup key as form 01 does; the
 * supplement request lists once and completely what to add or correct and why (form 02); the apology
 * gives the reason and the new appointment, with the head who signed (form 04); a result ready early
 * is announced (domain.md, lifecycle 9). Texts keep their diacritics (a Vietnamese SMS is sent as
 * Unicode: shorter segments, but read correctly).
 */
export function noticeMessage(d: NoticeDetails, names: NoticeNames): NoticeMessage {
  const t = vietnamTime;
  const procedure = names.procedure;
  switch (d.kind) {
    case 'intake-acknowledged': {
      const unit = names.agency(d.unitCode);
      const key = d.lookupKey
        ? { vi: ` Mã tra cứu: ${d.lookupKey}.`, en: ` Lookup key: ${d.lookupKey}.` }
        : null;
      return compose(
        {
          vi: `Đã tiếp nhận hồ sơ ${d.dossierCode}`,
          en: `Dossier ${d.dossierCode} received`,
        },
        {
          vi: [
            `${unit.vi} đã tiếp nhận hồ sơ trực tuyến của Ông/Bà lúc ${t(d.receivedAt)}.`,
            `Mã hồ sơ: ${d.dossierCode}.${key?.vi ?? ''}`,
            procedure ? `Thủ tục: ${procedure.vi} (${d.procedure.code}).` : `Thủ tục: ${d.procedure.code}.`,
            `Ngày hẹn trả kết quả: ${t(d.appointmentAt)}.`,
          ],
          en: [
            `${unit.en} received your online dossier at ${t(d.receivedAt)}.`,
            `Dossier code: ${d.dossierCode}.${key?.en ?? ''}`,
            procedure
              ? `Procedure: ${procedure.en} (${d.procedure.code}).`
              : `Procedure: ${d.procedure.code}.`,
            `Appointment for the result: ${t(d.appointmentAt)}.`,
          ],
        },
        `Hồ sơ ${d.dossierCode} đã được tiếp nhận lúc ${t(d.receivedAt)}; hẹn trả kết quả ${t(d.appointmentAt)}.${d.lookupKey ? ` Mã tra cứu: ${d.lookupKey}.` : ''}`,
      );
    }
    case 'supplement-requested': {
      const by = names.agency(d.askedBy);
      const items = d.items.map((item, i) => {
        const kind = item.copyKind ? COPY_KIND[item.copyKind] : null;
        const copies = kind ? ` (${item.copies ?? 1} ${kind.vi})` : '';
        const copiesEn = kind ? ` (${item.copies ?? 1} ${kind.en})` : '';
        return {
          vi: `${i + 1}. ${item.action === 'add' ? 'Bổ sung' : 'Sửa đổi'}: ${item.description}${copies}`,
          en: `${i + 1}. ${item.action === 'add' ? 'Add' : 'Correct'}: ${item.description}${copiesEn}`,
        };
      });
      const what = d.atIntake
        ? { vi: 'hồ sơ (mã tiếp nhận', en: 'dossier (intake' }
        : { vi: 'hồ sơ (mã', en: 'dossier (code' };
      return compose(
        {
          vi: `Yêu cầu bổ sung, hoàn thiện hồ sơ ${d.reference}`,
          en: `Supplement requested for dossier ${d.reference}`,
        },
        {
          vi: [
            `${by.vi} đề nghị Ông/Bà bổ sung, hoàn thiện ${what.vi} ${d.reference}) theo Mẫu số 02, lúc ${t(d.requestedAt)}.`,
            `Lý do: ${d.reason}`,
            'Nội dung cần bổ sung, hoàn thiện:',
            ...items.map((i) => i.vi),
          ],
          en: [
            `${by.en} asks you to complete your ${what.en} ${d.reference}) (form 02), at ${t(d.requestedAt)}.`,
            `Reason: ${d.reason}`,
            'What to add or correct:',
            ...items.map((i) => i.en),
          ],
        },
        `Hồ sơ ${d.reference} cần bổ sung, hoàn thiện ${d.items.length} nội dung (Mẫu số 02): ${d.reason}. Vui lòng xem thư điện tử hoặc liên hệ Bộ phận Một cửa.`,
      );
    }
    case 'apology': {
      const agency = names.agency(d.responsibleAgencyCode);
      const signer = d.signer ? [`${d.signer.title}: ${d.signer.name}`] : [];
      return compose(
        {
          vi: `Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${d.dossierCode}`,
          en: `Apology and new appointment for dossier ${d.dossierCode}`,
        },
        {
          vi: [
            `${agency.vi} xin lỗi Ông/Bà vì hồ sơ ${d.dossierCode} chưa giải quyết được đúng hẹn ${t(d.previousAppointmentAt)}.`,
            `Lý do: ${d.reason}`,
            `Thời gian hẹn trả kết quả mới: ${t(d.newAppointmentAt)}.`,
            ...signer,
          ],
          en: [
            `${agency.en} apologises: dossier ${d.dossierCode} could not be resolved by the appointment of ${t(d.previousAppointmentAt)}.`,
            `Reason: ${d.reason}`,
            `New appointment for the result: ${t(d.newAppointmentAt)}.`,
            ...signer,
          ],
        },
        `${agency.vi} xin lỗi vì hồ sơ ${d.dossierCode} chậm trả kết quả. Hẹn lại: ${t(d.newAppointmentAt)}.`,
      );
    }
    case 'result-ready-early':
    case 'result-ready': {
      const desk = names.agency(d.deskUnitCode);
      const early = d.kind === 'result-ready-early';
      return compose(
        early
          ? {
              vi: `Hồ sơ ${d.dossierCode} đã có kết quả trước hạn`,
              en: `Dossier ${d.dossierCode}: result ready early`,
            }
          : { vi: `Hồ sơ ${d.dossierCode} đã có kết quả`, en: `Dossier ${d.dossierCode}: result ready` },
        {
          vi: [
            `Hồ sơ ${d.dossierCode} của Ông/Bà đã có kết quả lúc ${t(d.readyAt)}${early ? `, trước ngày hẹn ${t(d.appointmentAt)}` : ''}.`,
            `Mời Ông/Bà nhận kết quả tại ${desk.vi}.`,
          ],
          en: [
            `The result of your dossier ${d.dossierCode} was ready at ${t(d.readyAt)}${early ? `, before the appointment of ${t(d.appointmentAt)}` : ''}.`,
            `Please collect it at ${desk.en}.`,
          ],
        },
        `Hồ sơ ${d.dossierCode} đã có kết quả${early ? ' trước hẹn' : ''}. Mời nhận tại ${desk.vi}.`,
      );
    }
  }
}

function compose(
  subject: { readonly vi: string; readonly en: string },
  body: { readonly vi: readonly string[]; readonly en: readonly string[] },
  short: string,
): NoticeMessage {
  return {
    subject: `${subject.vi} / ${subject.en}`,
    text: [
      'Kính gửi Ông/Bà,',
      '',
      ...body.vi,
      '',
      SIGNATURE.vi,
      '',
      '---- English ----',
      '',
      'Dear applicant,',
      '',
      ...body.en,
      '',
      SIGNATURE.en,
      '',
    ].join('\n'),
    short,
  };
}

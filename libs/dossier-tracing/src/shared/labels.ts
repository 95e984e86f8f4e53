import { formatVietnamTime as t } from './vietnam-time';
import {
  type ApplicantNoticeChannel,
  type ApplicantNoticeKind,
  type ApplicantNoticeNotSentReason,
  type DossierStatus,
  type IntakeChannel,
  type ResultChannel,
  type StepJudgement,
  type Timeliness,
} from '@lien-thong/dossier-model';

/** A text in Vietnamese and English. */
export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

export const STATUS_LABELS: { readonly [S in DossierStatus]: Bilingual } = {
  new: { vi: 'Chưa tiếp nhận', en: 'Not received' },
  'intake-supplement-requested': {
    vi: 'Yêu cầu bổ sung khi tiếp nhận',
    en: 'Supplement requested at intake',
  },
  'intake-refused': { vi: 'Từ chối tiếp nhận', en: 'Refused at intake' },
  accepted: { vi: 'Đã tiếp nhận', en: 'Received' },
  'in-processing': { vi: 'Đang xử lý', en: 'In processing' },
  'result-ready': { vi: 'Đã có kết quả', en: 'Result ready' },
  returned: { vi: 'Đã trả kết quả', en: 'Result returned' },
  stopped: { vi: 'Dừng xử lý', en: 'Processing stopped' },
  withdrawn: { vi: 'Đã rút hồ sơ', en: 'Withdrawn' },
};

export const TIMELINESS_LABELS: { readonly [T in Timeliness]: Bilingual } = {
  early: { vi: 'trước hạn', en: 'early' },
  'on-time': { vi: 'đúng hạn', en: 'on time' },
  late: { vi: 'trễ hạn', en: 'late' },
};

/** Also 'not-counted': a step marked `excludedFromLimit`, whose time is the applicant's. */
export const STEP_JUDGEMENT_LABELS: { readonly [J in StepJudgement]: Bilingual } = {
  ...TIMELINESS_LABELS,
  'not-counted': { vi: 'không tính vào thời hạn giải quyết', en: 'not counted towards the time limit' },
};

/**
 * A step excluded from the limit against its own period (e.g. 30 days to pay): information about the
 * applicant's time, worded so that it never reads as an agency's lateness (trễ hạn).
 */
export function ownPeriodLabel(outcome: Timeliness, deadline: string): Bilingual {
  return outcome === 'late'
    ? {
        vi: `quá thời hạn riêng của bước (${t(deadline)})`,
        en: `past the step's own period (${t(deadline)})`,
      }
    : {
        vi: `trong thời hạn riêng của bước (${t(deadline)})`,
        en: `within the step's own period (${t(deadline)})`,
      };
}

export const INTAKE_CHANNEL_LABELS: { readonly [C in IntakeChannel]: Bilingual } = {
  counter: { vi: 'trực tiếp tại quầy', en: 'at the counter' },
  post: { vi: 'qua bưu chính công ích', en: 'by public post' },
  online: { vi: 'trực tuyến', en: 'online' },
  'national-portal': {
    vi: 'qua Cổng Dịch vụ công quốc gia',
    en: 'through the national public service portal',
  },
  other: { vi: 'qua kênh khác', en: 'through another registered channel' },
};

export const RESULT_CHANNEL_LABELS: { readonly [C in ResultChannel]: Bilingual } = {
  counter: { vi: 'tại quầy', en: 'at the counter' },
  post: { vi: 'qua bưu chính', en: 'by post' },
  online: { vi: 'trực tuyến', en: 'online' },
};

export const NOTICE_KIND_LABELS: { readonly [K in ApplicantNoticeKind]: Bilingual } = {
  'intake-acknowledged': { vi: 'thông báo đã tiếp nhận hồ sơ', en: 'the intake acknowledgement' },
  'supplement-requested': { vi: 'yêu cầu bổ sung hồ sơ (mẫu 02)', en: 'the supplement request (form 02)' },
  apology: { vi: 'văn bản xin lỗi và hẹn lại (mẫu 04)', en: 'the apology and new appointment (form 04)' },
  'result-ready-early': { vi: 'thông báo có kết quả trước hạn', en: 'the early-result notice' },
  'result-ready': { vi: 'thông báo có kết quả', en: 'the result-ready notice' },
};

export const NOTICE_CHANNEL_LABELS: { readonly [C in ApplicantNoticeChannel]: Bilingual } = {
  email: { vi: 'thư điện tử', en: 'e-mail' },
  sms: { vi: 'tin nhắn SMS', en: 'SMS' },
  zalo: { vi: 'Zalo', en: 'Zalo' },
};

export const NOTICE_NOT_SENT_LABELS: { readonly [R in ApplicantNoticeNotSentReason]: Bilingual } = {
  'personal-data-erased': { vi: 'dữ liệu cá nhân đã bị xóa', en: 'personal data erased' },
  'no-contact': { vi: 'không có địa chỉ thư hoặc số điện thoại', en: 'no e-mail address or phone number' },
  'no-channel-configured': { vi: 'chưa cấu hình kênh gửi', en: 'no sending channel configured' },
  'delivery-failed': { vi: 'gửi không thành công', en: 'delivery failed' },
};

/** Statuses in which processing is over: nothing can be overdue any more. */
export const FINISHED_STATUSES: readonly DossierStatus[] = [
  'intake-supplement-requested',
  'intake-refused',
  'result-ready',
  'returned',
  'stopped',
  'withdrawn',
];

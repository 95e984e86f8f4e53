// What the applicant was told (issue 18, item 11): each sending, or the reason nothing was sent.
import {
  APPLICANT_NOTICE_KINDS,
  POSTAL_SHIPMENT_STATUSES,
  applicantNoticeKey,
  type DossierEvent,
  type DossierState,
} from '@lien-thong/dossier-model';
import type { RecordApplicantNotice, RecordPostalShipment } from '../dossier-commands';
import { CommandProblems, dossierError } from '../dossier-errors';

const CHANNELS = ['email', 'sms', 'zalo'];
const REASONS = ['personal-data-erased', 'no-contact', 'no-channel-configured', 'delivery-failed'];

/**
 * Records one notice on one channel, once. Any stream that has begun (a dossier, or an intake that
 * ended with a supplement request) may record it; the same notice and channel recorded again decides
 * nothing, so a sender retried after a crash writes no duplicate. A notice is never recorded as sent once
 * the applicant's personal data is erased: nothing may be sent then.
 */
export function recordApplicantNotice(c: RecordApplicantNotice, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  const d = c.notice.data;
  p.text(d.noticeId, 'notice.noticeId');
  if (!APPLICANT_NOTICE_KINDS.includes(d.kind)) p.add('notice.kind', 'ENUM', 'not a notice kind');
  p.text(d.cause.eventId, 'notice.cause.eventId');
  p.text(d.cause.eventType, 'notice.cause.eventType');
  if (c.notice.type === 'ApplicantNotified') {
    if (!CHANNELS.includes(c.notice.data.channel)) p.add('notice.channel', 'ENUM', 'email, sms or zalo');
    p.instant(c.notice.data.sentAt, 'notice.sentAt');
  } else {
    const n = c.notice.data;
    if (n.channel !== null && !CHANNELS.includes(n.channel))
      p.add('notice.channel', 'ENUM', 'email, sms, zalo or null');
    if (!REASONS.includes(n.reason)) p.add('notice.reason', 'ENUM', 'not a reason');
    p.text(n.detail, 'notice.detail');
    p.instant(n.at, 'notice.at');
  }
  p.throwIfAny();
  if (state.status === 'new')
    throw dossierError(
      'DOSSIER_NOT_FOUND',
      'There is no dossier or intake to record a notice in',
      'Không có hồ sơ để ghi nhận thông báo',
    );
  if (state.applicantNotices.includes(applicantNoticeKey(d.noticeId, d.channel))) return [];
  if (c.notice.type === 'ApplicantNotified' && state.applicantDataErased)
    throw dossierError(
      'DOSSIER_APPLICANT_DATA_ALREADY_ERASED',
      "The applicant's personal data was erased: nothing may be sent to them",
      'Dữ liệu cá nhân của người nộp đã được xóa; không được gửi thông báo',
    );
  return [c.notice];
}

/**
 * Records a postal shipment's status (issue 24), once: the same tracking number and status again
 * decides nothing (a tracker retried after a crash). Only a result returned by post travels by post.
 */
export function recordPostalShipment(c: RecordPostalShipment, state: DossierState): DossierEvent[] {
  const p = new CommandProblems();
  p.text(c.data.trackingNumber, 'trackingNumber');
  if (c.data.shipment !== 'result') p.add('shipment', 'ENUM', "only 'result'");
  if (!POSTAL_SHIPMENT_STATUSES.includes(c.data.status))
    p.add('status', 'ENUM', POSTAL_SHIPMENT_STATUSES.join(', '));
  p.instant(c.data.at, 'at');
  p.throwIfAny();
  if (state.status === 'new')
    throw dossierError('DOSSIER_NOT_FOUND', 'There is no such dossier', 'Không có hồ sơ này');
  if (state.postalShipments.includes(`${c.data.trackingNumber}/${c.data.status}`)) return [];
  if (state.status !== 'returned' || state.result?.channel !== 'post')
    throw dossierError(
      'DOSSIER_WRONG_STATUS',
      'Only a result returned by post travels by post: record the return (channel post) first',
      'Chỉ kết quả trả qua bưu chính mới có bưu gửi',
    );
  return [{ type: 'PostalShipmentUpdated', data: { ...c.data } }];
}

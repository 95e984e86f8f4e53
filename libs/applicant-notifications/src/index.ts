export { ApplicantNotificationsModule } from './applicant-notifications.module';
export {
  applicantNotificationMigrations,
  migrateApplicantNotifications,
} from './applicant-notifications.migrations';
export { applicantNotificationProjections } from './applicant-notifications.projections';
export {
  APPLICANT_NOTICE_OUTBOX_PROJECTION,
  applicantNoticeOutboxProjection,
  noticeIdOf,
} from './outbox/applicant-notice-outbox.projection';
export { ApplicantNoticeOutbox, type ClaimedNotice } from './outbox/applicant-notice-outbox';
export {
  owedNotice,
  NOTICE_EVENT_TYPES,
  isNoticeEventType,
  type NoticeDetails,
  type NoticeEventType,
} from './notices/notice-routes';
export { noticeMessage, vietnamTime, type NoticeMessage, type NoticeNames } from './notices/notice-message';
export {
  scrubbed,
  type ApplicantNoticeSender,
  type OutgoingNotice,
  type SendResult,
} from './senders/notice-sender.port';
export {
  SmtpNoticeSender,
  DEFAULT_MAIL_FROM,
  type SmtpNoticeSenderOptions,
} from './senders/smtp-notice-sender';
export {
  HttpGatewayNoticeSender,
  type HttpGatewayNoticeSenderOptions,
  type GatewayMessage,
} from './senders/http-gateway-notice-sender';
export { noticeSendersFor } from './senders/notice-senders';
export {
  ApplicantNoticeDispatcher,
  APPLICANT_NOTICES_ACTOR,
  type ApplicantNoticeDispatcherOptions,
  type ApplicantNoticeDispatcherDeps,
} from './dispatch/applicant-notice-dispatcher';
export { LocalMailbox, type LocalMailboxOptions, type ReceivedMail } from './local-mailbox/local-mailbox';

export { AgencyNotificationsModule } from './agency-notifications.module';
export { agencyNotificationMigrations, migrateAgencyNotifications } from './agency-notifications.migrations';
export {
  AgencyWebhooks,
  DEFAULT_SECRET_GRACE_MS,
  type AgencyWebhooksOptions,
  type WebhookRegistrationView,
  type WebhookSecretView,
  type RegisterWebhookResult,
} from './webhooks/agency-webhooks';
export { WebhookSecretCipher } from './webhooks/webhook-secret-cipher';
export { resealWebhookSecrets, webhookSecretKeyUsage } from './webhooks/webhook-secrets-rotation';
export { webhookUrlProblems } from './webhooks/webhook-url';
export {
  WebhookAddressPolicy,
  WEBHOOK_ALLOWED_NETWORKS_SETTING,
  LOCAL_WEBHOOK_RECEIVER_PORTS,
  nonPublicAddressReason,
} from './webhooks/webhook-address-policy';
export {
  verifyWebhookSignature,
  computeWebhookSignature,
  signatureHeader,
  newWebhookSecret,
  type VerifyWebhookSignatureInput,
  type WebhookVerification,
} from './signing/webhook-signature';
export {
  AGENCY_NOTIFICATION_OUTBOX_PROJECTION,
  agencyNotificationOutboxProjection,
  notificationId,
} from './outbox/agency-notification-outbox.projection';
export { NOTIFICATION_ROUTES, ROUTED_EVENT_TYPES, type RoutedEventType } from './outbox/notification-routes';
export { OutboxStore, type ClaimedDelivery, type DeliveryOutcome } from './outbox/outbox-store';
export {
  WebhookDispatcher,
  DEFAULT_DISPATCHER_OPTIONS,
  type WebhookDispatcherOptions,
} from './delivery/webhook-dispatcher';
export { webhookDispatcherOptionsFromEnv } from './delivery/webhook-dispatcher-options';
export { PollLoop } from './delivery/poll-loop';
export {
  DEFAULT_BACKOFF,
  retryDelayMs,
  afterFailedAttempt,
  type BackoffPolicy,
  type AfterFailure,
} from './delivery/delivery-backoff';
export {
  httpWebhookSender,
  type HttpWebhookSenderOptions,
  type HostResolver,
  type ResolvedAddress,
  type WebhookSender,
  type WebhookRequest,
  type SendResult,
} from './delivery/webhook-sender';
export {
  readDeliveryLog,
  DELIVERY_STATUSES,
  type DeliveryLogEntry,
  type DeliveryStatus,
} from './deliveries/delivery-log';

export { agencyNotificationProjections } from './agency-notifications.projections';

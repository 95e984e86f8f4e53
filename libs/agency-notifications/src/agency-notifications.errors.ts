import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code the webhooks and their deliveries can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable: agencies' systems may depend on them.
 */
export const AGENCY_NOTIFICATION_ERROR_CODES = {
  DELIVERY_LOG_QUERY_INVALID: 'validation',
  WEBHOOK_NOT_REGISTERED: 'not-found',
  WEBHOOK_REGISTRATION_INVALID: 'validation',
} as const satisfies Record<string, DomainErrorKind>;

export type AgencyNotificationErrorCode = keyof typeof AGENCY_NOTIFICATION_ERROR_CODES;

export const notificationError = domainErrors(AGENCY_NOTIFICATION_ERROR_CODES);

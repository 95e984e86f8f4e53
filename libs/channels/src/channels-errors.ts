import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code of the channels (the national portal, online filing), with its kind (which decides the HTTP
 * status in the API's one exception filter). Codes are stable.
 */
export const CHANNEL_ERROR_CODES = {
  PORTAL_NOT_CONNECTED: 'not-found',
  PORTAL_UNAVAILABLE: 'unavailable',
  PORTAL_SUBMISSION_NOT_FOUND: 'not-found',
  PORTAL_SUBMISSION_INVALID: 'unprocessable',
  PORTAL_QUEUE_SCOPE_FORBIDDEN: 'forbidden',
  FILING_NOT_FOUND: 'not-found',
  FILING_INVALID: 'validation',
  FILING_CHANNEL_NOT_ALLOWED: 'unprocessable',
  FILING_ALREADY_DECIDED: 'conflict',
  FILING_RATE_EXCEEDED: 'rate-limited',
  FILING_KEY_REQUIRED: 'validation',
  FILING_IDEMPOTENCY_KEY_REUSED: 'conflict',
  FILING_ERASED: 'conflict',
  POSTAL_NOT_CONNECTED: 'not-found',
  POSTAL_UNAVAILABLE: 'unavailable',
  PICKUP_INVALID: 'validation',
  PICKUP_CHANNEL_NOT_ALLOWED: 'unprocessable',
  PICKUP_NOT_FOUND: 'not-found',
  PICKUP_ERASED: 'conflict',
  CHAT_NOT_CONNECTED: 'not-found',
  CHAT_SIGNATURE_INVALID: 'unauthenticated',
  CHAT_MESSAGE_INVALID: 'validation',
} as const satisfies Record<string, DomainErrorKind>;

export const channelError = domainErrors(CHANNEL_ERROR_CODES);

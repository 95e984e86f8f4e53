import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code of the channels (the national portal today), with its kind (which decides the HTTP
 * status in the API's one exception filter). Codes are stable.
 */
export const CHANNEL_ERROR_CODES = {
  PORTAL_NOT_CONNECTED: 'not-found',
  PORTAL_UNAVAILABLE: 'unavailable',
  PORTAL_SUBMISSION_NOT_FOUND: 'not-found',
  PORTAL_SUBMISSION_INVALID: 'unprocessable',
  PORTAL_QUEUE_SCOPE_FORBIDDEN: 'forbidden',
} as const satisfies Record<string, DomainErrorKind>;

export const channelError = domainErrors(CHANNEL_ERROR_CODES);

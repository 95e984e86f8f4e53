import { assertActsFor, type Principal } from '@lien-thong/access';
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

/**
 * The receiving unit a desk's list is about: the one asked for (`?unit=`), else the caller's own; the
 * caller must act for it (403 otherwise), and one who acts for no unit must name it.
 */
export function listedUnit(principal: Principal, unit: string | undefined): string {
  const asked = unit?.trim() || principal.agencyCode;
  if (!asked)
    throw channelError(
      'PORTAL_QUEUE_SCOPE_FORBIDDEN',
      'Name the receiving unit (?unit=<code>): the caller acts for none',
      'Cần chọn đơn vị tiếp nhận',
    );
  assertActsFor(principal, asked);
  return asked;
}

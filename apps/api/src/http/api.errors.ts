import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code the HTTP layer (the shape of requests) can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable: agencies' systems may depend on them.
 */
export const API_ERROR_CODES = {
  BODY_TOO_DEEP: 'validation',
  QUERY_PARAMETER_REPEATED: 'validation',
} as const satisfies Record<string, DomainErrorKind>;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;

export const apiError = domainErrors(API_ERROR_CODES);

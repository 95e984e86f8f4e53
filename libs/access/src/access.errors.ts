import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code the access checks (who may call what) can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable: agencies' systems may depend on them.
 */
export const ACCESS_ERROR_CODES = {
  AGENCY_MISMATCH: 'forbidden',
  AUTHENTICATION_REQUIRED: 'unauthenticated',
} as const satisfies Record<string, DomainErrorKind>;

export type AccessErrorCode = keyof typeof ACCESS_ERROR_CODES;

export const accessError = domainErrors(ACCESS_ERROR_CODES);

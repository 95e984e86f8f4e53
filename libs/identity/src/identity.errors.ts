import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code identity (logins, tokens, API clients, staff users, the audit log) can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable: agencies' systems may depend on them.
 */
export const IDENTITY_ERROR_CODES = {
  API_CLIENT_INVALID: 'validation',
  API_CLIENT_NOT_FOUND: 'not-found',
  AUDIT_QUERY_INVALID: 'validation',
  AUTHENTICATION_REQUIRED: 'unauthenticated',
  ENDPOINT_NOT_DECLARED: 'forbidden',
  INVALID_CLIENT: 'unauthenticated',
  INVALID_CREDENTIALS: 'unauthenticated',
  LOGIN_INVALID: 'validation',
  QUERY_PARAMETER_UNKNOWN: 'validation',
  ROLE_NOT_ALLOWED: 'forbidden',
  STAFF_USER_EXISTS: 'conflict',
  STAFF_USER_INVALID: 'validation',
  STAFF_USER_NOT_FOUND: 'not-found',
  TOKEN_REQUEST_INVALID: 'validation',
} as const satisfies Record<string, DomainErrorKind>;

export type IdentityErrorCode = keyof typeof IDENTITY_ERROR_CODES;

export const identityError = domainErrors(IDENTITY_ERROR_CODES);

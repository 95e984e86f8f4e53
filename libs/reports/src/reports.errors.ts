import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code the reports can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable.
 */
export const REPORT_ERROR_CODES = {
  REPORT_NOT_FOUND: 'not-found',
  REPORT_QUERY_INVALID: 'validation',
  REPORT_SCOPE_FORBIDDEN: 'forbidden',
} as const satisfies Record<string, DomainErrorKind>;

export type ReportErrorCode = keyof typeof REPORT_ERROR_CODES;

export const reportError = domainErrors(REPORT_ERROR_CODES);

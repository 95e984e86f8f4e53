import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code the dossier read models and their queries can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable: agencies' systems may depend on them.
 */
export const TRACING_ERROR_CODES = {
  DOSSIER_QUERY_INVALID: 'validation',
  INBOX_STREAMS_EXCEEDED: 'rate-limited',
  LOOKUP_KEY_REQUIRED: 'validation',
  LOOKUP_MISSES_EXCEEDED: 'rate-limited',
  QUERY_PARAMETER_INVALID: 'validation',
  QUERY_PARAMETER_UNKNOWN: 'validation',
  UNIT_MISMATCH: 'forbidden',
} as const satisfies Record<string, DomainErrorKind>;

export type TracingErrorCode = keyof typeof TRACING_ERROR_CODES;

export const tracingError = domainErrors(TRACING_ERROR_CODES);

import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code the printed forms can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable: agencies' systems may depend on them.
 */
export const FORM_ERROR_CODES = {
  FORM_NOT_AVAILABLE: 'not-found',
  FORM_NOT_FOR_INTAKE: 'validation',
  FORM_NOT_PER_DOSSIER: 'validation',
  FORM_UNKNOWN: 'validation',
  LANGUAGE_UNKNOWN: 'validation',
} as const satisfies Record<string, DomainErrorKind>;

export type FormErrorCode = keyof typeof FORM_ERROR_CODES;

export const formError = domainErrors(FORM_ERROR_CODES);

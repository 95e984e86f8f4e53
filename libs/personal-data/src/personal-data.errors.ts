import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code the personal-data vault can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable: agencies' systems may depend on them.
 */
export const PERSONAL_DATA_ERROR_CODES = {
  PERSONAL_DATA_ERASED: 'conflict',
  PERSONAL_DATA_NOT_FOUND: 'not-found',
  PERSONAL_DATA_UNREADABLE: 'unavailable',
} as const satisfies Record<string, DomainErrorKind>;

export type PersonalDataErrorCode = keyof typeof PERSONAL_DATA_ERROR_CODES;

export const personalDataError = domainErrors(PERSONAL_DATA_ERROR_CODES);

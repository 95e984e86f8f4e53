import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code the agency directory can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable: agencies' systems may depend on them.
 */
export const AGENCY_ERROR_CODES = {
  AGENCY_CODE_INVALID: 'validation',
  AGENCY_CODE_TAKEN: 'conflict',
  AGENCY_IMPORT_INVALID: 'validation',
  AGENCY_INACTIVE: 'conflict',
  AGENCY_NOT_FOUND: 'not-found',
  AGENCY_SAME_CODE: 'validation',
} as const satisfies Record<string, DomainErrorKind>;

export type AgencyErrorCode = keyof typeof AGENCY_ERROR_CODES;

export const agencyError = domainErrors(AGENCY_ERROR_CODES);

/** 404: no agency with this code in the directory (or, inside the decider, none recorded yet). */
export function agencyNotFound(code?: string) {
  return code
    ? agencyError('AGENCY_NOT_FOUND', `No agency with code ${code}`, `Không tìm thấy cơ quan ${code}`)
    : agencyError('AGENCY_NOT_FOUND', 'No such agency', 'Không tìm thấy cơ quan');
}

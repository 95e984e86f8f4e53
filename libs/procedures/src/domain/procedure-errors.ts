import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code the procedure catalogue and designs can raise, with its kind (which decides the HTTP status in the API's one
 * exception filter). Declared once here; codes are stable: agencies' systems may depend on them.
 */
export const PROCEDURE_ERROR_CODES = {
  PROCEDURE_CODE_CHANGED: 'validation',
  PROCEDURE_DRAFT_INVALID: 'validation',
  PROCEDURE_EXISTS: 'conflict',
  PROCEDURE_INVALID: 'validation',
  PROCEDURE_NOT_FOUND: 'not-found',
  PROCEDURE_NO_DRAFT: 'conflict',
  PROCEDURE_UNCHANGED: 'unprocessable',
  PROCEDURE_VERSION_DEPRECATED: 'conflict',
  PROCEDURE_VERSION_NOT_FOUND: 'not-found',
  REASON_REQUIRED: 'validation',
} as const satisfies Record<string, DomainErrorKind>;

export type ProcedureErrorCode = keyof typeof PROCEDURE_ERROR_CODES;

export const procedureError = domainErrors(PROCEDURE_ERROR_CODES);

import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/**
 * Every error code of uploads and attachments, with its kind (which decides the HTTP status in the API's
 * one exception filter). Codes are stable: agencies' systems may depend on them.
 */
export const FILE_ERROR_CODES = {
  FILE_NAME_INVALID: 'validation',
  FILE_EMPTY: 'validation',
  FILE_UPLOAD_INTERRUPTED: 'validation',
  FILE_TOO_LARGE: 'too-large',
  FILE_TYPE_NOT_ALLOWED: 'unsupported-media-type',
  FILE_CONTENT_MISMATCH: 'unsupported-media-type',
  FILE_INFECTED: 'unprocessable',
  FILE_SCAN_UNAVAILABLE: 'unavailable',
  FILE_UPLOADER_UNKNOWN: 'forbidden',
  FILE_UNKNOWN: 'unprocessable',
  FILE_NOT_YOURS: 'forbidden',
  FILE_METADATA_MISMATCH: 'unprocessable',
  FILE_NOT_FOUND: 'not-found',
} as const satisfies Record<string, DomainErrorKind>;

export type FileErrorCode = keyof typeof FILE_ERROR_CODES;

export const fileError = domainErrors(FILE_ERROR_CODES);

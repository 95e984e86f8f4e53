import { DomainError, type DomainErrorKind, type ProblemDetail } from '@lien-thong/contracts';

/**
 * Every error code the dossier decider can raise, with its kind (which decides the HTTP status in the
 * API's one exception filter). Codes are stable: agencies' systems may depend on them.
 */
export const DOSSIER_ERROR_CODES = {
  DOSSIER_INVALID_COMMAND: 'validation',
  DOSSIER_RECEPTION_CLOSED: 'unprocessable',
  DOSSIER_DOCUMENTS_INCOMPLETE: 'unprocessable',
  DOSSIER_CHANNEL_NOT_ALLOWED: 'unprocessable',
  DOSSIER_RECEIPT_REQUIRED: 'unprocessable',
  DOSSIER_INTAKE_ALREADY_DECIDED: 'conflict',
  DOSSIER_NOT_FOUND: 'not-found',
  DOSSIER_NOT_ACCEPTED: 'conflict',
  DOSSIER_CLOSED: 'conflict',
  DOSSIER_WRONG_STATUS: 'conflict',
  DOSSIER_TRANSFER_FROM_WRONG_UNIT: 'forbidden',
  DOSSIER_STEP_UNKNOWN: 'not-found',
  DOSSIER_STEP_ALREADY_ACTIVE: 'conflict',
  DOSSIER_STEP_ALREADY_COMPLETED: 'conflict',
  DOSSIER_STEP_PREDECESSORS_PENDING: 'conflict',
  DOSSIER_STEP_WRONG_OWNER: 'unprocessable',
  DOSSIER_HANDOFF_FROM_WRONG_AGENCY: 'forbidden',
  DOSSIER_STEP_NOT_ACTIVE: 'conflict',
  DOSSIER_STEP_NOT_HELD: 'forbidden',
  DOSSIER_STEP_NOT_RECEIVED: 'conflict',
  DOSSIER_RETURN_TARGET_INVALID: 'unprocessable',
  DOSSIER_SUPPLEMENT_ALREADY_OPEN: 'conflict',
  DOSSIER_SUPPLEMENT_WINDOW_PASSED: 'unprocessable',
  DOSSIER_NO_OPEN_SUPPLEMENT: 'conflict',
  DOSSIER_AWAITING_SUPPLEMENT: 'conflict',
  DOSSIER_STEP_DEADLINES_MISMATCH: 'validation',
  DOSSIER_EXCLUDED_PHASE_OPEN: 'conflict',
  DOSSIER_EXCLUDED_PHASE_NOT_OPEN: 'conflict',
  DOSSIER_EXCLUDED_PHASE_RESERVED: 'unprocessable',
  DOSSIER_CLOCK_PAUSED: 'conflict',
  DOSSIER_STEP_NOT_YET_OVERDUE: 'unprocessable',
  DOSSIER_STEP_EXCLUDED_FROM_LIMIT: 'unprocessable',
  DOSSIER_STEP_DEADLINE_MOVED: 'conflict',
  DOSSIER_STEP_ALREADY_OVERDUE: 'conflict',
  DOSSIER_STEP_HANDED_OFF_AGAIN: 'conflict',
  DOSSIER_APOLOGY_AGENCY_NOT_RESPONSIBLE: 'forbidden',
  DOSSIER_REAPPOINTMENT_LIMIT_REACHED: 'unprocessable',
  DOSSIER_APPOINTMENT_NOT_LATER: 'unprocessable',
  DOSSIER_APPOINTMENT_NOT_WORKING_DAY: 'unprocessable',
  DOSSIER_NO_SUPERVISING_AGENCY: 'unprocessable',
  DOSSIER_ESCALATION_NOT_SUPERVISING: 'unprocessable',
  DOSSIER_STEPS_UNFINISHED: 'conflict',
  DOSSIER_RESULT_ALREADY_READY: 'conflict',
  DOSSIER_ALREADY_RATED: 'conflict',
  DOSSIER_STILL_OPEN: 'conflict',
  DOSSIER_APPLICANT_DATA_ALREADY_ERASED: 'conflict',
  // Who may act on the dossier (dossier-access.ts).
  UNIT_MISMATCH: 'forbidden',
  AGENCY_MISMATCH: 'forbidden',
  // Raised by the application layer and the HTTP controllers of the write side.
  DOSSIER_CHANGED: 'conflict',
  DOSSIER_CODE_INSTANT_INVALID: 'validation',
  DOSSIER_CODE_PARTS_INVALID: 'validation',
  DOSSIER_CODE_UNIT_INVALID: 'validation',
  IDEMPOTENCY_KEY_INVALID: 'validation',
  IDEMPOTENCY_KEY_REUSED: 'unprocessable',
  IF_MATCH_INVALID: 'validation',
  INTAKE_ALREADY_DECIDED: 'conflict',
  INTAKE_INVALID: 'validation',
  INTAKE_NOT_FOUND: 'not-found',
  INTAKE_REF_IN_USE: 'conflict',
  PERSONAL_DATA_ERASED: 'conflict',
  PROCEDURE_NOT_PUBLISHED: 'unprocessable',
  PROCEDURE_VERSION_DEPRECATED: 'unprocessable',
  PROCEDURE_VERSION_NOT_PUBLISHED: 'unprocessable',
  REQUESTER_AGENCY_REQUIRED: 'validation',
  STEP_NOT_IN_PROCEDURE: 'unprocessable',
  STEP_OWNER_LACKS_ROLE: 'unprocessable',
} as const satisfies Record<string, DomainErrorKind>;

export type DossierErrorCode = keyof typeof DOSSIER_ERROR_CODES;

export function dossierError(
  code: DossierErrorCode,
  messageEn: string,
  messageVi: string,
  problems?: readonly ProblemDetail[],
): DomainError {
  return new DomainError(DOSSIER_ERROR_CODES[code], code, messageEn, messageVi, problems);
}

/** 404: no dossier with this code (or, inside the decider, none recorded yet). */
export function dossierNotFound(code?: string | null): DomainError {
  return code
    ? dossierError('DOSSIER_NOT_FOUND', `No dossier ${code}`, `Không tìm thấy hồ sơ ${code}`)
    : dossierError('DOSSIER_NOT_FOUND', 'No such dossier', 'Không tìm thấy hồ sơ');
}

/** 404: no intake (ended without a code) with this reference. */
export function intakeNotFound(ref: string): DomainError {
  return dossierError('INTAKE_NOT_FOUND', `No intake ${ref}`, `Không tìm thấy lượt tiếp nhận ${ref}`);
}

/** Collects every malformed field of a command, then fails once listing them all. */
export class CommandProblems {
  private readonly problems: ProblemDetail[] = [];

  /** A problem at `path`; `messageVi` where a person fills that field (the console shows it there). */
  add(path: string, code: string, message: string, messageVi?: string): void {
    this.problems.push({ path, code, message, ...(messageVi ? { messageVi } : {}) });
  }

  text(value: string | null | undefined, path: string): void {
    if (typeof value !== 'string' || value.trim() === '')
      this.add(path, 'REQUIRED', `${path} is required`, 'không được để trống');
  }

  instant(value: string | null | undefined, path: string): void {
    if (!isInstant(value)) {
      this.add(
        path,
        'INSTANT',
        `${path} must be an ISO 8601 date-time with an offset`,
        'phải là ngày giờ có múi giờ (ISO 8601)',
      );
    }
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    throw dossierError(
      'DOSSIER_INVALID_COMMAND',
      `The command has ${this.problems.length} problem(s): ${this.problems.map((p) => p.path).join(', ')}`,
      `Lệnh có ${this.problems.length} lỗi: ${this.problems.map((p) => p.path).join(', ')}`,
      [...this.problems],
    );
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

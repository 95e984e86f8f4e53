import type { Bilingual } from '../shared/labels';
import { type DossierStatus, type StatutoryLimitSnapshot, type Timeliness } from '@lien-thong/dossier-model';

export interface RegisterNote {
  readonly kind: 'supplement' | 'late' | 'apology' | 'stopped' | 'withdrawn';
  readonly at: string;
  readonly text: Bilingual;
}

/**
 * One line of the dossier register (form 07). `applicantRef` is the opaque vault reference: the
 * application layer opens it to print the applicant; it must never reach a public view.
 */
export interface RegisterEntry {
  readonly code: string;
  readonly status: DossierStatus;
  readonly procedure: { readonly code: string; readonly version: number };
  readonly applicantRef: string;
  /** True once the vault key is destroyed: the reference opens as 'erased'. */
  readonly applicantDataErased: boolean;
  readonly receivingUnitCode: string;
  readonly leadAgencyCode: string | null;
  /** Số lượng hồ sơ (bộ). Absent on entries stored before it was kept: rebuild the register. */
  readonly sets?: number;
  /**
   * The procedure's statutory limit as the dossier is bound to it; null for dossiers received before it
   * was recorded. Absent on entries stored before it was kept: rebuild the register.
   */
  readonly statutoryLimit?: StatutoryLimitSnapshot | null;
  readonly receivedAt: string;
  /** Statutory due date. */
  readonly dueAt: string;
  readonly appointmentAt: string;
  /** Sent to the processing agency. */
  readonly transferredAt: string | null;
  /** Result back at the desk. */
  readonly resultReadyAt: string | null;
  readonly resultOutcome: Timeliness | null;
  /**
   * Giải quyết trong ngày: for a procedure whose limit is the day or whose result is given at once, true
   * when its result was ready by its due date (counted as resolved within the day, early or on time),
   * false when late; null for other limits and before the result. What a report counts same-day
   * dossiers by.
   */
  readonly resolvedWithinDay?: boolean | null;
  /** Returned to the applicant. */
  readonly returnedAt: string | null;
  readonly notes: readonly RegisterNote[];
}

export interface RegisterPage {
  readonly items: readonly RegisterEntry[];
  /** Pass it as `offset` for the next page; null on the last page. */
  readonly nextOffset: number | null;
}

import type { Bilingual } from '../shared/labels';
import { type DossierStatus, type Timeliness } from '@lien-thong/dossier-model';

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
  readonly receivedAt: string;
  /** Statutory due date. */
  readonly dueAt: string;
  readonly appointmentAt: string;
  /** Sent to the processing agency. */
  readonly transferredAt: string | null;
  /** Result back at the desk. */
  readonly resultReadyAt: string | null;
  readonly resultOutcome: Timeliness | null;
  /** Returned to the applicant. */
  readonly returnedAt: string | null;
  readonly notes: readonly RegisterNote[];
}

export interface RegisterPage {
  readonly items: readonly RegisterEntry[];
  /** Pass it as `offset` for the next page; null on the last page. */
  readonly nextOffset: number | null;
}

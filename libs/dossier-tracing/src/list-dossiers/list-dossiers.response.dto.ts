import type { DossierListRow, OverdueStep, StepHolder } from './dossier-list.row';
import { type DossierStatus, type Timeliness } from '@lien-thong/dossier-model';

export interface DossierListItem {
  /** Null for an intake that ended without a code (form 02 or 03). */
  readonly code: string | null;
  readonly intakeRef: string;
  readonly procedureCode: string;
  readonly procedureVersion: number | null;
  readonly status: DossierStatus;
  readonly receivingUnitCode: string;
  readonly receivedAt: string;
  /** Statutory due date. */
  readonly dueAt: string | null;
  /** What the applicant was promised (an apology re-sets it). */
  readonly appointmentAt: string | null;
  readonly leadAgencyCode: string | null;
  readonly holders: readonly StepHolder[];
  /** At the query's `now`. */
  readonly overdue: boolean;
  readonly overdueSteps: readonly OverdueStep[];
  readonly clockPaused: boolean;
  readonly lateResponsibleAgencyCodes: readonly string[];
  /** Apologies (form 04), each with whether it came by its notice deadline (empty before any). */
  readonly apologies: NonNullable<DossierListRow['apologies']>;
  readonly resultReadyAt: string | null;
  readonly resultOutcome: Timeliness | null;
  readonly returnedAt: string | null;
}

export interface DossierListPage {
  readonly items: readonly DossierListItem[];
  /** Pass it as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

import type { AgencyEscalationRow, AgencyInboxRow } from './agency-inbox.rows';

export interface AgencyInboxItem extends AgencyInboxRow {
  /** Overdue now: recorded overdue, or past the deadline while the clock runs. */
  readonly overdue: boolean;
  /** Where to act on the step (relative URLs of the dossier API). */
  readonly links: {
    readonly dossier: string;
    readonly accept: string;
    readonly complete: string;
    readonly return: string;
    readonly supplementRequest: string;
  };
}

export interface AgencyEscalationItem extends AgencyEscalationRow {
  readonly links: { readonly dossier: string };
}

export interface AgencyInboxPage {
  readonly agencyCode: string;
  readonly items: readonly AgencyInboxItem[];
  /**
   * Dossiers escalated to this agency (as the supervising agency, or to its head) and still open,
   * newest first; not filtered or paged with the steps.
   */
  readonly escalations: readonly AgencyEscalationItem[];
  /** Total matching the filters (all pages). */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

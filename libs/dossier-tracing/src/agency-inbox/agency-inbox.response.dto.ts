import type { AgencyInboxRow } from './agency-inbox.rows';

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

export interface AgencyInboxPage {
  readonly agencyCode: string;
  readonly items: readonly AgencyInboxItem[];
  /** Total matching the filters (all pages). */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

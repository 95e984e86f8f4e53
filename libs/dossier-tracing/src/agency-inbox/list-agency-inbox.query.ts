import { Query } from '@nestjs/cqrs';
import type { AgencyInboxPage } from './agency-inbox.response.dto';

export interface AgencyInboxCriteria {
  readonly agencyCode: string;
  /** The instant "overdue" is judged at: the caller's clock. */
  readonly now: string;
  /** Only steps due at or before this instant (ISO 8601 with an offset). */
  readonly dueBefore?: string;
  /** true: only overdue steps (recorded overdue, or past the deadline while the clock runs); false: only others. */
  readonly overdue?: boolean;
  /** true: only steps the agency has accepted; false: only steps still to accept. */
  readonly accepted?: boolean;
  /** 1..200, default 50. */
  readonly limit?: number;
  readonly offset?: number;
}

/** The steps an agency holds now, the soonest deadline first. */
export class ListAgencyInbox extends Query<AgencyInboxPage> {
  constructor(readonly criteria: AgencyInboxCriteria) {
    super();
  }
}

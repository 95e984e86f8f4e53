import { Query } from '@nestjs/cqrs';
import type { DossierListPage } from './list-dossiers.response.dto';
import { type DossierStatus } from '@lien-thong/dossier-model';

export interface ListDossiersCriteria {
  /** The instant "due soon" and "overdue" are judged at: the caller's clock, never the handler's. */
  readonly now: string;
  readonly status?: DossierStatus | readonly DossierStatus[];
  readonly procedureCode?: string;
  /** Dossiers with a step currently held by this agency (any of their parallel branches). */
  readonly holderAgencyCode?: string;
  readonly receivingUnitCode?: string;
  /** Open dossiers whose statutory due date falls within this many hours after `now`. */
  readonly dueWithinHours?: number;
  /** true: only overdue dossiers; false: only dossiers that are not. */
  readonly overdue?: boolean;
  /** 1..200, default 50. */
  readonly limit?: number;
  /** From the previous page's `nextCursor`. Not together with `offset`. */
  readonly cursor?: string;
  readonly offset?: number;
  /**
   * Only what this caller may see (issue 16): dossiers whose desk (receiving or collecting unit) is
   * `deskUnitCode`, or in which `participantAgencyCode` took part. Absent: every dossier (an
   * administrator or a provincial inspector). Set by the API from the caller, never from the request.
   */
  readonly visibleTo?: { readonly deskUnitCode?: string; readonly participantAgencyCode?: string };
}

/** The dossier list: newest receipt first, then by code. */
export class ListDossiers extends Query<DossierListPage> {
  constructor(readonly criteria: ListDossiersCriteria) {
    super();
  }
}

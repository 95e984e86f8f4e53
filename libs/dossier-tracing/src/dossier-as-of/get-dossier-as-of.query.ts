import { Query } from '@nestjs/cqrs';
import type { DossierAsOfView } from './dossier-as-of.response.dto';

/** The dossier as it stood after a revision, or at an instant: give exactly one. */
export class GetDossierAsOf extends Query<DossierAsOfView> {
  constructor(
    readonly code: string,
    readonly at: { readonly revision?: number; readonly instant?: string },
  ) {
    super();
  }
}

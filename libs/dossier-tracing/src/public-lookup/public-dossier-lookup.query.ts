import { Query } from '@nestjs/cqrs';
import type { PublicDossierStatus } from './public-dossier-lookup.response.dto';

/**
 * The status anyone holding the dossier code and its lookup key may see (the receipt carries both).
 */
export class PublicDossierLookup extends Query<PublicDossierStatus> {
  constructor(
    readonly code: string,
    readonly key: string,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { PublicDossierStatus } from './public-dossier-lookup.response.dto';

/** The status anyone holding the dossier code may look up (the receipt carries the code). */
export class PublicDossierLookup extends Query<PublicDossierStatus> {
  constructor(readonly code: string) {
    super();
  }
}

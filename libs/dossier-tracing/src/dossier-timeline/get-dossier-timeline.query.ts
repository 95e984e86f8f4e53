import { Query } from '@nestjs/cqrs';
import type { DossierTimeline } from './dossier-timeline.response.dto';

/** Every event of a dossier, in stream order, with who acted and a short summary. */
export class GetDossierTimeline extends Query<DossierTimeline> {
  constructor(readonly code: string) {
    super();
  }
}

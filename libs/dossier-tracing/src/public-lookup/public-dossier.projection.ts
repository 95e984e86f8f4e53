import type { Projection } from '@lien-thong/projections';
import { documentProjection } from '../shared/document-projection';
import { evolvePublicDossier, type PublicDossierDoc } from './public-dossier.doc';

export const PUBLIC_DOSSIER_PROJECTION = 'dossier-public-lookup';

export function publicDossierProjection(): Projection {
  return documentProjection<PublicDossierDoc>({
    name: PUBLIC_DOSSIER_PROJECTION,
    table: 'dossier_public_lookup',
    // Intakes without a code have nothing to look up.
    categories: ['dossier'],
    migrations: [
      {
        id: '0001-dossier-public-lookup',
        sql: `CREATE TABLE dossier_public_lookup (
                stream text PRIMARY KEY,
                last_revision integer NOT NULL,
                doc jsonb NOT NULL,
                code text NOT NULL UNIQUE
              )`,
      },
    ],
    evolve: evolvePublicDossier,
    columns: (doc) => ({ code: doc.code }),
  });
}

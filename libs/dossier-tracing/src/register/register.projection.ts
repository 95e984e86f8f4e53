import type { Projection } from '@lien-thong/projections';
import { documentProjection } from '../shared/document-projection';
import { evolveRegisterEntry } from './register.entry';
import type { RegisterEntry } from './register.response.dto';

export const REGISTER_PROJECTION = 'dossier-register';

export function registerProjection(): Projection {
  return documentProjection<RegisterEntry>({
    name: REGISTER_PROJECTION,
    table: 'dossier_register',
    // The register lists received dossiers; intakes without a code are not in it.
    categories: ['dossier'],
    migrations: [
      {
        id: '0001-dossier-register',
        sql: `CREATE TABLE dossier_register (
                stream text PRIMARY KEY,
                last_revision integer NOT NULL,
                doc jsonb NOT NULL,
                code text NOT NULL UNIQUE,
                receiving_unit_code text NOT NULL,
                received_at timestamptz NOT NULL
              );
              CREATE INDEX dossier_register_period ON dossier_register (received_at, code);
              CREATE INDEX dossier_register_unit_period ON dossier_register (receiving_unit_code, received_at, code)`,
      },
    ],
    evolve: evolveRegisterEntry,
    columns: (entry) => ({
      code: entry.code,
      receiving_unit_code: entry.receivingUnitCode,
      received_at: entry.receivedAt,
    }),
  });
}

import type { Projection } from '@lien-thong/projections';
import { documentProjection } from '../shared/document-projection';
import { evolveControlSlip } from './control-slip.doc';
import type { ControlSlip } from './control-slip.response.dto';

export const CONTROL_SLIP_PROJECTION = 'dossier-control-slip';

export function controlSlipProjection(): Projection {
  return documentProjection<ControlSlip>({
    name: CONTROL_SLIP_PROJECTION,
    table: 'dossier_control_slips',
    // Intakes without a code never reach processing.
    categories: ['dossier'],
    migrations: [
      {
        id: '0001-dossier-control-slips',
        sql: `CREATE TABLE dossier_control_slips (
                stream text PRIMARY KEY,
                last_revision integer NOT NULL,
                doc jsonb NOT NULL,
                code text NOT NULL UNIQUE
              )`,
      },
    ],
    evolve: evolveControlSlip,
    columns: (slip) => ({ code: slip.header.code }),
  });
}

import type { Projection } from '@lien-thong/projections';
import { documentProjection } from '../shared/document-projection';
import { dossierListColumns, evolveDossierListRow, type DossierListRow } from './dossier-list.row';
import { DOSSIER_STREAM_CATEGORIES } from '@lien-thong/dossier-model';

export const DOSSIER_LIST_PROJECTION = 'dossier-list';

export function dossierListProjection(): Projection {
  return documentProjection<DossierListRow>({
    name: DOSSIER_LIST_PROJECTION,
    table: 'dossier_list',
    categories: DOSSIER_STREAM_CATEGORIES,
    migrations: [
      {
        id: '0001-dossier-list',
        sql: `CREATE TABLE dossier_list (
                stream text PRIMARY KEY,
                last_revision integer NOT NULL,
                doc jsonb NOT NULL,
                code text,
                status text NOT NULL,
                procedure_code text NOT NULL,
                receiving_unit_code text NOT NULL,
                received_at timestamptz NOT NULL,
                due_at timestamptz,
                due_counts boolean NOT NULL,
                overdue_step boolean NOT NULL,
                holder_agencies text[] NOT NULL
              );
              CREATE INDEX dossier_list_order ON dossier_list (received_at DESC, stream);
              CREATE INDEX dossier_list_status ON dossier_list (status, received_at DESC);
              CREATE INDEX dossier_list_unit ON dossier_list (receiving_unit_code, received_at DESC);
              CREATE INDEX dossier_list_holders ON dossier_list USING gin (holder_agencies);
              CREATE INDEX dossier_list_due ON dossier_list (due_at) WHERE due_counts;
              CREATE INDEX dossier_list_overdue ON dossier_list (received_at DESC) WHERE overdue_step`,
      },
      {
        // Who may see a row (issue 16): the desks of the dossier and the agencies that took part. The
        // rows stored before do not know the participants: the read model is rebuilt from the first
        // event (emptied, its checkpoint set back; a runner already following it starts again).
        id: '0002-dossier-list-visibility',
        sql: `ALTER TABLE dossier_list
                ADD COLUMN desk_units text[] NOT NULL DEFAULT '{}',
                ADD COLUMN participant_agencies text[] NOT NULL DEFAULT '{}';
              CREATE INDEX dossier_list_desks ON dossier_list USING gin (desk_units);
              CREATE INDEX dossier_list_participants ON dossier_list USING gin (participant_agencies);
              DELETE FROM dossier_list;
              UPDATE projection_checkpoints SET position = 0, events_applied = 0, updated_at = now()
               WHERE name = '${DOSSIER_LIST_PROJECTION}'`,
      },
    ],
    evolve: evolveDossierListRow,
    columns: dossierListColumns,
  });
}

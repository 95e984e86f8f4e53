import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Projection } from '@lien-thong/projections';
import { evolveDossier, initialDossierState, type DossierState } from '../../domain/dossier-state';
import { toDossierEvent } from '../shared/dossier-event';
import { agencyInboxRows } from './agency-inbox.rows';

export const AGENCY_INBOX_PROJECTION = 'agency-inbox';

/**
 * The agency inbox: every step each agency holds now, with its deadline. Keeps each dossier's folded
 * state (the decider's own `evolveDossier`, so the inbox cannot disagree with the rules) and rewrites
 * the dossier's inbox rows after each of its events.
 */
export function agencyInboxProjection(): Projection {
  return {
    name: AGENCY_INBOX_PROJECTION,
    filter: { categories: ['dossier'] },
    migrations: [
      {
        id: '0001-agency-inbox',
        sql: `CREATE TABLE agency_inbox_dossiers (
                stream text PRIMARY KEY,
                last_revision integer NOT NULL,
                state jsonb NOT NULL
              );
              CREATE TABLE agency_inbox (
                stream text NOT NULL,
                step_id text NOT NULL,
                agency_code text NOT NULL,
                deadline timestamptz NOT NULL,
                overdue_detected boolean NOT NULL,
                clock_paused boolean NOT NULL,
                accepted boolean NOT NULL,
                row jsonb NOT NULL,
                PRIMARY KEY (stream, step_id)
              );
              CREATE INDEX agency_inbox_by_agency ON agency_inbox (agency_code, deadline, stream, step_id)`,
      },
    ],
    async handle(recorded: RecordedEvent, tx: PoolClient): Promise<void> {
      const found = await tx.query<{ last_revision: number; state: DossierState }>(
        'SELECT last_revision, state FROM agency_inbox_dossiers WHERE stream = $1',
        [recorded.streamName],
      );
      const current = found.rows[0];
      if (current && current.last_revision >= recorded.revision) return;
      const state = evolveDossier(current?.state ?? initialDossierState, toDossierEvent(recorded));
      await tx.query(
        `INSERT INTO agency_inbox_dossiers (stream, last_revision, state) VALUES ($1, $2, $3)
         ON CONFLICT (stream) DO UPDATE SET last_revision = EXCLUDED.last_revision, state = EXCLUDED.state`,
        [recorded.streamName, recorded.revision, JSON.stringify(state)],
      );
      await tx.query('DELETE FROM agency_inbox WHERE stream = $1', [recorded.streamName]);
      for (const row of agencyInboxRows(state))
        await tx.query(
          `INSERT INTO agency_inbox (stream, step_id, agency_code, deadline, overdue_detected, clock_paused, accepted, row)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            recorded.streamName,
            row.stepId,
            row.agencyCode,
            row.deadline,
            row.overdueDetectedAt !== null,
            row.clockPaused,
            row.acceptedAt !== null,
            JSON.stringify(row),
          ],
        );
    },
    async reset(tx: PoolClient): Promise<void> {
      await tx.query('DELETE FROM agency_inbox');
      await tx.query('DELETE FROM agency_inbox_dossiers');
    },
  };
}

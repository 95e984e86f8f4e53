import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Projection } from '@lien-thong/projections';
import { evolveDossier, initialDossierState, type DossierState } from '../../domain/dossier-state';
import { toDossierEvent } from '../shared/dossier-event';
import { byStream, insertRows } from '../shared/multi-row-insert';
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
    handleBatch: applyInboxBatch,
    handle: (recorded: RecordedEvent, tx: PoolClient) => applyInboxBatch([recorded], tx),
    async reset(tx: PoolClient): Promise<void> {
      await tx.query('DELETE FROM agency_inbox');
      await tx.query('DELETE FROM agency_inbox_dossiers');
    },
  };
}

/**
 * A batch in four statements whatever its size: load the folded states of its dossiers, fold their
 * events in memory (an event at or below the stored revision changes nothing; the state goes through
 * JSON between events, as it would through the table), store the changed states and rewrite those
 * dossiers' inbox rows.
 */
async function applyInboxBatch(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
  if (events.length === 0) return;
  const streams = byStream(events);
  const found = await tx.query<{ stream: string; last_revision: number; state: DossierState }>(
    'SELECT stream, last_revision, state FROM agency_inbox_dossiers WHERE stream = ANY($1::text[])',
    [[...streams.keys()]],
  );
  const stored = new Map(found.rows.map((row) => [row.stream, row]));
  const changed: { stream: string; revision: number; json: string; state: DossierState }[] = [];
  for (const [stream, streamEvents] of streams) {
    let revision = stored.get(stream)?.last_revision ?? -1;
    let state = stored.get(stream)?.state ?? initialDossierState;
    let json: string | undefined;
    for (const recorded of streamEvents) {
      if (recorded.revision <= revision) continue;
      json = JSON.stringify(evolveDossier(state, toDossierEvent(recorded)));
      state = JSON.parse(json) as DossierState;
      revision = recorded.revision;
    }
    if (json !== undefined) changed.push({ stream, revision, json, state });
  }
  if (changed.length === 0) return;
  await insertRows(
    tx,
    'agency_inbox_dossiers',
    ['stream', 'last_revision', 'state'],
    changed.map(({ stream, revision, json }) => [stream, revision, json]),
    'ON CONFLICT (stream) DO UPDATE SET last_revision = EXCLUDED.last_revision, state = EXCLUDED.state',
  );
  await tx.query('DELETE FROM agency_inbox WHERE stream = ANY($1::text[])', [changed.map((c) => c.stream)]);
  await insertRows(
    tx,
    'agency_inbox',
    ['stream', 'step_id', 'agency_code', 'deadline', 'overdue_detected', 'clock_paused', 'accepted', 'row'],
    changed.flatMap(({ stream, state }) =>
      agencyInboxRows(state).map((row) => [
        stream,
        row.stepId,
        row.agencyCode,
        row.deadline,
        row.overdueDetectedAt !== null,
        row.clockPaused,
        row.acceptedAt !== null,
        JSON.stringify(row),
      ]),
    ),
  );
}

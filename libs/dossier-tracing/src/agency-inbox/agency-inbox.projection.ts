import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { BatchContext, Projection } from '@lien-thong/projections';
import { toDossierEvent } from '../shared/dossier-event';
import { insertRows } from '../shared/multi-row-insert';
import { foldBatchByStream, statesSql } from '../shared/stream-fold';
import { agencyInboxRows, escalationRows, keepsEscalations } from './agency-inbox.rows';
import { type DossierState, evolveDossier, initialDossierState } from '@lien-thong/dossier-model';

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
      {
        // Dossiers escalated to an agency (issue 18, item 5), while they are open. Escalations recorded
        // before this table existed appear after a rebuild of the projection.
        id: '0002-agency-escalations',
        sql: `CREATE TABLE agency_escalations (
                stream text NOT NULL,
                revision integer NOT NULL,
                agency_code text NOT NULL,
                escalated_at timestamptz NOT NULL,
                row jsonb NOT NULL,
                PRIMARY KEY (stream, revision, agency_code)
              );
              CREATE INDEX agency_escalations_by_agency ON agency_escalations (agency_code, escalated_at)`,
      },
      {
        // The channel the inbox's changes are announced on (inbox-changes.ts), one per schema like the
        // event store's: schemas sharing a database do not hear each other.
        id: '0003-agency-inbox-channel',
        sql: `CREATE FUNCTION agency_inbox_channel() RETURNS text LANGUAGE sql STABLE AS $fn$
                SELECT CASE WHEN octet_length(current_schema()) <= 48 THEN 'agency_inbox:' || current_schema()
                            ELSE 'agency_inbox:' || md5(current_schema()) END
              $fn$`,
      },
    ],
    handleBatch: applyInboxBatch,
    batchStates: (streams) => statesSql('agency_inbox_dossiers', 'state', streams),
    handle: (recorded: RecordedEvent, tx: PoolClient) => applyInboxBatch([recorded], tx),
    async reset(tx: PoolClient): Promise<void> {
      await tx.query('DELETE FROM agency_inbox');
      await tx.query('DELETE FROM agency_escalations');
      await tx.query('DELETE FROM agency_inbox_dossiers');
    },
  };
}

/**
 * A batch in four statements whatever its size: load the folded states of its dossiers (or take those a
 * read-model group loaded), fold their events in memory (`foldBatchByStream`), store the changed states
 * and rewrite those dossiers' inbox rows.
 * The statement that removes the old rows also announces the agencies whose inbox changed (those of the
 * old rows, the new ones and the escalations), delivered when the batch commits: the console's inbox
 * reloads then (inbox-changes.ts), and finds what changed.
 */
async function applyInboxBatch(
  events: readonly RecordedEvent[],
  tx: PoolClient,
  context?: BatchContext,
): Promise<void> {
  if (events.length === 0) return;
  const changed = await foldBatchByStream<DossierState>(
    tx,
    'agency_inbox_dossiers',
    'state',
    events,
    (state, recorded) => evolveDossier(state ?? initialDossierState, toDossierEvent(recorded)),
    context?.states,
  );
  if (changed.length === 0) return;
  // Escalations: one row per agency told, for dossiers still open (a replayed event writes nothing
  // twice); removed once the dossier is no longer open.
  const open = new Map(
    changed.filter(({ state }) => keepsEscalations(state)).map((c) => [c.stream, c.state.dossierCode]),
  );
  const escalations = events.flatMap((recorded) => {
    const code = open.get(recorded.streamName);
    if (recorded.type !== 'DossierEscalated' || !code) return [];
    const event = toDossierEvent(recorded);
    if (event.type !== 'DossierEscalated') return [];
    return escalationRows(code, event.data).map((row) => [
      recorded.streamName,
      recorded.revision,
      row.agencyCode,
      row.escalatedAt,
      JSON.stringify(row),
    ]);
  });
  await insertRows(
    tx,
    'agency_escalations',
    ['stream', 'revision', 'agency_code', 'escalated_at', 'row'],
    escalations,
    'ON CONFLICT DO NOTHING',
  );
  const closed = changed.filter(({ state }) => !keepsEscalations(state)).map((c) => c.stream);
  if (closed.length > 0)
    await tx.query('DELETE FROM agency_escalations WHERE stream = ANY($1::text[])', [closed]);
  await insertRows(
    tx,
    'agency_inbox_dossiers',
    ['stream', 'last_revision', 'state'],
    changed.map(({ stream, revision, json }) => [stream, revision, json]),
    'ON CONFLICT (stream) DO UPDATE SET last_revision = EXCLUDED.last_revision, state = EXCLUDED.state',
    // Read by nothing later in the batch: the group may send it with the other read models' writes.
    context?.defer,
  );
  const rows = changed.flatMap(({ stream, state }) => agencyInboxRows(state).map((row) => ({ stream, row })));
  const told = new Set([...rows.map(({ row }) => row.agencyCode), ...escalations.map((e) => e[2] as string)]);
  await tx.query(
    `WITH gone AS (DELETE FROM agency_inbox WHERE stream = ANY($1::text[]) RETURNING agency_code),
          agencies AS (SELECT string_agg(DISTINCT code, ',' ORDER BY code) AS list
                         FROM (SELECT agency_code AS code FROM gone UNION SELECT unnest($2::text[])) a)
     SELECT pg_notify(agency_inbox_channel(), CASE WHEN octet_length(list) > $3 THEN '*' ELSE list END)
       FROM agencies WHERE list IS NOT NULL`,
    [changed.map((c) => c.stream), [...told], MAX_NOTIFY_PAYLOAD],
  );
  await insertRows(
    tx,
    'agency_inbox',
    ['stream', 'step_id', 'agency_code', 'deadline', 'overdue_detected', 'clock_paused', 'accepted', 'row'],
    rows.map(({ stream, row }) => [
      stream,
      row.stepId,
      row.agencyCode,
      row.deadline,
      row.overdueDetectedAt !== null,
      row.clockPaused,
      row.acceptedAt !== null,
      JSON.stringify(row),
    ]),
    '',
    // The last write of the batch, after the old rows' removal: the group may send it with the others'.
    context?.defer,
  );
}

/** PostgreSQL takes up to 8000 bytes of payload; a longer list of agencies is announced as `*` (all). */
const MAX_NOTIFY_PAYLOAD = 7_900;

import type { Pool } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Migration } from '@lien-thong/postgres';
import type { Projection, ProjectionConnection } from '@lien-thong/projections';
import {
  PORTAL_EVENT_TYPES,
  portalStatusOf,
  type PortalStatus,
  type PortalStatusMessage,
} from './portal-statuses';

export const PORTAL_STATUS_OUTBOX_PROJECTION = 'portal-status-outbox';

const migrations: readonly Migration[] = [
  {
    id: '0001-portal-status-outbox',
    sql: `
      -- The dossiers received from the portal and the last status pushed (or to push) for each.
      CREATE TABLE portal_dossiers (
        dossier_code text PRIMARY KEY,
        portal_id    text NOT NULL UNIQUE,
        status       text NOT NULL,
        sequence     integer NOT NULL,
        status_at    text NOT NULL
      );
      -- One row per status change to push. Kept across a rebuild of the projection (its rows come back
      -- with the same keys and are left as they are), so a rebuild never pushes a status twice.
      CREATE TABLE portal_status_outbox (
        portal_id       text NOT NULL,
        sequence        integer NOT NULL,
        dossier_code    text NOT NULL,
        status          text NOT NULL,
        at              text NOT NULL,
        state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts        integer NOT NULL DEFAULT 0,
        created_at      timestamptz NOT NULL DEFAULT now(),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at    timestamptz,
        last_error      text,
        claim_token     uuid,
        PRIMARY KEY (portal_id, sequence)
      );
      CREATE INDEX portal_status_outbox_due ON portal_status_outbox (next_attempt_at) WHERE state = 'pending';`,
  },
];

/**
 * The national portal's status outbox (issue 24), as a read model: each dossier received through the
 * portal (`channel: national-portal`, its portal id as the intake reference) gets a row per status
 * change, in the same transaction as the checkpoint, so no status is ever lost or recorded twice. The
 * dispatcher (portal-status-dispatcher.ts) pushes them.
 */
export function portalStatusOutboxProjection(): Projection {
  return {
    name: PORTAL_STATUS_OUTBOX_PROJECTION,
    filter: { categories: ['dossier'], eventTypes: [...PORTAL_EVENT_TYPES] },
    migrations,
    // Most dossiers never came from the portal: one look per batch finds those that did, and only their
    // events are handled one by one (a statement per event for every dossier would be a round trip each).
    async handleBatch(events: readonly RecordedEvent[], tx: ProjectionConnection): Promise<void> {
      const codes = [...new Set(events.filter((e) => e.type !== 'DossierReceived').map((e) => codeOf(e)))];
      const known = new Set(
        codes.length === 0
          ? []
          : (
              await tx.query<{ dossier_code: string }>(
                'SELECT dossier_code FROM portal_dossiers WHERE dossier_code = ANY($1::text[])',
                [codes],
              )
            ).rows.map((r) => r.dossier_code),
      );
      for (const event of events) {
        const portal =
          event.type === 'DossierReceived'
            ? (event.data as { channel?: string }).channel === 'national-portal'
            : known.has(codeOf(event));
        if (!portal) continue;
        await this.handle(event, tx);
        if (event.type === 'DossierReceived') known.add(codeOf(event));
      }
    },
    async handle(event: RecordedEvent, tx: ProjectionConnection): Promise<void> {
      const status = portalStatusOf(event);
      if (!status) return;
      const code = codeOf(event);
      const at =
        (event.data as { at?: string; receivedAt?: string }).at ??
        (event.data as { receivedAt?: string }).receivedAt ??
        event.metadata.occurredAt;
      if (event.type === 'DossierReceived') {
        const data = event.data as { channel?: string; intakeRef?: string };
        if (data.channel !== 'national-portal' || !data.intakeRef) return;
        await tx.query(
          `INSERT INTO portal_dossiers (dossier_code, portal_id, status, sequence, status_at)
           VALUES ($1, $2, 'received', 1, $3) ON CONFLICT DO NOTHING`,
          [code, data.intakeRef, at],
        );
        await enqueue(tx, { portalId: data.intakeRef, dossierCode: code, sequence: 1, status, at });
        return;
      }
      // Only a change is pushed (two handoffs in a row are one "in processing").
      const moved = await tx.query<{ portal_id: string; sequence: number }>(
        `UPDATE portal_dossiers SET status = $2, sequence = sequence + 1, status_at = $3
          WHERE dossier_code = $1 AND status <> $2 RETURNING portal_id, sequence`,
        [code, status, at],
      );
      const row = moved.rows[0];
      if (row)
        await enqueue(tx, { portalId: row.portal_id, dossierCode: code, sequence: row.sequence, status, at });
    },
    async reset(tx) {
      await tx.query('DELETE FROM portal_dossiers');
    },
  };
}

function codeOf(event: RecordedEvent): string {
  return event.streamName.slice('dossier-'.length);
}

async function enqueue(tx: ProjectionConnection, message: PortalStatusMessage): Promise<void> {
  await tx.query(
    `INSERT INTO portal_status_outbox (portal_id, sequence, dossier_code, status, at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [message.portalId, message.sequence, message.dossierCode, message.status, message.at],
  );
}

/** What we hold of each portal dossier: the last status (pushed or still to push). */
export async function portalDossiers(
  pool: Pool,
): Promise<{ portalId: string; dossierCode: string; status: PortalStatus; sequence: number }[]> {
  const { rows } = await pool.query<{
    portal_id: string;
    dossier_code: string;
    status: PortalStatus;
    sequence: number;
  }>('SELECT portal_id, dossier_code, status, sequence FROM portal_dossiers ORDER BY portal_id');
  return rows.map((r) => ({
    portalId: r.portal_id,
    dossierCode: r.dossier_code,
    status: r.status,
    sequence: r.sequence,
  }));
}

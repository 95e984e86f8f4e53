import type { Pool } from 'pg';
import { runMigrations, type Migration } from '@lien-thong/postgres';

/**
 * The context's tables: one webhook registration per agency, and the outbox (one row per notification
 * owed to an agency, which is also the delivery log). Applied by the module at start in the API and the
 * worker; the outbox projection relies on them (tests call `migrateAgencyNotifications`).
 */
export const agencyNotificationMigrations: readonly Migration[] = [
  {
    id: '0001-agency-webhooks',
    sql: `CREATE TABLE agency_webhooks (
            agency_code            text PRIMARY KEY,
            url                    text NOT NULL,
            events                 text[],
            secret_key_id          text NOT NULL,
            secret_sealed          bytea NOT NULL,
            previous_secret_sealed bytea,
            previous_secret_until  timestamptz,
            registered_at          timestamptz NOT NULL DEFAULT now(),
            updated_at             timestamptz NOT NULL DEFAULT now(),
            secret_rotated_at      timestamptz NOT NULL DEFAULT now()
          )`,
  },
  {
    id: '0002-agency-notification-outbox',
    sql: `CREATE TABLE agency_notification_outbox (
            id               uuid PRIMARY KEY,
            event_id         text NOT NULL,
            event_type       text NOT NULL,
            event_position   bigint NOT NULL,
            agency_code      text NOT NULL,
            kind             text NOT NULL,
            dossier_code     text NOT NULL,
            step_id          text,
            body             text NOT NULL,
            status           text NOT NULL DEFAULT 'pending'
                             CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
            attempts         integer NOT NULL DEFAULT 0,
            created_at       timestamptz NOT NULL DEFAULT now(),
            next_attempt_at  timestamptz NOT NULL DEFAULT now(),
            claim_token      uuid,
            last_attempt_at  timestamptz,
            last_status_code integer,
            last_error       text,
            delivered_at     timestamptz,
            UNIQUE (event_id, agency_code)
          );
          CREATE INDEX agency_notification_outbox_due_idx
            ON agency_notification_outbox (next_attempt_at) WHERE status = 'pending';
          CREATE INDEX agency_notification_outbox_agency_idx
            ON agency_notification_outbox (agency_code, event_position DESC);`,
  },
  {
    // The previous secret keeps the master key it was sealed under, which a rotation of the vault's
    // master key may have replaced for the current secret since.
    id: '0003-agency-webhooks-previous-secret-key-id',
    sql: `ALTER TABLE agency_webhooks ADD COLUMN previous_secret_key_id text;
          UPDATE agency_webhooks SET previous_secret_key_id = secret_key_id
           WHERE previous_secret_sealed IS NOT NULL;`,
  },
];

export async function migrateAgencyNotifications(pool: Pool): Promise<void> {
  await runMigrations(pool, 'agency-notifications', agencyNotificationMigrations);
}

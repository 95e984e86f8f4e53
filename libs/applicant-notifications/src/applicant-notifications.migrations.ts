import type { Pool } from 'pg';
import { runMigrations, type Migration } from '@lien-thong/postgres';

/**
 * The outbox of notices owed to applicants (one row per cause event; its channels' sendings are dossier
 * events), and the instant from which notices are owed: events recorded before the context existed
 * owe nothing, so a first start or a rebuild over an old store does not write to every applicant of
 * the past. Applied by the module at start in the API and the worker.
 */
export const applicantNotificationMigrations: readonly Migration[] = [
  {
    id: '0001-applicant-notice-outbox',
    sql: `CREATE TABLE applicant_notices_owed_since (
            one   boolean PRIMARY KEY DEFAULT true CHECK (one),
            since timestamptz NOT NULL DEFAULT now()
          );
          INSERT INTO applicant_notices_owed_since DEFAULT VALUES;
          CREATE TABLE applicant_notice_outbox (
            id              uuid PRIMARY KEY,
            event_id        text NOT NULL UNIQUE,
            event_type      text NOT NULL,
            event_position  bigint NOT NULL,
            stream_name     text NOT NULL,
            kind            text NOT NULL,
            details         jsonb NOT NULL,
            status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
            attempts        integer NOT NULL DEFAULT 0,
            created_at      timestamptz NOT NULL DEFAULT now(),
            next_attempt_at timestamptz NOT NULL DEFAULT now(),
            claim_token     uuid,
            last_attempt_at timestamptz,
            last_error      text,
            done_at         timestamptz
          );
          CREATE INDEX applicant_notice_outbox_due_idx
            ON applicant_notice_outbox (next_attempt_at) WHERE status = 'pending';
          CREATE INDEX applicant_notice_outbox_stream_idx
            ON applicant_notice_outbox (stream_name, event_position);`,
  },
];

export async function migrateApplicantNotifications(pool: Pool): Promise<void> {
  await runMigrations(pool, 'applicant-notifications', applicantNotificationMigrations);
}

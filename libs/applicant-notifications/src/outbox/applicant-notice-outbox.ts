import type { Pool } from 'pg';
import type { NoticeDetails } from '../notices/notice-routes';

/** One owed notice, claimed for one attempt. */
export interface ClaimedNotice {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly streamName: string;
  readonly details: NoticeDetails;
  /** Including this one. */
  readonly attempts: number;
  readonly createdAt: Date;
  readonly claimToken: string;
  readonly claimedAt: Date;
}

interface ClaimRow {
  id: string;
  event_id: string;
  event_type: string;
  stream_name: string;
  details: NoticeDetails;
  attempts: number;
  created_at: Date;
  claim_token: string;
  last_attempt_at: Date;
}

/**
 * The applicant notice outbox as a work queue, like the agencies' (libs/agency-notifications): claims
 * take due rows with `FOR UPDATE SKIP LOCKED` and lease them, a dispatcher that dies leaves its rows to
 * come due again when the lease ends, and an outcome is written only under the claim's token. All times
 * are the database's.
 */
export class ApplicantNoticeOutbox {
  constructor(private readonly pool: Pool) {}

  async claimDue(limit: number, leaseMs: number): Promise<ClaimedNotice[]> {
    const { rows } = await this.pool.query<ClaimRow>(
      `WITH due AS (
         SELECT id FROM applicant_notice_outbox
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, event_position
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       UPDATE applicant_notice_outbox o
          SET attempts = o.attempts + 1,
              claim_token = gen_random_uuid(),
              last_attempt_at = now(),
              next_attempt_at = now() + ($2 * interval '1 millisecond')
         FROM due WHERE o.id = due.id
       RETURNING o.id, o.event_id, o.event_type, o.stream_name, o.details, o.attempts, o.created_at,
                 o.claim_token, o.last_attempt_at`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      eventType: r.event_type,
      streamName: r.stream_name,
      details: r.details,
      attempts: r.attempts,
      createdAt: r.created_at,
      claimToken: r.claim_token,
      claimedAt: r.last_attempt_at,
    }));
  }

  /** Every channel recorded (sent or given up): the row is done. False when the claim was lost. */
  async done(claim: ClaimedNotice): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE applicant_notice_outbox
          SET status = 'done', done_at = now(), claim_token = NULL, last_error = NULL
        WHERE id = $1 AND claim_token = $2 AND status = 'pending'`,
      [claim.id, claim.claimToken],
    );
    return result.rowCount === 1;
  }

  /** Some channel must be tried again after `delayMs`. */
  async retryLater(claim: ClaimedNotice, delayMs: number, error: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE applicant_notice_outbox
          SET next_attempt_at = now() + ($3 * interval '1 millisecond'), claim_token = NULL, last_error = $4
        WHERE id = $1 AND claim_token = $2 AND status = 'pending'`,
      [claim.id, claim.claimToken, delayMs, error.slice(0, 500)],
    );
    return result.rowCount === 1;
  }
}

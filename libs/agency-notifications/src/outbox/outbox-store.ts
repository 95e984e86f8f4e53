import type { Pool } from 'pg';

/** One notification claimed for one delivery attempt, with what is needed to sign and send it. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly agencyCode: string;
  readonly kind: string;
  readonly body: string;
  /** Including this one. */
  readonly attempts: number;
  readonly createdAt: Date;
  /** Proves the claim is still ours when the outcome is recorded. */
  readonly claimToken: string;
  /** The database's time of the claim (one clock for every worker). */
  readonly claimedAt: Date;
  /** Null when the agency's registration was removed. */
  readonly webhook: {
    readonly url: string;
    readonly secretSealed: Buffer;
    /** The vault master key each secret is sealed under. */
    readonly secretKeyId: string;
    readonly previousSecretSealed: Buffer | null;
    readonly previousSecretKeyId: string | null;
    readonly previousSecretUntil: Date | null;
  } | null;
}

export type DeliveryOutcome =
  | { readonly status: 'delivered'; readonly statusCode: number }
  | {
      readonly status: 'retry';
      readonly statusCode: number | null;
      readonly error: string;
      /** From when the outcome is recorded. */
      readonly delayMs: number;
    }
  | { readonly status: 'failed'; readonly statusCode: number | null; readonly error: string }
  | { readonly status: 'cancelled'; readonly error: string };

interface ClaimRow {
  id: string;
  agency_code: string;
  kind: string;
  body: string;
  attempts: number;
  created_at: Date;
  claim_token: string;
  last_attempt_at: Date;
  url: string | null;
  secret_sealed: Buffer | null;
  secret_key_id: string | null;
  previous_secret_sealed: Buffer | null;
  previous_secret_key_id: string | null;
  previous_secret_until: Date | null;
}

const MAX_ERROR_LENGTH = 500;

/**
 * The outbox as a work queue. A claim takes due rows with `FOR UPDATE SKIP LOCKED` (several dispatchers
 * never take the same row) and leases them: `next_attempt_at` moves to the end of the lease, so a row
 * whose dispatcher died mid-delivery becomes due again when the lease expires (at-least-once delivery).
 * Each claim gets a fresh token; an outcome is recorded only while the token is still the row's, so a
 * dispatcher that comes back after its lease expired cannot overwrite a newer attempt. All times are the
 * database's, so workers on machines with skewed clocks agree on leases.
 */
export class OutboxStore {
  constructor(private readonly pool: Pool) {}

  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const { rows } = await this.pool.query<ClaimRow>(
      `WITH due AS (
         SELECT id FROM agency_notification_outbox
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, event_position
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE agency_notification_outbox o
            SET attempts = o.attempts + 1,
                claim_token = gen_random_uuid(),
                last_attempt_at = now(),
                next_attempt_at = now() + ($2 * interval '1 millisecond')
           FROM due WHERE o.id = due.id
         RETURNING o.id, o.agency_code, o.kind, o.body, o.attempts, o.created_at, o.claim_token,
                   o.last_attempt_at, o.event_position
       )
       SELECT c.*, w.url, w.secret_sealed, w.secret_key_id, w.previous_secret_sealed,
              w.previous_secret_key_id, w.previous_secret_until
         FROM claimed c LEFT JOIN agency_webhooks w USING (agency_code)
        ORDER BY c.event_position`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({
      id: r.id,
      agencyCode: r.agency_code,
      kind: r.kind,
      body: r.body,
      attempts: r.attempts,
      createdAt: r.created_at,
      claimToken: r.claim_token,
      claimedAt: r.last_attempt_at,
      webhook:
        r.url !== null && r.secret_sealed !== null && r.secret_key_id !== null
          ? {
              url: r.url,
              secretSealed: r.secret_sealed,
              secretKeyId: r.secret_key_id,
              previousSecretSealed: r.previous_secret_sealed,
              previousSecretKeyId: r.previous_secret_key_id,
              previousSecretUntil: r.previous_secret_until,
            }
          : null,
    }));
  }

  /** Records the outcome of a claimed attempt; false when the claim was lost (lease expired, re-claimed). */
  async complete(claim: ClaimedDelivery, outcome: DeliveryOutcome): Promise<boolean> {
    const error = 'error' in outcome ? outcome.error.slice(0, MAX_ERROR_LENGTH) : null;
    const statusCode = 'statusCode' in outcome ? outcome.statusCode : null;
    const params: unknown[] = [claim.id, claim.claimToken, statusCode, error];
    let set: string;
    switch (outcome.status) {
      case 'delivered':
        set = `status = 'delivered', delivered_at = now(), next_attempt_at = now()`;
        break;
      case 'retry':
        params.push(outcome.delayMs);
        set = `next_attempt_at = now() + ($5 * interval '1 millisecond')`;
        break;
      case 'failed':
        set = `status = 'failed', next_attempt_at = now()`;
        break;
      case 'cancelled':
        set = `status = 'cancelled', next_attempt_at = now()`;
        break;
    }
    const result = await this.pool.query(
      `UPDATE agency_notification_outbox
          SET ${set}, claim_token = NULL, last_status_code = $3, last_error = $4
        WHERE id = $1 AND claim_token = $2 AND status = 'pending'`,
      params,
    );
    return result.rowCount === 1;
  }
}

import type { Pool } from 'pg';
import { afterFailedAttempt, PollLoop, type BackoffPolicy } from '@lien-thong/agency-notifications';
import type { PortalClient } from './portal-client';
import type { PortalStatus, PortalStatusMessage } from './portal-statuses';

export interface PortalStatusDispatcherOptions {
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  /** How long a claimed row is ours before another dispatcher may take it (a dispatcher that died). */
  readonly leaseMs: number;
  readonly backoff: BackoffPolicy;
  readonly log: (message: string) => void;
}

export const DEFAULT_PORTAL_DISPATCH: Omit<PortalStatusDispatcherOptions, 'log'> = {
  batchSize: 50,
  pollIntervalMs: 1000,
  leaseMs: 60_000,
  backoff: { baseDelayMs: 5_000, maxDelayMs: 30 * 60_000, maxAttempts: 20, maxAgeMs: 72 * 3_600_000 },
};

interface Claimed {
  portal_id: string;
  sequence: number;
  dossier_code: string;
  status: PortalStatus;
  at: string;
  attempts: number;
  created_at: Date;
  claim_token: string;
  now: Date;
}

/**
 * Pushes the portal status outbox (issue 24): due rows are claimed with `FOR UPDATE SKIP LOCKED` and a
 * lease (any number of dispatchers; one that dies mid-push leaves its rows to be taken again when the
 * lease ends: at least once); a 2xx marks a row delivered, a 4xx other than 408/429 failed (the portal
 * refuses it: retrying would not help), anything else is retried with growing delays until the policy
 * gives up (failed). Out of order is harmless: the portal keeps the highest sequence per dossier.
 * Failed rows are what the reconciliation reports.
 */
export class PortalStatusDispatcher {
  private readonly loop: PollLoop;

  constructor(
    private readonly pool: Pool,
    private readonly portal: PortalClient,
    private readonly options: PortalStatusDispatcherOptions,
  ) {
    this.loop = new PollLoop(() => this.round(), {
      batchSize: options.batchSize,
      pollIntervalMs: options.pollIntervalMs,
      what: 'portal status push',
      log: options.log,
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One round: claims what is due, pushes each, records each outcome. Returns how many it took. */
  async round(): Promise<number> {
    const { rows } = await this.pool.query<Claimed>(
      `WITH due AS (
         SELECT portal_id, sequence FROM portal_status_outbox
          WHERE state = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, portal_id, sequence
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       UPDATE portal_status_outbox o
          SET attempts = o.attempts + 1, claim_token = gen_random_uuid(),
              next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
         FROM due
        WHERE o.portal_id = due.portal_id AND o.sequence = due.sequence
      RETURNING o.portal_id, o.sequence, o.dossier_code, o.status, o.at, o.attempts, o.created_at,
                o.claim_token, now() AS now`,
      [this.options.batchSize, this.options.leaseMs],
    );
    await Promise.all(rows.map((row) => this.push(row)));
    return rows.length;
  }

  private async push(row: Claimed): Promise<void> {
    const message: PortalStatusMessage = {
      portalId: row.portal_id,
      dossierCode: row.dossier_code,
      sequence: row.sequence,
      status: row.status,
      at: row.at,
    };
    let error: string;
    let permanent = false;
    try {
      const status = await this.portal.pushStatus(message);
      if (status >= 200 && status < 300) {
        await this.record(row, `state = 'delivered', delivered_at = now(), last_error = NULL`, []);
        return;
      }
      error = `the portal answered ${status}`;
      permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const next = permanent
      ? ({ next: 'give-up', because: 'refused' } as const)
      : afterFailedAttempt(this.options.backoff, row.attempts, row.created_at, row.now);
    if (next.next === 'retry') {
      await this.record(row, `next_attempt_at = $4, last_error = $5`, [next.at, error]);
    } else {
      this.options.log(
        `portal status ${row.status} of ${row.dossier_code} (${row.portal_id}) given up after ${row.attempts} attempt(s): ${error}`,
      );
      await this.record(row, `state = 'failed', last_error = $4`, [`${error} (${next.because})`]);
    }
  }

  /** Records an outcome while the claim is still ours (`set` uses $4 on). */
  private async record(row: Claimed, set: string, values: unknown[]): Promise<void> {
    await this.pool.query(
      `UPDATE portal_status_outbox SET ${set}
        WHERE portal_id = $1 AND sequence = $2 AND claim_token = $3`,
      [row.portal_id, row.sequence, row.claim_token, ...values],
    );
  }
}

import type { Pool } from 'pg';
import { WEBHOOK_HEADERS } from '@lien-thong/contracts';
import { OutboxStore, type ClaimedDelivery, type DeliveryOutcome } from '../outbox/outbox-store';
import { signatureHeader } from '../signing/webhook-signature';
import type { WebhookSecretCipher } from '../webhooks/webhook-secret-cipher';
import { afterFailedAttempt, DEFAULT_BACKOFF, type BackoffPolicy } from './delivery-backoff';
import { WebhookAddressPolicy } from '../webhooks/webhook-address-policy';
import { httpWebhookSender, type WebhookSender } from './webhook-sender';
import { PollLoop } from './poll-loop';

export interface WebhookDispatcherOptions {
  /** Most notifications claimed (and sent in parallel) at once. */
  readonly batchSize?: number;
  /** Pause between polls when nothing was due. */
  readonly pollIntervalMs?: number;
  /** Timeout of one POST. */
  readonly requestTimeoutMs?: number;
  /** How long a claim holds a row; must exceed the request timeout. A crashed dispatcher's rows return after it. */
  readonly leaseMs?: number;
  readonly backoff?: BackoffPolicy;
  /** Which addresses the default sender may contact (default: public ones only). */
  readonly addressPolicy?: WebhookAddressPolicy;
  readonly sender?: WebhookSender;
  /** Jitter source (tests pin it). */
  readonly random?: () => number;
  readonly log?: (message: string) => void;
}

export const DEFAULT_DISPATCHER_OPTIONS = {
  batchSize: 10,
  pollIntervalMs: 1_000,
  requestTimeoutMs: 10_000,
  leaseMs: 60_000,
} as const;

const USER_AGENT = 'LienThong-Webhooks/1';

/**
 * Delivers the outbox to the agencies' webhooks (runs in the worker process; several may run). Each
 * round claims due rows (see `OutboxStore`), signs each body with the agency's secret (the previous one
 * too while a rotation is in grace), POSTs it, and records the outcome: 2xx delivered; a host the address
 * policy forbids `failed` at once, nothing sent; otherwise retried with exponential backoff and jitter
 * until the attempts or the age run out, then `failed` (still in the delivery log). At least once: a receiver deduplicates on `X-LienThong-Delivery`.
 */
export class WebhookDispatcher {
  private readonly store: OutboxStore;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly requestTimeoutMs: number;
  private readonly leaseMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly send: WebhookSender;
  private readonly random: () => number;
  private readonly log: (message: string) => void;
  private readonly poll: PollLoop;

  constructor(
    pool: Pool,
    private readonly cipher: WebhookSecretCipher,
    options: WebhookDispatcherOptions = {},
  ) {
    this.store = new OutboxStore(pool);
    this.batchSize = options.batchSize ?? DEFAULT_DISPATCHER_OPTIONS.batchSize;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_DISPATCHER_OPTIONS.pollIntervalMs;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_DISPATCHER_OPTIONS.requestTimeoutMs;
    this.leaseMs = options.leaseMs ?? DEFAULT_DISPATCHER_OPTIONS.leaseMs;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.send =
      options.sender ?? httpWebhookSender({ policy: options.addressPolicy ?? WebhookAddressPolicy.strict() });
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => undefined);
    this.poll = new PollLoop(() => this.dispatchDue(), {
      batchSize: this.batchSize,
      pollIntervalMs: this.pollIntervalMs,
      what: 'webhook dispatch',
      log: this.log,
    });
    if (this.leaseMs <= this.requestTimeoutMs)
      throw new Error(
        `The webhook lease (${this.leaseMs} ms) must be longer than the request timeout (${this.requestTimeoutMs} ms)`,
      );
  }

  /** Polls until `stop()`. */
  start(): void {
    this.poll.start();
  }

  /** Stops claiming; resolves once the round under way has recorded its outcomes. */
  stop(): Promise<void> {
    return this.poll.stop();
  }

  /** One round: claims up to a batch of due notifications and attempts each. Returns how many. */
  async dispatchDue(): Promise<number> {
    const claims = await this.store.claimDue(this.batchSize, this.leaseMs);
    await Promise.all(claims.map((claim) => this.attempt(claim)));
    return claims.length;
  }

  private async attempt(claim: ClaimedDelivery): Promise<void> {
    const outcome = await this.deliver(claim);
    const recorded = await this.store.complete(claim, outcome);
    if (!recorded)
      this.log(`delivery ${claim.id}: the claim expired before the outcome (${outcome.status}) was recorded`);
    else if (outcome.status === 'failed')
      this.log(`delivery ${claim.id} to ${claim.agencyCode} failed for good: ${outcome.error}`);
  }

  private async deliver(claim: ClaimedDelivery): Promise<DeliveryOutcome> {
    if (!claim.webhook) return { status: 'cancelled', error: 'webhook registration deleted' };
    let secrets: string[];
    try {
      secrets = [this.cipher.open(claim.webhook.secretSealed, claim.agencyCode, claim.webhook.secretKeyId)];
      const previous = claim.webhook.previousSecretSealed;
      const until = claim.webhook.previousSecretUntil;
      if (previous && until && until > claim.claimedAt)
        secrets.push(
          this.cipher.open(
            previous,
            claim.agencyCode,
            claim.webhook.previousSecretKeyId ?? claim.webhook.secretKeyId,
          ),
        );
    } catch {
      return this.failure(
        claim,
        null,
        'the signing secret cannot be decrypted (wrong LIEN_THONG_VAULT_KEY, or its master key missing from LIEN_THONG_VAULT_READ_KEYS?)',
      );
    }
    const timestamp = String(Math.floor(Date.now() / 1000));
    const result = await this.send({
      url: claim.webhook.url,
      body: claim.body,
      timeoutMs: this.requestTimeoutMs,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [WEBHOOK_HEADERS.timestamp]: timestamp,
        [WEBHOOK_HEADERS.signature]: signatureHeader(secrets, timestamp, claim.body),
        [WEBHOOK_HEADERS.delivery]: claim.id,
        [WEBHOOK_HEADERS.event]: claim.kind,
      },
    });
    if (result.ok) return { status: 'delivered', statusCode: result.statusCode };
    // A host that is (or resolves to) a forbidden address fails the notification at once: retrying
    // would only probe the same name again, and the agency must change its registration or its DNS.
    if (result.statusCode === null && result.refused)
      return { status: 'failed', statusCode: null, error: `${result.error} (not retried)` };
    return this.failure(claim, result.statusCode, result.error ?? `HTTP ${result.statusCode}`);
  }

  private failure(claim: ClaimedDelivery, statusCode: number | null, error: string): DeliveryOutcome {
    const next = afterFailedAttempt(
      this.backoff,
      claim.attempts,
      claim.createdAt,
      claim.claimedAt,
      this.random,
    );
    if (next.next === 'give-up')
      return {
        status: 'failed',
        statusCode,
        error: `${error} (gave up: ${next.because === 'max-attempts' ? `${claim.attempts} attempts` : 'too old'})`,
      };
    return {
      status: 'retry',
      statusCode,
      error,
      delayMs: next.at.getTime() - claim.claimedAt.getTime(),
    };
  }
}

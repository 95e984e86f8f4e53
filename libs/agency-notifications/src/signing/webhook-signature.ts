import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_SIGNATURE_SCHEME } from '@lien-thong/contracts';

/**
 * The webhook signature scheme (docs/agencies.md, "Webhooks"): the sender signs `<timestamp>.<body>`
 * with HMAC-SHA256 under the agency's secret (its UTF-8 bytes, `whsec_…` prefix included) and sends
 * `X-LienThong-Timestamp: <unix seconds>` and `X-LienThong-Signature: v1=<lowercase hex>`. While a
 * rotated secret is still in its grace period the header carries one `v1=` value per secret,
 * comma-separated; a receiver accepts the delivery when any of them matches.
 */

const SECRET_PREFIX = 'whsec_';

/** A fresh signing secret: `whsec_` and 32 random bytes in base64url. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The hex HMAC-SHA256 of `<timestamp>.<body>`. */
export function computeWebhookSignature(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestamp}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
}

/** The `X-LienThong-Signature` value: one `v1=` entry per secret (the current one first). */
export function signatureHeader(secrets: readonly string[], timestamp: string, body: string): string {
  if (secrets.length === 0) throw new Error('signatureHeader: at least one secret is needed');
  return secrets
    .map((secret) => `${WEBHOOK_SIGNATURE_SCHEME}=${computeWebhookSignature(secret, timestamp, body)}`)
    .join(',');
}

export interface VerifyWebhookSignatureInput {
  /** The raw request body exactly as received (not re-serialised JSON). */
  readonly body: string | Buffer;
  /** The `X-LienThong-Timestamp` header. */
  readonly timestamp: string | undefined;
  /** The `X-LienThong-Signature` header. */
  readonly signature: string | undefined;
  /** The secret shown when the webhook was registered (or last rotated). */
  readonly secret: string;
  /** How far the timestamp may be from now, either way (default 300 s): refuses replays of old deliveries. */
  readonly toleranceSeconds?: number;
  /** The receiver's clock (default: now). */
  readonly now?: Date;
}

export type WebhookVerification =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'missing-header' | 'malformed-timestamp' | 'timestamp-out-of-tolerance' | 'no-match';
    };

/**
 * Checks a delivery as a receiver would: the timestamp is within the tolerance and one `v1=` value of
 * the signature header is the HMAC of `<timestamp>.<body>` under the secret (constant-time compare).
 */
export function verifyWebhookSignature(input: VerifyWebhookSignatureInput): WebhookVerification {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing-header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed-timestamp' };
  const tolerance = input.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance)
    return { ok: false, reason: 'timestamp-out-of-tolerance' };
  const expected = Buffer.from(computeWebhookSignature(input.secret, timestamp, input.body), 'hex');
  for (const part of signature.split(',')) {
    const [scheme, value] = part.trim().split('=', 2);
    if (scheme !== WEBHOOK_SIGNATURE_SCHEME || !value || !/^[0-9a-f]{64}$/i.test(value)) continue;
    if (timingSafeEqual(Buffer.from(value, 'hex'), expected)) return { ok: true };
  }
  return { ok: false, reason: 'no-match' };
}

import { DEFAULT_BACKOFF } from './delivery-backoff';
import type { WebhookDispatcherOptions } from './webhook-dispatcher';

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}

/**
 * `LIEN_THONG_WEBHOOK_TIMEOUT_MS` (request timeout, default 10 s), `LIEN_THONG_WEBHOOK_MAX_ATTEMPTS`
 * (default 12), `LIEN_THONG_WEBHOOK_MAX_AGE_HOURS` (default 48), `LIEN_THONG_WEBHOOK_POLL_MS` (default 1 s).
 */
export function webhookDispatcherOptionsFromEnv(env: NodeJS.ProcessEnv): WebhookDispatcherOptions {
  const requestTimeoutMs = positiveInt(env, 'LIEN_THONG_WEBHOOK_TIMEOUT_MS');
  const maxAttempts = positiveInt(env, 'LIEN_THONG_WEBHOOK_MAX_ATTEMPTS');
  const maxAgeHours = positiveInt(env, 'LIEN_THONG_WEBHOOK_MAX_AGE_HOURS');
  const pollIntervalMs = positiveInt(env, 'LIEN_THONG_WEBHOOK_POLL_MS');
  return {
    ...(requestTimeoutMs ? { requestTimeoutMs, leaseMs: Math.max(60_000, requestTimeoutMs * 3) } : {}),
    ...(pollIntervalMs ? { pollIntervalMs } : {}),
    backoff: {
      ...DEFAULT_BACKOFF,
      ...(maxAttempts ? { maxAttempts } : {}),
      ...(maxAgeHours ? { maxAgeMs: maxAgeHours * 3_600_000 } : {}),
    },
  };
}

/**
 * When to try a failed delivery again: exponential backoff with jitter, bounded by a number of
 * attempts and by the notification's age. Pure: the random source and the times are passed in.
 */
export interface BackoffPolicy {
  /** Delay after the first failed attempt, before jitter. */
  readonly baseDelayMs: number;
  /** Cap on one delay, before jitter. */
  readonly maxDelayMs: number;
  /** Attempts in all (the first included); after the last failed one the notification is `failed`. */
  readonly maxAttempts: number;
  /** No attempt is scheduled later than this after the notification was created. */
  readonly maxAgeMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseDelayMs: 10_000,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 12,
  maxAgeMs: 48 * 60 * 60_000,
};

/**
 * The delay after failed attempt number `attempt` (1-based): `base * 2^(attempt-1)` capped at `max`,
 * then "equal jitter": uniformly between half of it and all of it, so that deliveries failing together
 * (a receiver down) do not all come back in the same instant, and each delay is still at least half the
 * nominal one.
 */
export function retryDelayMs(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 52));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(nominal / 2 + (r * nominal) / 2);
}

export type AfterFailure =
  | { readonly next: 'retry'; readonly at: Date }
  | { readonly next: 'give-up'; readonly because: 'max-attempts' | 'max-age' };

/** What follows failed attempt number `attempt` of a notification created at `createdAt`. */
export function afterFailedAttempt(
  policy: BackoffPolicy,
  attempt: number,
  createdAt: Date,
  now: Date,
  random: () => number = Math.random,
): AfterFailure {
  if (attempt >= policy.maxAttempts) return { next: 'give-up', because: 'max-attempts' };
  const at = new Date(now.getTime() + retryDelayMs(policy, attempt, random));
  if (at.getTime() - createdAt.getTime() > policy.maxAgeMs) return { next: 'give-up', because: 'max-age' };
  return { next: 'retry', at };
}

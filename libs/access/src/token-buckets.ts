/** One token bucket's settings. */
export interface BucketLimit {
  /** Sustained requests per second. */
  readonly perSecond: number;
  /** How many may come at once (the bucket's size). */
  readonly burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by key, in this process's memory; full buckets are dropped when there are many. Used
 * for the API's rate limits and for budgets such as the public lookup's misses.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly limit: BucketLimit) {}

  /** Takes one token for `key`: `null` when allowed, else the whole seconds to wait. */
  take(key: string, now: number): number | null {
    const bucket = this.refilled(key, now);
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.prune(now);
    if (bucket.tokens < 1) return this.wait(bucket);
    bucket.tokens -= 1;
    return null;
  }

  /** Without taking one: `null` when a token is there, else the whole seconds to wait. */
  peek(key: string, now: number): number | null {
    const bucket = this.refilled(key, now);
    return bucket.tokens < 1 ? this.wait(bucket) : null;
  }

  private refilled(key: string, now: number): Bucket {
    const { perSecond, burst } = this.limit;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    return bucket;
  }

  private wait(bucket: Bucket): number {
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond));
  }

  private prune(now: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.limit.perSecond >= this.limit.burst)
        this.buckets.delete(key);
  }
}

/** A positive number from the environment, or `fallback` when unset; anything else stops the process. */
export function positiveNumberSetting(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${name} must be a positive number, not "${text}"`);
  return n;
}

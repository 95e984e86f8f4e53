import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PRINCIPAL_LOCAL, type Principal } from '@lien-thong/infrastructure';

export interface RateLimitOptions {
  /** Sustained requests per second per client. */
  readonly perSecond: number;
  /** How many may come at once (the bucket's size). */
  readonly burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 20, burst: 60 };
export const RATE_LIMIT_OPTIONS = Symbol.for('lien-thong.RateLimitOptions');

/** LIEN_THONG_CLIENT_RATE_PER_SECOND and LIEN_THONG_CLIENT_BURST; a bad value stops the API with a clear message. */
export function rateLimitFromEnv(env: Readonly<Record<string, string | undefined>>): RateLimitOptions {
  const read = (name: string, fallback: number) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${name} must be a positive number, not "${text}"`);
    return n;
  };
  return {
    perSecond: read('LIEN_THONG_CLIENT_RATE_PER_SECOND', DEFAULT_RATE_LIMIT.perSecond),
    burst: read('LIEN_THONG_CLIENT_BURST', DEFAULT_RATE_LIMIT.burst),
  };
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Rate limits per API client (token bucket, in this API process's memory: with several API processes
 * each applies its own, so the effective limit scales with them). Keyed by the authenticated token's
 * subject, never by a header a caller could forge. Over the limit: 429 with Retry-After.
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  private readonly buckets = new Map<string, Bucket>();

  private now: () => number = Date.now;

  constructor(@Inject(RATE_LIMIT_OPTIONS) private readonly options: RateLimitOptions) {}

  /** For tests: a clock to move by hand. */
  withClock(now: () => number): this {
    this.now = now;
    return this;
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const principal = res.locals[PRINCIPAL_LOCAL] as Principal | undefined;
    if (!principal) return next();
    const key = principal.personId;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(
      this.options.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.prune(now);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.perSecond));
      res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: `Too many requests from ${principal.personId}: at most ${this.options.perSecond}/s (bursts of ${this.options.burst}); retry after ${retryAfter} s`,
        messageVi: 'Quá nhiều yêu cầu; vui lòng thử lại sau',
      });
      return;
    }
    bucket.tokens -= 1;
    next();
  }

  /** Full buckets carry no state worth keeping. */
  private prune(now: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.options.perSecond >= this.options.burst)
        this.buckets.delete(key);
  }
}

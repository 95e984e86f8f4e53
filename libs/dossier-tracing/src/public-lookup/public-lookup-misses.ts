import { tracingError } from '../shared/tracing-errors';
import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME_CONFIG, settingsOf, type RuntimeConfig } from '@lien-thong/config';
import type { Response } from 'express';

import { TokenBuckets, positiveNumberSetting, type BucketLimit } from '@lien-thong/access';

/**
 * Misses of the public lookup (an unknown code, a wrong key), per remote address: after the burst, an
 * address may miss once every `1 / perSecond` seconds, and is answered 429 with Retry-After until then,
 * hits included. Someone who mistypes a key retries at once; someone walking codes is stopped.
 * LIEN_THONG_LOOKUP_MISS_BURST (default 10) and LIEN_THONG_LOOKUP_MISSES_PER_MINUTE (default 2).
 */
@Injectable()
export class PublicLookupMisses {
  private readonly buckets: TokenBuckets;
  private now: () => number = Date.now;

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig) {
    this.buckets = new TokenBuckets(lookupMissLimit(settingsOf(config)));
  }

  /** For tests: a clock to move by hand. */
  withClock(now: () => number): this {
    this.now = now;
    return this;
  }

  /** 429 (with Retry-After) for an address that has used up its misses. */
  assertMayTry(address: string, res: Response): void {
    const wait = this.buckets.peek(address, this.now());
    if (wait === null) return;
    res.setHeader('Retry-After', String(wait));
    throw tracingError(
      'LOOKUP_MISSES_EXCEEDED',
      `Too many lookups of unknown dossiers or wrong keys from this address; retry after ${wait} s`,
      'Tra cứu sai quá nhiều lần; vui lòng thử lại sau',
    );
  }

  miss(address: string): void {
    this.buckets.take(address, this.now());
  }
}

export function lookupMissLimit(env: Readonly<Record<string, string | undefined>>): BucketLimit {
  return {
    burst: positiveNumberSetting(env, 'LIEN_THONG_LOOKUP_MISS_BURST', 10),
    perSecond: positiveNumberSetting(env, 'LIEN_THONG_LOOKUP_MISSES_PER_MINUTE', 2) / 60,
  };
}

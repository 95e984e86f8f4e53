import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { TokenBuckets, positiveNumberSetting } from '@lien-thong/access';
import { RUNTIME_CONFIG, settingsOf, type RuntimeConfig } from '@lien-thong/config';
import { lookupMissLimit } from '@lien-thong/dossier-tracing';
import { channelError } from '../channels-errors';

const PER_HOUR_SETTING = 'LIEN_THONG_PUBLIC_FILING_PER_HOUR';
const BURST_SETTING = 'LIEN_THONG_PUBLIC_FILING_BURST';

/**
 * What an address may do without an account (issue 24), in this API process: upload and file
 * (LIEN_THONG_PUBLIC_FILING_PER_HOUR, default 60, burst LIEN_THONG_PUBLIC_FILING_BURST, 30: each upload
 * or filing keeps bytes or a row, so an address cannot fill the disk), and miss a filing's lookup (the
 * public lookup's budget: LIEN_THONG_LOOKUP_MISSES_PER_MINUTE and LIEN_THONG_LOOKUP_MISS_BURST). Over
 * budget: 429 with Retry-After.
 */
@Injectable()
export class PublicFilingLimits {
  private readonly writes: TokenBuckets;
  private readonly misses: TokenBuckets;

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig) {
    const settings = settingsOf(config);
    this.writes = new TokenBuckets({
      burst: positiveNumberSetting(settings, BURST_SETTING, 30),
      perSecond: positiveNumberSetting(settings, PER_HOUR_SETTING, 60) / 3600,
    });
    // The public dossier lookup's budget, from the same settings (a budget of its own per address).
    this.misses = new TokenBuckets(lookupMissLimit(settings));
  }

  /** Takes one upload or filing for the address, or 429. */
  write(address: string, res: Response): void {
    this.refuseAfter(this.writes.take(address, Date.now()), res, 'uploads and filings');
  }

  /** 429 for an address that has used up its lookup misses. */
  assertMayLookUp(address: string, res: Response): void {
    this.refuseAfter(this.misses.peek(address, Date.now()), res, 'lookups of unknown filings or wrong keys');
  }

  /** Without an HTTP answer (a chat user): whether a lookup may still miss. */
  mayLookUp(key: string): boolean {
    return this.misses.peek(key, Date.now()) === null;
  }

  miss(address: string): void {
    this.misses.take(address, Date.now());
  }

  private refuseAfter(wait: number | null, res: Response, what: string): void {
    if (wait === null) return;
    res.setHeader('Retry-After', String(wait));
    throw channelError(
      'FILING_RATE_EXCEEDED',
      `Too many ${what} from this address; retry after ${wait} s`,
      'Thao tác quá nhiều lần từ địa chỉ này; vui lòng thử lại sau',
    );
  }
}

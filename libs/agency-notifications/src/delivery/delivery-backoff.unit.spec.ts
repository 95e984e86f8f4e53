import { afterFailedAttempt, DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './delivery-backoff';

describe('delivery backoff', () => {
  const policy: BackoffPolicy = {
    baseDelayMs: 1_000,
    maxDelayMs: 60_000,
    maxAttempts: 5,
    maxAgeMs: 3_600_000,
  };

  it('doubles the delay after each failed attempt, up to the cap', () => {
    const nominal = (attempt: number) => retryDelayMs(policy, attempt, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(nominal)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
    ]);
    expect(retryDelayMs(policy, 1_000, () => 1)).toBe(60_000);
  });

  it('jitters each delay between half of it and all of it', () => {
    expect(retryDelayMs(policy, 3, () => 0)).toBe(2_000);
    expect(retryDelayMs(policy, 3, () => 0.5)).toBe(3_000);
    expect(retryDelayMs(policy, 3, () => 1)).toBe(4_000);
    for (let i = 0; i < 200; i += 1) {
      const d = retryDelayMs(policy, 4);
      expect(d).toBeGreaterThanOrEqual(4_000);
      expect(d).toBeLessThanOrEqual(8_000);
    }
  });

  it('retries until the last attempt, then gives up', () => {
    const created = new Date('2025-11-22T00:00:00Z');
    const now = new Date('2025-11-22T00:01:00Z');
    expect(afterFailedAttempt(policy, 1, created, now, () => 0)).toEqual({
      next: 'retry',
      at: new Date('2025-11-22T00:01:00.500Z'),
    });
    expect(afterFailedAttempt(policy, 4, created, now, () => 1)).toEqual({
      next: 'retry',
      at: new Date('2025-11-22T00:01:08Z'),
    });
    expect(afterFailedAttempt(policy, 5, created, now)).toEqual({ next: 'give-up', because: 'max-attempts' });
  });

  it('gives up rather than schedule an attempt past the maximum age', () => {
    const created = new Date('2025-11-22T00:00:00Z');
    expect(afterFailedAttempt(policy, 2, created, new Date('2025-11-22T00:59:59Z'), () => 1)).toEqual({
      next: 'give-up',
      because: 'max-age',
    });
  });

  it('by default spreads twelve attempts over a few hours, within two days', () => {
    let total = 0;
    for (let a = 1; a < DEFAULT_BACKOFF.maxAttempts; a += 1)
      total += retryDelayMs(DEFAULT_BACKOFF, a, () => 1);
    expect(total).toBeGreaterThan(2 * 3_600_000);
    expect(total).toBeLessThan(DEFAULT_BACKOFF.maxAgeMs);
  });
});

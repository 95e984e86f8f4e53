import type { NextFunction, Request, Response } from 'express';
import { RateLimitMiddleware, rateLimitFromEnv } from './rate-limit.middleware';

function call(limiter: RateLimitMiddleware, sub: string | null): { status: number; retryAfter?: string } {
  let status = 200;
  let retryAfter: string | undefined;
  const res = {
    locals: sub === null ? {} : { principal: { personId: `client:${sub}`, clientId: sub, kind: 'client' } },
    setHeader: (name: string, value: string) => {
      if (name === 'Retry-After') retryAfter = value;
    },
    status(code: number) {
      status = code;
      return { json: () => undefined };
    },
  } as unknown as Response;
  limiter.use({} as Request, res, (() => undefined) as NextFunction);
  return { status, ...(retryAfter ? { retryAfter } : {}) };
}

describe('rate limits per API client', () => {
  it('lets a burst through, then answers 429 with Retry-After until the bucket refills; clients are separate', () => {
    let now = 0;
    const limiter = new RateLimitMiddleware({ perSecond: 2, burst: 3 }).withClock(() => now);
    expect([1, 2, 3].map(() => call(limiter, 'a').status)).toEqual([200, 200, 200]);
    expect(call(limiter, 'a')).toEqual({ status: 429, retryAfter: '1' });
    expect(call(limiter, 'b').status).toBe(200);
    now += 500; // one token back at 2/s
    expect(call(limiter, 'a').status).toBe(200);
    expect(call(limiter, 'a').status).toBe(429);
  });

  it('does not limit requests without an authenticated principal (a header cannot spend a client’s budget)', () => {
    const limiter = new RateLimitMiddleware({ perSecond: 1, burst: 1 });
    expect(Array.from({ length: 5 }, () => call(limiter, null).status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('reads its settings from the environment and refuses nonsense', () => {
    expect(rateLimitFromEnv({})).toEqual({ perSecond: 20, burst: 60 });
    expect(
      rateLimitFromEnv({ LIEN_THONG_CLIENT_RATE_PER_SECOND: '5', LIEN_THONG_CLIENT_BURST: '10' }),
    ).toEqual({
      perSecond: 5,
      burst: 10,
    });
    expect(() => rateLimitFromEnv({ LIEN_THONG_CLIENT_BURST: 'lots' })).toThrow(/LIEN_THONG_CLIENT_BURST/);
  });
});

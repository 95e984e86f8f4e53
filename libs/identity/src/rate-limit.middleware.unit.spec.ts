import { Router, type NextFunction, type Request, type Response } from 'express';
import {
  DEFAULT_RATE_LIMIT,
  RateLimitMiddleware,
  RequestThrottle,
  isCredentialPath,
  rateLimitFromEnv,
  type RateLimitOptions,
} from './rate-limit.middleware';

const generous = { perSecond: 1000, burst: 1000 };

function limiter(options: Partial<RateLimitOptions>, now: () => number = () => 0): RateLimitMiddleware {
  return new RateLimitMiddleware(
    new RequestThrottle({
      ...DEFAULT_RATE_LIMIT,
      anonymous: generous,
      credentials: generous,
      ...options,
    }).withClock(now),
  );
}

function call(
  middleware: RateLimitMiddleware,
  sub: string | null,
  request: { ip?: string; path?: string } = {},
): { status: number; retryAfter?: string; message?: string } {
  let status = 200;
  let retryAfter: string | undefined;
  let message: string | undefined;
  const res = {
    locals: sub === null ? {} : { principal: { personId: `client:${sub}`, clientId: sub, kind: 'client' } },
    setHeader: (name: string, value: string) => {
      if (name === 'Retry-After') retryAfter = value;
    },
    status(code: number) {
      status = code;
      return {
        json: (body: { message: string }) => {
          message = body.message;
        },
      };
    },
  } as unknown as Response;
  const req = { ip: request.ip ?? '10.0.0.1', originalUrl: request.path ?? '/agencies' } as Request;
  middleware.use(req, res, (() => undefined) as NextFunction);
  return { status, ...(retryAfter ? { retryAfter } : {}), ...(message ? { message } : {}) };
}

describe('rate limits', () => {
  it('per API client: lets a burst through, then 429 with Retry-After until the bucket refills; clients are separate', () => {
    let now = 0;
    const m = limiter({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => call(m, 'a').status)).toEqual([200, 200, 200]);
    expect(call(m, 'a')).toMatchObject({ status: 429, retryAfter: '1' });
    expect(call(m, 'b').status).toBe(200);
    now += 500; // one token back at 2/s
    expect(call(m, 'a').status).toBe(200);
    expect(call(m, 'a').status).toBe(429);
  });

  it('a client is never charged for requests without a token (a header cannot spend its budget)', () => {
    const m = limiter({ perSecond: 1, burst: 1, anonymous: { perSecond: 1, burst: 2 } });
    expect(call(m, null).status).toBe(200);
    expect(call(m, null).status).toBe(200);
    expect(call(m, null)).toMatchObject({
      status: 429,
      message: expect.stringMatching(/without a token from 10\.0\.0\.1/),
    });
    expect(call(m, 'a').status).toBe(200);
  });

  it('per address without a token: addresses are separate', () => {
    const m = limiter({ anonymous: { perSecond: 1, burst: 2 } });
    expect([1, 2, 3].map(() => call(m, null, { ip: '10.0.0.1' }).status)).toEqual([200, 200, 429]);
    expect(call(m, null, { ip: '10.0.0.2' }).status).toBe(200);
  });

  it('credential attempts per address are limited more strictly, and only on /auth/token and /auth/login', () => {
    let now = 0;
    const m = limiter({ credentials: { perSecond: 0.5, burst: 2 } }, () => now);
    expect(call(m, null, { path: '/auth/token' }).status).toBe(200);
    expect(call(m, null, { path: '/auth/login?x=1' }).status).toBe(200);
    expect(call(m, null, { path: '/auth/login' })).toMatchObject({
      status: 429,
      retryAfter: '2',
      message: expect.stringMatching(/for credentials from 10\.0\.0\.1/),
    });
    expect(call(m, null, { path: '/public/dossiers/x' }).status).toBe(200);
    now += 2000;
    expect(call(m, null, { path: '/auth/token' }).status).toBe(200);
  });

  it('charges every spelling of /auth/login and /auth/token to the credential budget, and nothing else', () => {
    const spellings = [
      '/auth/login/',
      '/AUTH/Login',
      '/auth/%6Cogin',
      '/auth/%6cogin',
      '/%61uth%2Flogin',
      '/auth/%256Cogin',
      '//auth/login',
      '/auth//login//',
      '/auth/./login',
      '/auth/x/../login',
      '/auth\\login',
      '/auth/login?grant_type=x',
      '/auth/login#x',
      '/auth/token/',
      '/Auth/TOKEN',
      '/auth/%74oken',
    ];
    let now = 0;
    for (const path of spellings) {
      // A bucket of one per spelling: the second attempt is over the credential limit.
      const m = limiter({ credentials: { perSecond: 0.5, burst: 1 } }, () => now);
      expect([path, call(m, null, { path }).status]).toEqual([path, 200]);
      expect([path, call(m, null, { path })]).toEqual([
        path,
        expect.objectContaining({ status: 429, message: expect.stringMatching(/for credentials/) }),
      ]);
      now += 10_000;
    }
    for (const path of ['/auth/logins', '/auth/login/x', '/auth', '/public/auth/login', '/auth/log%69n2'])
      expect([path, isCredentialPath(path)]).toEqual([path, false]);
  });

  it('every spelling that Express routes to the credential endpoints is one the limit charges', async () => {
    const routes = (url: string) =>
      new Promise<boolean>((resolve) => {
        const r = Router();
        r.post('/auth/login', () => resolve(true));
        r.post('/auth/token', () => resolve(true));
        r({ method: 'POST', url, originalUrl: url, headers: {} } as Request, {} as Response, () =>
          resolve(false),
        );
      });
    const variants = ['login', 'token'].flatMap((name) =>
      [`/auth/${name}`, `/AUTH/${name.toUpperCase()}`, `/Auth/${name[0]!.toUpperCase()}${name.slice(1)}`]
        .flatMap((p) => [p, `${p}/`, `${p}//`, `/${p}`, `${p}?x=1`, p.replace('/auth/', '/auth//')])
        .flatMap((p) => [p, p.replace(name[0]!, `%${name.charCodeAt(0).toString(16)}`)]),
    );
    const routed = [];
    for (const url of variants) if (await routes(url)) routed.push(url);
    // Express routes case and one trailing slash differently from the plain path, not escapes.
    expect(routed).toEqual(expect.arrayContaining(['/auth/login/', '/AUTH/LOGIN', '/Auth/Token/']));
    expect(routed.filter((url) => !isCredentialPath(url))).toEqual([]);
  });

  it('reads its settings from the environment and refuses nonsense', () => {
    expect(rateLimitFromEnv({})).toEqual(DEFAULT_RATE_LIMIT);
    expect(
      rateLimitFromEnv({
        LIEN_THONG_CLIENT_RATE_PER_SECOND: '5',
        LIEN_THONG_CLIENT_BURST: '10',
        LIEN_THONG_ANONYMOUS_RATE_PER_SECOND: '3',
        LIEN_THONG_ANONYMOUS_BURST: '4',
        LIEN_THONG_CREDENTIALS_RATE_PER_SECOND: '0.1',
        LIEN_THONG_CREDENTIALS_BURST: '5',
      }),
    ).toEqual({
      perSecond: 5,
      burst: 10,
      anonymous: { perSecond: 3, burst: 4 },
      credentials: { perSecond: 0.1, burst: 5 },
    });
    expect(() => rateLimitFromEnv({ LIEN_THONG_CLIENT_BURST: 'lots' })).toThrow(/LIEN_THONG_CLIENT_BURST/);
    expect(() => rateLimitFromEnv({ LIEN_THONG_CREDENTIALS_BURST: '-1' })).toThrow(
      /LIEN_THONG_CREDENTIALS_BURST/,
    );
  });
});

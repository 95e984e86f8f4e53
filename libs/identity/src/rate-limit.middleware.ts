import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import {
  PRINCIPAL_LOCAL,
  TokenBuckets,
  positiveNumberSetting,
  type BucketLimit,
  type Principal,
} from '@lien-thong/access';

export interface RateLimitOptions extends BucketLimit {
  /**
   * Requests without a valid token (no token, a refused one, public endpoints), per remote address:
   * they cost the server a database write (the audit line of a 401) or a lookup without identifying
   * anyone, so an address cannot flood them.
   */
  readonly anonymous: BucketLimit;
  /**
   * Credential attempts (`/auth/token`, `/auth/login`), per remote address, on top of `anonymous`:
   * slow enough that guessing a password or a client secret is hopeless.
   */
  readonly credentials: BucketLimit;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  perSecond: 20,
  burst: 60,
  anonymous: { perSecond: 10, burst: 100 },
  credentials: { perSecond: 0.5, burst: 20 },
};
export const RATE_LIMIT_OPTIONS = Symbol.for('lien-thong.RateLimitOptions');

/**
 * The limits from the environment (defaults in `DEFAULT_RATE_LIMIT`); a bad value stops the API with a
 * clear message. Per client: LIEN_THONG_CLIENT_RATE_PER_SECOND, LIEN_THONG_CLIENT_BURST; per address
 * without a token: LIEN_THONG_ANONYMOUS_RATE_PER_SECOND, LIEN_THONG_ANONYMOUS_BURST; credential
 * attempts per address: LIEN_THONG_CREDENTIALS_RATE_PER_SECOND, LIEN_THONG_CREDENTIALS_BURST.
 */
export function rateLimitFromEnv(env: Readonly<Record<string, string | undefined>>): RateLimitOptions {
  const read = (name: string, fallback: number) => positiveNumberSetting(env, name, fallback);
  const d = DEFAULT_RATE_LIMIT;
  return {
    perSecond: read('LIEN_THONG_CLIENT_RATE_PER_SECOND', d.perSecond),
    burst: read('LIEN_THONG_CLIENT_BURST', d.burst),
    anonymous: {
      perSecond: read('LIEN_THONG_ANONYMOUS_RATE_PER_SECOND', d.anonymous.perSecond),
      burst: read('LIEN_THONG_ANONYMOUS_BURST', d.anonymous.burst),
    },
    credentials: {
      perSecond: read('LIEN_THONG_CREDENTIALS_RATE_PER_SECOND', d.credentials.perSecond),
      burst: read('LIEN_THONG_CREDENTIALS_BURST', d.credentials.burst),
    },
  };
}

const CREDENTIAL_PATHS = new Set(['/auth/token', '/auth/login']);

/**
 * The path a request names, in the one spelling the credential limit compares: lower case, without
 * query, fragment, trailing or repeated slashes, `.` and `..` segments, and with percent-escapes
 * decoded (repeatedly) and backslashes read as slashes. Express 5's router (path-to-regexp 8, not
 * `strict`, not `caseSensitive`) routes `/auth/login/` and `/AUTH/Login` to the login endpoint, and a
 * proxy in front may merge slashes, resolve dot segments or decode escapes before it forwards: every
 * spelling that can reach an endpoint must be charged to its budget. Spellings no one routes are
 * charged too (they then get a 404), which costs an honest caller nothing.
 */
export function routedPath(url: string): string {
  let path = url.split(/[?#]/, 1)[0] ?? '';
  for (let rounds = 0; rounds < 8 && /%[0-9a-f]{2}/i.test(path); rounds += 1)
    // Byte by byte: one malformed escape must not stop the others being decoded.
    path = path.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const segments: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`.toLowerCase();
}

/** Whether the request URL, however spelled, names `/auth/token` or `/auth/login`. */
export function isCredentialPath(url: string): boolean {
  return CREDENTIAL_PATHS.has(routedPath(url));
}

/**
 * Rate limits (token buckets, in this API process's memory: with several API processes each applies
 * its own, so the effective limit scales with them):
 * - per authenticated caller, keyed by the token's subject, never by a header a caller could forge;
 * - per remote address for requests without a valid token, and stricter for credential attempts.
 * Over a limit: 429 `RATE_LIMITED` with `Retry-After`. The remote address is the socket's (Express
 * `req.ip`); behind a reverse proxy, configure Express's `trust proxy` so that it is the client's.
 */
@Injectable()
export class RequestThrottle {
  private readonly clients: TokenBuckets;
  private readonly anonymous: TokenBuckets;
  private readonly credentials: TokenBuckets;

  private now: () => number = Date.now;

  constructor(@Inject(RATE_LIMIT_OPTIONS) private readonly options: RateLimitOptions) {
    this.clients = new TokenBuckets(options);
    this.anonymous = new TokenBuckets(options.anonymous);
    this.credentials = new TokenBuckets(options.credentials);
  }

  /** For tests: a clock to move by hand. */
  withClock(now: () => number): this {
    this.now = now;
    return this;
  }

  /**
   * Charges one request: to its principal's bucket, or (without one) to its address's buckets.
   * Answers 429 and returns false when over a limit.
   */
  admit(req: Request, res: Response, principal: Principal | undefined): boolean {
    const now = this.now();
    if (principal) {
      const wait = this.clients.take(principal.personId, now);
      if (wait === null) return true;
      const { perSecond, burst } = this.options;
      return this.refuse(
        res,
        wait,
        `from ${principal.personId}: at most ${perSecond}/s (bursts of ${burst})`,
      );
    }
    const address = req.ip ?? req.socket?.remoteAddress ?? 'unknown';
    if (isCredentialPath(req.originalUrl ?? req.url ?? '')) {
      const wait = this.credentials.take(address, now);
      if (wait !== null) {
        const { perSecond, burst } = this.options.credentials;
        return this.refuse(
          res,
          wait,
          `for credentials from ${address}: at most ${perSecond}/s (bursts of ${burst})`,
        );
      }
    }
    const wait = this.anonymous.take(address, now);
    if (wait === null) return true;
    const { perSecond, burst } = this.options.anonymous;
    return this.refuse(
      res,
      wait,
      `without a token from ${address}: at most ${perSecond}/s (bursts of ${burst})`,
    );
  }

  private refuse(res: Response, retryAfter: number, what: string): false {
    res.setHeader('Retry-After', String(retryAfter));
    res.status(429).json({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `Too many requests ${what}; retry after ${retryAfter} s`,
      messageVi: 'Quá nhiều yêu cầu; vui lòng thử lại sau',
    });
    return false;
  }
}

/**
 * Applies `RequestThrottle` after authentication, so that a request is charged to the caller its
 * token names, or to its address when it has none. (Requests whose token is refused are charged by the
 * authentication middleware.)
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(private readonly throttle: RequestThrottle) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const principal = res.locals[PRINCIPAL_LOCAL] as Principal | undefined;
    if (this.throttle.admit(req, res, principal)) next();
  }
}

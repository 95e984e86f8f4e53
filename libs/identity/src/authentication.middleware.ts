import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PRINCIPAL_LOCAL, type Principal } from '@lien-thong/access';
import { RequestThrottle } from './rate-limit.middleware';
import { AccessTokens, type VerifiedToken } from './tokens/access-tokens';
import { TokenRevocations } from './tokens/token-revocations';

/** What a verified token says about its bearer, in the shape controllers receive. */
export function principalOf(token: VerifiedToken): Principal {
  return {
    kind: token.kind,
    personId: token.kind === 'client' ? `client:${token.sub}` : token.sub,
    clientId: token.kind === 'client' ? token.sub : null,
    agencyCode: token.agency,
    roles: token.roles,
  };
}

/**
 * Authentication (issue 6): a request carrying `Authorization: Bearer <token>` is authenticated here,
 * before any guard or handler. A malformed, forged or expired bearer token is a 401 at once, and so is
 * one of a client revoked or an account disabled since, issued before a password change, or acting
 * for an agency deactivated or re-coded since (TokenRevocations); a valid one becomes the request's principal (`@CurrentPrincipal()`). A request
 * without a bearer token goes on without a principal, and the access guard refuses it (401) unless the
 * endpoint is `@Public()`. Nothing about the caller is ever read from other headers.
 */
@Injectable()
export class AuthenticationMiddleware implements NestMiddleware {
  private readonly log = new Logger('Identity');

  constructor(
    private readonly tokens: AccessTokens,
    private readonly throttle: RequestThrottle,
    private readonly revocations: TokenRevocations,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const header = req.headers.authorization;
    // Other schemes (Basic, for the token endpoint's client authentication) are not a principal.
    if (header === undefined || !/^bearer\b/i.test(header)) return next();
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
    const verified = match ? this.tokens.verify(match[1]!) : ({ ok: false, reason: 'malformed' } as const);
    if (!verified.ok) {
      // A refused token identifies no one: charged to the address, like a request without a token.
      if (!this.throttle.admit(req, res, undefined)) return;
      this.log.warn(`bearer token refused (${verified.reason}) for ${req.method} ${req.path}`);
      res.status(401).json({
        statusCode: 401,
        code: verified.reason === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
        message:
          verified.reason === 'expired'
            ? 'The access token has expired: obtain a new one from /auth/token or /auth/login'
            : 'The access token is not valid (malformed, forged, or from another deployment)',
        messageVi: 'Mã truy cập không hợp lệ hoặc đã hết hạn',
      });
      return;
    }
    const token = verified.token;
    this.revocations.refusal(token).then(
      (refusal) => {
        if (refusal) {
          if (!this.throttle.admit(req, res, undefined)) return;
          this.log.warn(`revoked ${token.kind} token of ${token.sub} refused for ${req.method} ${req.path}`);
          res.status(401).json({ statusCode: 401, code: 'TOKEN_REVOKED', ...refusal });
          return;
        }
        res.locals[PRINCIPAL_LOCAL] = principalOf(token);
        next();
      },
      (error: unknown) => next(error),
    );
  }
}

import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AccessTokens } from './tokens/access-tokens';

/**
 * Transitional authentication (issue 6, before the authorization guard): a request that carries
 * `Authorization: Bearer <token>` is authenticated now. A missing, malformed, forged or expired token
 * is a 401 before any handler runs; a valid one speaks for its agency: the acting-agency and person
 * headers the handlers still read are set from the token, and a request that names another agency in
 * `x-agency-code` is a 403. Requests without a bearer token are still served on the headers alone,
 * until every endpoint declares its roles and the guard refuses them.
 */
@Injectable()
export class BearerTokenMiddleware implements NestMiddleware {
  private readonly log = new Logger('Identity');

  constructor(private readonly tokens: AccessTokens) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const header = req.headers.authorization;
    if (header === undefined) return next();
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
    const verified = match ? this.tokens.verify(match[1]!) : ({ ok: false, reason: 'malformed' } as const);
    if (!verified.ok) {
      this.log.warn(`bearer token refused (${verified.reason}) for ${req.method} ${req.path}`);
      res.status(401).json({
        statusCode: 401,
        code: verified.reason === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
        message:
          verified.reason === 'expired'
            ? 'The access token has expired: obtain a new one from /auth/token'
            : 'The access token is not valid (malformed, forged or from another deployment)',
        messageVi: 'Mã truy cập không hợp lệ hoặc đã hết hạn',
      });
      return;
    }
    const token = verified.token;
    const named = req.headers['x-agency-code'];
    if (token.agency !== null && named !== undefined && named !== token.agency) {
      res.status(403).json({
        statusCode: 403,
        code: 'AGENCY_MISMATCH',
        message: `This token acts for ${token.agency}, not ${String(named)}`,
        messageVi: `Mã truy cập này thuộc cơ quan ${token.agency}`,
      });
      return;
    }
    // The authenticated principal, for what follows (rate limits): never taken from a header.
    res.locals.principal = token;
    if (token.agency !== null) req.headers['x-agency-code'] = token.agency;
    req.headers['x-person-id'] = `${token.kind}:${token.sub}`;
    next();
  }
}

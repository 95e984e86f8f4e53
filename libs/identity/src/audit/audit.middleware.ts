import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PERSONAL_DATA_READ_LOCAL, PRINCIPAL_LOCAL, type Principal } from '@lien-thong/access';
import { parseBasicCredentials } from '../clients/basic-credentials';
import { AuditLog, type AuditEntry } from './audit-log';

const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Token requests are recorded only when they fail: a success changes nothing. */
const READ_LIKE_POSTS = new Set(['/auth/token']);

/**
 * The identity a refused credential request claimed: the person id of a login, the client id of a
 * token request (body, form or HTTP Basic). Never the password or secret.
 */
export function claimedIdentity(req: Request, path: string): string | null {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value.slice(0, 200) : null);
  if (path === '/auth/login') return text(body.personId);
  if (path !== '/auth/token') return null;
  const basic = parseBasicCredentials(req.headers.authorization);
  if (basic !== undefined && basic !== 'malformed') return text(basic.clientId);
  return text(body.client_id);
}

/** What a finished request is recorded as, if at all. */
export function auditKind(
  method: string,
  path: string,
  status: number,
  readsPersonalData: boolean,
): AuditEntry['kind'] | null {
  if (status === 401) return 'auth-failure';
  if (status === 403) return 'access-denied';
  if (CHANGING.has(method) && !READ_LIKE_POSTS.has(path)) return 'change';
  if (readsPersonalData && status < 400) return 'personal-data-read';
  return null;
}

/**
 * Records every state-changing request (method, path, final status, actor, correlation id, time),
 * every refused credential or token, every refusal (403) and every answered read of personal data
 * (forms, register, time travel), once the response is finished, so the status is the one the
 * caller saw. The actor is read after authentication: with a bearer token, the token's agency and
 * subject. Applied before the authentication middleware so that its refusals are recorded too.
 */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  private readonly log = new Logger('Audit');

  constructor(private readonly audit: AuditLog) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = Date.now();
    const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
    // Read now: by the time the response has finished, the socket may be gone (a refused upload's
    // connection is closed), and with it the address.
    const ip = req.ip ?? null;
    res.on('finish', () => {
      const kind = auditKind(req.method, path, res.statusCode, res.locals[PERSONAL_DATA_READ_LOCAL] === true);
      if (kind === null) return;
      const authFailure = kind === 'auth-failure';
      // The actor as authenticated (never a header): none for a refused or missing token.
      const principal = res.locals[PRINCIPAL_LOCAL] as Principal | undefined;
      const header = (name: string) => {
        const value = req.headers[name];
        return typeof value === 'string' && value !== '' ? value : null;
      };
      this.audit
        .record({
          at: new Date(started).toISOString(),
          method: req.method,
          path,
          status: res.statusCode,
          kind,
          personId: principal?.personId ?? null,
          claimedId: authFailure ? claimedIdentity(req, path) : null,
          agencyCode: principal?.agencyCode ?? null,
          correlationId: header('x-request-id') ?? header('idempotency-key'),
          ip,
          durationMs: Date.now() - started,
        })
        .catch((error: unknown) =>
          this.log.error(`audit line lost for ${req.method} ${path}: ${String(error)}`),
        );
    });
    next();
  }
}

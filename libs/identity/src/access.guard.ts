import { identityError } from './identity.errors';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';

import {
  ACCESS_METADATA,
  OWN_AGENCY_METADATA,
  PERSONAL_DATA_METADATA,
  PERSONAL_DATA_READ_LOCAL,
  PRINCIPAL_LOCAL,
  assertActsFor,
  type AccessRule,
  type Principal,
} from '@lien-thong/access';

/**
 * Access to every endpoint (issue 6). Each endpoint declares `@Allow(roles…)` or `@Public()`; an
 * undeclared endpoint is refused to everyone (fail closed, 403), a request without a principal is a
 * 401, a role not allowed is a 403, and a caller acting for an agency may only name its own in an
 * `@OwnAgency` route parameter (see `assertActsFor`).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, targets);
    const http = context.switchToHttp();
    if (rule && 'public' in rule) return true;
    if (!rule)
      throw identityError(
        'ENDPOINT_NOT_DECLARED',
        'This endpoint declares no roles, so nobody may call it',
        'Chức năng này chưa được phân quyền',
      );
    const principal = http.getResponse<Response>().locals[PRINCIPAL_LOCAL] as Principal | undefined;
    if (!principal)
      throw identityError(
        'AUTHENTICATION_REQUIRED',
        'This endpoint needs "Authorization: Bearer <token>" (POST /auth/token for API clients, /auth/login for staff)',
        'Cần đăng nhập (mã truy cập) để dùng chức năng này',
      );
    if (!principal.roles.some((r) => (rule.roles as readonly string[]).includes(r)))
      throw identityError(
        'ROLE_NOT_ALLOWED',
        `This endpoint is for ${rule.roles.join(', ')}; you are ${principal.roles.join(', ') || 'no role'}`,
        'Bạn không có quyền thực hiện chức năng này',
      );
    const param = this.reflector.getAllAndOverride<string | undefined>(OWN_AGENCY_METADATA, targets);
    const raw: unknown = param ? http.getRequest<Request>().params[param] : undefined;
    const named = typeof raw === 'string' ? raw : undefined;
    if (named !== undefined) assertActsFor(principal, named);
    if (this.reflector.getAllAndOverride<boolean | undefined>(PERSONAL_DATA_METADATA, targets))
      http.getResponse<Response>().locals[PERSONAL_DATA_READ_LOCAL] = true;
    return true;
  }
}

import { accessError } from './access.errors';
import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

/** Staff and client roles (issue 6). An agency's API client is an `agency-officer` of its agency. */
export const ROLES = [
  'reception-officer',
  'agency-officer',
  'agency-head',
  'procedure-designer',
  'auditor',
  'administrator',
  // Lãnh đạo UBND tỉnh/thành phố: reads the figures of the whole province (reports), acts on nothing.
  'provincial-leader',
] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS_METADATA = 'lien-thong:access';
export const OWN_AGENCY_METADATA = 'lien-thong:own-agency';

export type AccessRule = { readonly public: true } | { readonly roles: readonly Role[] };

/** The OpenAPI extension that states an operation's rule (`x-access`; the API states it in words). */
export const ACCESS_EXTENSION = 'x-access';

/**
 * Who may call the endpoint: these roles (every endpoint declares it; undeclared ones are refused).
 * The OpenAPI document states the same rule (`x-access`).
 */
export const Allow = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_METADATA, { roles } satisfies AccessRule),
    ApiExtension(ACCESS_EXTENSION, { roles }),
  );

/** Anyone, without a token (health, the token endpoint, the public lookup). */
export const Public = () =>
  applyDecorators(
    SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule),
    ApiExtension(ACCESS_EXTENSION, { public: true }),
  );

export const PERSONAL_DATA_METADATA = 'lien-thong:personal-data';
/** Where the access guard marks a request that reads personal data, for the audit log. */
export const PERSONAL_DATA_READ_LOCAL = 'personalDataRead';

/**
 * The endpoint shows an applicant's personal data (forms, register, time travel): every answered call
 * is written to the audit log (`personal-data-read`), as every refusal is. The OpenAPI document says so
 * (`x-personal-data`).
 */
export const PersonalDataRead = () =>
  applyDecorators(SetMetadata(PERSONAL_DATA_METADATA, true), ApiExtension('x-personal-data', true));

/** The route parameter naming an agency: a caller acting for an agency may only name its own. */
export const OwnAgency = (param: string) => SetMetadata(OWN_AGENCY_METADATA, param);

/** Every role: any authenticated caller (directories, procedures, the calendar). */
export const ANY_ROLE: readonly Role[] = ROLES;

/**
 * Who is calling, as authenticated from the bearer token (never from a header). Set by the identity
 * library's middleware; every endpoint that is not `@Public()` has one.
 */
export interface Principal {
  readonly kind: 'client' | 'staff';
  /** The staff person id, or `client:<clientId>` for an API client: what events record as the actor. */
  readonly personId: string;
  /** The API client id when an agency's software calls. */
  readonly clientId: string | null;
  /** The agency (or unit) the caller acts for; null for staff without one (e.g. an administrator). */
  readonly agencyCode: string | null;
  readonly roles: readonly string[];
}

/** Where the identity middleware leaves the principal (on the response's locals, per request). */
export const PRINCIPAL_LOCAL = 'principal';

/**
 * The authenticated caller of this request. On a `@Public()` endpoint it may be undefined; elsewhere
 * the guard has already refused a request without one (401), so it is always there.
 */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal | undefined =>
    (context.switchToHttp().getResponse<{ locals: Record<string, unknown> }>().locals[PRINCIPAL_LOCAL] as
      Principal | undefined) ?? undefined,
);

/** The principal or a 401: for handlers that the guard protects (defence in depth). */
export function requirePrincipal(principal: Principal | undefined): Principal {
  if (!principal)
    throw accessError(
      'AUTHENTICATION_REQUIRED',
      'This endpoint needs a bearer token (POST /auth/token or /auth/login)',
      'Cần đăng nhập (mã truy cập) để dùng chức năng này',
    );
  return principal;
}

/**
 * A caller with an agency acts only for it. Administrators may name any agency (and are recorded as
 * themselves); an auditor without an agency (a provincial inspector) may read any agency's views.
 */
export function assertActsFor(principal: Principal, agencyCode: string): void {
  if (principal.agencyCode === agencyCode || principal.roles.includes('administrator')) return;
  if (principal.agencyCode === null && principal.roles.includes('auditor')) return;
  throw accessError(
    'AGENCY_MISMATCH',
    principal.agencyCode === null
      ? `You act for no agency, so you cannot act for ${agencyCode}`
      : `You act for ${principal.agencyCode}, not ${agencyCode}`,
    principal.agencyCode === null
      ? `Bạn không thuộc cơ quan ${agencyCode}`
      : `Bạn chỉ thao tác được cho ${principal.agencyCode}`,
  );
}

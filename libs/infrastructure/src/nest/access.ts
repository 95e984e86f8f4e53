import { SetMetadata } from '@nestjs/common';

/** Staff and client roles (issue 6). An agency's API client is an `agency-officer` of its agency. */
export const ROLES = [
  'reception-officer',
  'agency-officer',
  'agency-head',
  'procedure-designer',
  'auditor',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS_METADATA = 'lien-thong:access';
export const OWN_AGENCY_METADATA = 'lien-thong:own-agency';

export type AccessRule = { readonly public: true } | { readonly roles: readonly Role[] };

/** Who may call the endpoint: these roles (every endpoint declares it; undeclared ones are refused). */
export const Allow = (...roles: Role[]) => SetMetadata(ACCESS_METADATA, { roles } satisfies AccessRule);

/** Anyone, without a token (health, the token endpoint, the public lookup). */
export const Public = () => SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule);

/** The route parameter naming an agency: a caller acting for an agency may only name its own. */
export const OwnAgency = (param: string) => SetMetadata(OWN_AGENCY_METADATA, param);

/** Every role: any authenticated caller (directories, procedures, the calendar). */
export const ANY_ROLE: readonly Role[] = ROLES;

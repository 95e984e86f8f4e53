export { IdentityModule } from './identity.module';
export { API_CLIENT_ROLE } from './identity.http.controller';
export {
  AccessTokens,
  DEFAULT_TOKEN_TTL_SECONDS,
  type AccessClaims,
  type VerifiedToken,
  type TokenVerification,
} from './tokens/access-tokens';
export {
  ApiClients,
  DEFAULT_ROTATION_GRACE_MS,
  apiClientMigrations,
  migrateApiClients,
  type ApiClientView,
  type IssuedSecret,
} from './clients/api-clients';
export {
  AuditLog,
  auditMigrations,
  migrateAuditLog,
  type AuditEntry,
  type AuditQuery,
} from './audit/audit-log';
export {
  StaffUsers,
  migrateStaffUsers,
  staffMigrations,
  type StaffUserView,
  type NewStaffUser,
} from './staff/staff-users';

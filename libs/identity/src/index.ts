export { IdentityModule } from './identity.module';
export {
  AccessTokens,
  DEFAULT_TOKEN_TTL_SECONDS,
  type AccessClaims,
  type VerifiedToken,
  type TokenVerification,
} from './tokens/access-tokens';
export {
  ApiClients,
  API_CLIENT_ROLES,
  DEFAULT_ROTATION_GRACE_MS,
  type ApiClientRole,
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

export { runtimeConfigFromEnv, type RuntimeConfig } from './config/runtime-config';
export { VaultKeyring, DEFAULT_VAULT_KEY_ID, parseVaultKey } from './config/vault-keyring';
export { createEventStore, prepareEventStore } from './event-store-factory';
export { PlatformModule } from './nest/platform.module';
export {
  ROLES,
  ANY_ROLE,
  ACCESS_METADATA,
  ACCESS_EXTENSION,
  OWN_AGENCY_METADATA,
  Allow,
  Public,
  OwnAgency,
  PersonalDataRead,
  PERSONAL_DATA_METADATA,
  PERSONAL_DATA_READ_LOCAL,
  CurrentPrincipal,
  PRINCIPAL_LOCAL,
  requirePrincipal,
  assertActsFor,
  type Role,
  type AccessRule,
  type Principal,
} from './nest/access';
export { TokenBuckets, positiveNumberSetting, type BucketLimit } from './http/token-buckets';
export { RUNTIME_CONFIG, TEMPORAL_CLIENT, TEMPORAL_CONNECTION } from './nest/tokens';
export { SystemClock, RandomIdGenerator } from './nest/system-clock';

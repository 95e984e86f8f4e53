export { runtimeConfigFromEnv, type RuntimeConfig } from './config/runtime-config';
export { VaultKeyring, DEFAULT_VAULT_KEY_ID, parseVaultKey } from './config/vault-keyring';
export { createEventStore, prepareEventStore } from './event-store-factory';
export { PlatformModule } from './nest/platform.module';
export { RUNTIME_CONFIG, TEMPORAL_CLIENT, TEMPORAL_CONNECTION } from './nest/tokens';
export { SystemClock, RandomIdGenerator } from './nest/system-clock';

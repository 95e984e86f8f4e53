export { runtimeConfigFromEnv, RUNTIME_CONFIG, type RuntimeConfig } from './runtime-config';
export { VaultKeyring, DEFAULT_VAULT_KEY_ID, parseVaultKey } from './vault-keyring';
export {
  temporalConnectionFromEnv,
  temporalConnectionOptions,
  type TemporalConnectionSettings,
} from './temporal-connection';

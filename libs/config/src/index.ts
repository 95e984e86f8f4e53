export {
  runtimeConfigFromEnv,
  settingsOf,
  loggingOptionsFromEnv,
  RUNTIME_CONFIG,
  type RuntimeConfig,
  type LoggingOptions,
} from './runtime-config';
export { VaultKeyring, DEFAULT_VAULT_KEY_ID, parseVaultKey } from './vault-keyring';
export {
  temporalConnectionFromEnv,
  temporalConnectionOptions,
  type TemporalConnectionSettings,
} from './temporal-connection';
export { loadSettings, SETTINGS_SCHEMA, type SettingName, type Settings } from './settings';

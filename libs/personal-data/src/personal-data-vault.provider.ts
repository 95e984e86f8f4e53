import type { Pool } from 'pg';
import { VaultKeyring, type RuntimeConfig } from '@lien-thong/config';
import type { Migration } from '@lien-thong/postgres';
import type { PersonalDataVault } from './personal-data-vault.port';
import { PostgresPersonalDataVault, postgresVaultMigrations } from './postgres-personal-data-vault';

export const vaultMigrations: readonly Migration[] = postgresVaultMigrations;

/**
 * The PostgreSQL vault under the configured master keys (LIEN_THONG_VAULT_KEY, LIEN_THONG_VAULT_KEY_ID,
 * LIEN_THONG_VAULT_READ_KEYS); refuses to start without a current key.
 */
export function personalDataVaultFor(pool: Pool, config: RuntimeConfig): PersonalDataVault {
  return new PostgresPersonalDataVault(pool, VaultKeyring.fromConfig(config));
}

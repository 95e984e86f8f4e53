import type { Pool } from 'pg';
import type { Migration, RuntimeConfig } from '@lien-thong/infrastructure';
import type { PersonalDataVault } from '../domain/index';
import {
  PostgresPersonalDataVault,
  parseVaultMasterKey,
  postgresVaultMigrations,
} from './postgres-personal-data-vault';

export const vaultMigrations: readonly Migration[] = postgresVaultMigrations;

/** The PostgreSQL vault under the configured master key (LIEN_THONG_VAULT_KEY); refuses to start without one. */
export function personalDataVaultFor(pool: Pool, config: RuntimeConfig): PersonalDataVault {
  if (!config.vaultMasterKey)
    throw new Error(
      'LIEN_THONG_VAULT_KEY is not set: the personal-data vault needs a 32-byte master key in base64 ' +
        '(`npm start` creates one in the data directory; elsewhere: openssl rand -base64 32).',
    );
  return new PostgresPersonalDataVault(pool, parseVaultMasterKey(config.vaultMasterKey));
}

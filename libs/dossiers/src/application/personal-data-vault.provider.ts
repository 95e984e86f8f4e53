import type { Pool } from 'pg';
import type { Migration, RuntimeConfig } from '@lien-thong/infrastructure';
import { InMemoryPersonalDataVault } from '../domain/in-memory-personal-data-vault';
import type { PersonalDataVault } from '../domain/index';

// Provisional: replaced by the PostgreSQL vault with crypto-shredding (libs/dossiers/src/vault).
export const vaultMigrations: readonly Migration[] = [];

export function personalDataVaultFor(_pool: Pool, _config: RuntimeConfig): PersonalDataVault {
  return new InMemoryPersonalDataVault();
}

import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL, runMigrations } from '@lien-thong/postgres';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@lien-thong/config';
import { PERSONAL_DATA_VAULT } from './personal-data-vault.port';
import { personalDataVaultFor, vaultMigrations } from './personal-data-vault.provider';

/** Applies the vault's table at start (same migration namespace as when the dossiers context owned it). */
class PersonalDataBootstrap implements OnModuleInit {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.pool, 'personal-data-vault', vaultMigrations);
  }
}

/** The personal-data vault (PERSONAL_DATA_VAULT) under the configured master keys. */
@Module({
  providers: [
    PersonalDataBootstrap,
    {
      provide: PERSONAL_DATA_VAULT,
      useFactory: (pool: Pool, config: RuntimeConfig) => personalDataVaultFor(pool, config),
      inject: [PG_POOL, RUNTIME_CONFIG],
    },
  ],
  exports: [PERSONAL_DATA_VAULT],
})
export class PersonalDataModule {}

import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { HolidayCalendarModule } from '@lien-thong/holiday-calendar';
import { PG_POOL, runMigrations } from '@lien-thong/postgres';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@lien-thong/config';
import { BoundProcedures } from './application/bound-procedures';
import { DossierCalendar } from './application/dossier-calendar';
import { DossierAccess } from './application/dossier-access.service';
import { DossierCommandService } from './application/dossier-command.service';
import { PublicLookupMisses } from './application/public-lookup-misses';
import { DossierIntakes, dossierIntakeMigrations } from './application/dossier-intakes';
import { personalDataVaultFor, vaultMigrations } from './application/personal-data-vault.provider';
import { DossierCodeIssuer } from './codes/dossier-code-issuer';
import { PostgresDossierSequence } from './codes/postgres-dossier-sequence';
import { dossierCodeMigrations } from './codes/postgres-dossier-sequence.migrations';
import { RunDossierActionHandler } from './commands/dossier-actions/dossier-action.command';
import {
  ReceiveDossierHandler,
  RefuseAtIntakeHandler,
  RequestSupplementAtIntakeHandler,
} from './commands/receive-dossier/intake.command-handlers';
import { PERSONAL_DATA_VAULT } from './domain/index';
import { DossiersHttpController } from './dossiers.http.controller';
import { DossierQueriesHttpController } from './dossier-queries.http.controller';
import { DOSSIER_QUERY_HANDLERS } from './queries/index';
import { DossierForms } from './forms/dossier-forms.service';
import { DossierFormsHttpController } from './forms/dossier-forms.http.controller';

/** Applies the dossiers context's own tables (codes, intake references, personal-data vault) at start. */
class DossiersBootstrap implements OnModuleInit {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.pool, 'dossier-codes', dossierCodeMigrations);
    await runMigrations(this.pool, 'dossier-intakes', dossierIntakeMigrations);
    await runMigrations(this.pool, 'personal-data-vault', vaultMigrations);
  }
}

/** The dossiers context: reception, actions on dossiers in flight, and (with the worker) their read models. */
@Module({
  imports: [CqrsModule, HolidayCalendarModule],
  controllers: [DossiersHttpController, DossierQueriesHttpController, DossierFormsHttpController],
  providers: [
    DossiersBootstrap,
    BoundProcedures,
    DossierCalendar,
    DossierIntakes,
    DossierCommandService,
    DossierAccess,
    PublicLookupMisses,
    DossierForms,
    {
      provide: DossierCodeIssuer,
      useFactory: (pool: Pool) => new DossierCodeIssuer(new PostgresDossierSequence(pool)),
      inject: [PG_POOL],
    },
    {
      provide: PERSONAL_DATA_VAULT,
      useFactory: (pool: Pool, config: RuntimeConfig) => personalDataVaultFor(pool, config),
      inject: [PG_POOL, RUNTIME_CONFIG],
    },
    ReceiveDossierHandler,
    RequestSupplementAtIntakeHandler,
    RefuseAtIntakeHandler,
    RunDossierActionHandler,
    ...DOSSIER_QUERY_HANDLERS,
  ],
  exports: [DossierCommandService, PERSONAL_DATA_VAULT, BoundProcedures, DossierCalendar],
})
export class DossiersModule {}

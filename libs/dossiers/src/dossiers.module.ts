import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { HolidayCalendarModule } from '@lien-thong/holiday-calendar';
import { PG_POOL, runMigrations } from '@lien-thong/postgres';
import { BoundProcedures } from './application/bound-procedures';
import { DossierCalendar } from './application/dossier-calendar';
import { DossierCommandService } from './application/dossier-command.service';
import { DossierIntakes, dossierIntakeMigrations } from './application/dossier-intakes';
import { DossierCodeIssuer } from './codes/dossier-code-issuer';
import { PostgresDossierSequence } from './codes/postgres-dossier-sequence';
import { dossierCodeMigrations } from './codes/postgres-dossier-sequence.migrations';
import { RunDossierActionHandler } from './commands/dossier-actions/dossier-action.command';
import {
  ReceiveDossierHandler,
  RefuseAtIntakeHandler,
  RequestSupplementAtIntakeHandler,
} from './commands/receive-dossier/intake.command-handlers';
import { DossiersHttpController } from './dossiers.http.controller';
import { PersonalDataModule } from '@lien-thong/personal-data';
import { FilesModule } from '@lien-thong/files';

/** Applies the dossiers context's own tables (codes, intake references) at start. */
class DossiersBootstrap implements OnModuleInit {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.pool, 'dossier-codes', dossierCodeMigrations);
    await runMigrations(this.pool, 'dossier-intakes', dossierIntakeMigrations);
  }
}

/** The dossiers context's write side: reception (intake) and the actions on dossiers in flight. */
import { PreviewAppointmentHandler } from './queries/appointment-preview/appointment-preview.query-handler';

@Module({
  imports: [CqrsModule, HolidayCalendarModule, PersonalDataModule, FilesModule],
  controllers: [DossiersHttpController],
  providers: [
    DossiersBootstrap,
    BoundProcedures,
    DossierCalendar,
    DossierIntakes,
    DossierCommandService,
    {
      provide: DossierCodeIssuer,
      useFactory: (pool: Pool) => new DossierCodeIssuer(new PostgresDossierSequence(pool)),
      inject: [PG_POOL],
    },
    ReceiveDossierHandler,
    RequestSupplementAtIntakeHandler,
    RefuseAtIntakeHandler,
    RunDossierActionHandler,
    PreviewAppointmentHandler,
  ],
  exports: [
    DossierCommandService,
    PersonalDataModule,
    FilesModule,
    BoundProcedures,
    DossierCalendar,
    DossierIntakes,
  ],
})
export class DossiersModule {}

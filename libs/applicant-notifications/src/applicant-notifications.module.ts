import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { AgenciesModule, AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@lien-thong/config';
import { BoundProcedures, DossierCommandService, DossiersModule } from '@lien-thong/dossiers';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '@lien-thong/personal-data';
import { PG_POOL } from '@lien-thong/postgres';
import { migrateApplicantNotifications } from './applicant-notifications.migrations';
import { ApplicantNoticeDispatcher } from './dispatch/applicant-notice-dispatcher';
import { noticeSendersFor } from './senders/notice-senders';

/** Applies the outbox's table at start (API and worker). */
class ApplicantNotificationsBootstrap implements OnModuleInit {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await migrateApplicantNotifications(this.pool);
  }
}

/**
 * Notices to applicants (issue 18, item 11): the dispatcher the worker starts
 * (`app.get(ApplicantNoticeDispatcher).start()`), with the channels the configuration names (SMTP,
 * an SMS or Zalo gateway). The outbox projection is registered with the worker's projections
 * (`applicantNotificationProjections()`).
 */
@Module({
  imports: [AgenciesModule, DossiersModule],
  providers: [
    ApplicantNotificationsBootstrap,
    {
      provide: ApplicantNoticeDispatcher,
      useFactory: (
        pool: Pool,
        dossiers: DossierCommandService,
        vault: PersonalDataVault,
        directory: AgencyDirectory,
        procedures: BoundProcedures,
        clock: Clock,
        config: RuntimeConfig,
      ) =>
        new ApplicantNoticeDispatcher(
          { pool, dossiers, vault, directory, procedures, clock, senders: noticeSendersFor(config) },
          { log: (message) => new Logger('ApplicantNotices').warn(message) },
        ),
      inject: [
        PG_POOL,
        DossierCommandService,
        PERSONAL_DATA_VAULT,
        AGENCY_DIRECTORY,
        BoundProcedures,
        CLOCK,
        RUNTIME_CONFIG,
      ],
    },
  ],
  exports: [ApplicantNoticeDispatcher],
})
export class ApplicantNotificationsModule {}

import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule } from '@lien-thong/platform';
import { settingsOf, type RuntimeConfig } from '@lien-thong/config';
import type { Logger } from 'pino';
import { AgenciesModule } from '@lien-thong/agencies';
import { AgencyNotificationsModule } from '@lien-thong/agency-notifications';
import { ApplicantNotificationsModule } from '@lien-thong/applicant-notifications';
import { CoordinationModule, noticeOptionsFromEnv } from '@lien-thong/coordination';
import { DossiersModule } from '@lien-thong/dossiers';
import { HolidayCalendarModule } from '@lien-thong/holiday-calendar';
import { ProceduresModule } from '@lien-thong/procedures';

/** The worker's application context: the same context modules as the API, without HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: RuntimeConfig, logger?: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config, { processName: 'worker', ...(logger ? { logger } : {}) }),
        CqrsModule.forRoot(),
        AgenciesModule,
        ProceduresModule,
        HolidayCalendarModule,
        DossiersModule,
        AgencyNotificationsModule,
        ApplicantNotificationsModule,
        // Reminder share and apology notice lead from the environment; a bad value stops the worker.
        CoordinationModule.forWorker({ notices: noticeOptionsFromEnv(settingsOf(config)) }),
      ],
    };
  }
}

import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Clock } from '@lien-thong/contracts';
import { PlatformModule } from '@lien-thong/platform';
import type { RuntimeConfig } from '@lien-thong/config';
import { AgenciesModule } from '@lien-thong/agencies';
import { AgencyNotificationsModule } from '@lien-thong/agency-notifications';
import { ApplicantNotificationsModule } from '@lien-thong/applicant-notifications';
import { ReportsModule } from '@lien-thong/reports';
import { SimulationModule } from '@lien-thong/simulation';
import { HolidayCalendarModule } from '@lien-thong/holiday-calendar';
import { ProceduresModule } from '@lien-thong/procedures';
import { DossiersModule } from '@lien-thong/dossiers';
import { DossierTracingModule } from '@lien-thong/dossier-tracing';
import { DossierFormsModule } from '@lien-thong/dossier-forms';
import { IdentityModule } from '@lien-thong/identity';
import { ChannelsModule } from '@lien-thong/channels';
import { HealthModule } from './health/health.module';
import { RequestShapeMiddleware } from './http/request-shape.middleware';

@Module({})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestShapeMiddleware).forRoutes('{*splat}');
  }

  static forRoot(config: RuntimeConfig, options: { readonly clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, options),
        CqrsModule.forRoot(),
        HealthModule,
        AgenciesModule,
        ProceduresModule,
        HolidayCalendarModule,
        DossiersModule,
        DossierTracingModule,
        DossierFormsModule,
        IdentityModule,
        AgencyNotificationsModule,
        // The outbox table at start; the dispatcher runs in the worker (tests start it in-process).
        ApplicantNotificationsModule,
        ReportsModule,
        SimulationModule,
        ChannelsModule,
      ],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule, type RuntimeConfig } from '@lien-thong/infrastructure';
import { AgenciesModule } from '@lien-thong/agencies';
import { HolidayCalendarModule } from '@lien-thong/holiday-calendar';
import { ProceduresModule } from '@lien-thong/procedures';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config),
        CqrsModule.forRoot(),
        HealthModule,
        AgenciesModule,
        ProceduresModule,
        HolidayCalendarModule,
      ],
    };
  }
}

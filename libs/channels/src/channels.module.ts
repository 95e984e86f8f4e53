import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@lien-thong/postgres';
import { CqrsModule } from '@nestjs/cqrs';
import { RUNTIME_CONFIG, settingsOf, type RuntimeConfig } from '@lien-thong/config';
import { DossiersModule } from '@lien-thong/dossiers';
import { NationalPortalHttpController } from './national-portal/national-portal.http.controller';
import { PORTAL_CLIENT, portalClientFromSettings } from './national-portal/portal-connection';
import { PortalReconciliationLog } from './national-portal/portal-reconciliation';

class ChannelsBootstrap implements OnModuleInit {
  constructor(@Inject(PortalReconciliationLog) private readonly runs: PortalReconciliationLog) {}

  async onModuleInit(): Promise<void> {
    await this.runs.migrate();
  }
}

/** The channels a dossier comes in and goes out by (issue 24): the national portal and the postal service. */
@Module({
  imports: [CqrsModule, DossiersModule],
  controllers: [NationalPortalHttpController],
  providers: [
    {
      provide: PortalReconciliationLog,
      useFactory: (pool: Pool) => new PortalReconciliationLog(pool),
      inject: [PG_POOL],
    },
    ChannelsBootstrap,
    {
      provide: PORTAL_CLIENT,
      useFactory: (config: RuntimeConfig) => portalClientFromSettings(settingsOf(config)),
      inject: [RUNTIME_CONFIG],
    },
  ],
  exports: [PORTAL_CLIENT, PortalReconciliationLog],
})
export class ChannelsModule {}

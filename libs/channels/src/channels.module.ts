import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RUNTIME_CONFIG, settingsOf, type RuntimeConfig } from '@lien-thong/config';
import { DossiersModule } from '@lien-thong/dossiers';
import { NationalPortalHttpController } from './national-portal/national-portal.http.controller';
import { PORTAL_CLIENT, portalClientFromSettings } from './national-portal/portal-connection';

/** The channels a dossier comes in and goes out by (issue 24): the national portal today. */
@Module({
  imports: [CqrsModule, DossiersModule],
  controllers: [NationalPortalHttpController],
  providers: [
    {
      provide: PORTAL_CLIENT,
      useFactory: (config: RuntimeConfig) => portalClientFromSettings(settingsOf(config)),
      inject: [RUNTIME_CONFIG],
    },
  ],
  exports: [PORTAL_CLIENT],
})
export class ChannelsModule {}

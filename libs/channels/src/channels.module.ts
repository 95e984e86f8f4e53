import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@lien-thong/postgres';
import { CqrsModule } from '@nestjs/cqrs';
import { RUNTIME_CONFIG, settingsOf, type RuntimeConfig } from '@lien-thong/config';
import { DossiersModule } from '@lien-thong/dossiers';
import { NationalPortalHttpController } from './national-portal/national-portal.http.controller';
import { PORTAL_CLIENT, portalClientFromSettings } from './national-portal/portal-connection';
import { PortalReconciliationLog } from './national-portal/portal-reconciliation';
import { OnlineFilingHttpController } from './online-filing/online-filing.http.controller';
import { OnlineFilings } from './online-filing/online-filings';
import { PublicFilingLimits } from './online-filing/public-filing-limits';
import { POSTAL_CLIENT, PostalPickups } from './postal/postal-pickups';
import { PostalPickupsHttpController } from './postal/postal-pickups.http.controller';
import { postalClientFromSettings } from './postal/postal-client';
import { chatChannelFromSettings } from './chat/chat-client';
import { CHAT_CHANNEL, ChatConversations } from './chat/chat-conversations';
import { ChatHttpController } from './chat/chat.http.controller';
import { ChatStatusPush } from './chat/chat-status-push';

class ChannelsBootstrap implements OnModuleInit {
  constructor(
    @Inject(PortalReconciliationLog) private readonly runs: PortalReconciliationLog,
    @Inject(OnlineFilings) private readonly filings: OnlineFilings,
    @Inject(PostalPickups) private readonly pickups: PostalPickups,
    @Inject(ChatConversations) private readonly chats: ChatConversations,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.runs.migrate();
    await this.filings.migrate();
    await this.pickups.migrate();
    await this.chats.migrate();
  }
}

/** The channels a dossier comes in and goes out by (issue 24): the national portal, the postal service and online filing. */
@Module({
  imports: [CqrsModule, DossiersModule],
  controllers: [
    NationalPortalHttpController,
    OnlineFilingHttpController,
    PostalPickupsHttpController,
    ChatHttpController,
  ],
  providers: [
    {
      provide: PortalReconciliationLog,
      useFactory: (pool: Pool) => new PortalReconciliationLog(pool),
      inject: [PG_POOL],
    },
    OnlineFilings,
    PublicFilingLimits,
    PostalPickups,
    ChatConversations,
    ChatStatusPush,
    {
      provide: CHAT_CHANNEL,
      useFactory: (config: RuntimeConfig) => chatChannelFromSettings(settingsOf(config)),
      inject: [RUNTIME_CONFIG],
    },
    {
      provide: POSTAL_CLIENT,
      useFactory: (config: RuntimeConfig) => postalClientFromSettings(settingsOf(config)),
      inject: [RUNTIME_CONFIG],
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

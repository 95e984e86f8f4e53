import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import { PG_POOL } from '@lien-thong/postgres';
import { RUNTIME_CONFIG, settingsOf, type RuntimeConfig } from '@lien-thong/config';
import { migrateAgencyNotifications } from './agency-notifications.migrations';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { webhookDispatcherOptionsFromEnv } from './delivery/webhook-dispatcher-options';
import { WebhookAddressPolicy } from './webhooks/webhook-address-policy';
import { AgencyWebhooks } from './webhooks/agency-webhooks';
import { AgencyWebhooksHttpController } from './webhooks/agency-webhooks.http.controller';
import { WebhookSecretCipher } from './webhooks/webhook-secret-cipher';

/** Applies the webhook and outbox tables at start (API and worker). */
class AgencyNotificationsBootstrap implements OnModuleInit {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await migrateAgencyNotifications(this.pool);
  }
}

/**
 * Notifications to agencies: webhook registration and the delivery log (HTTP, in the API), and the
 * dispatcher the worker starts (`app.get(WebhookDispatcher).start()`). The outbox projection is
 * registered with the worker's projections (`agencyNotificationProjections()`).
 */
@Module({
  controllers: [AgencyWebhooksHttpController],
  providers: [
    AgencyNotificationsBootstrap,
    {
      provide: WebhookSecretCipher,
      useFactory: (config: RuntimeConfig) => WebhookSecretCipher.fromConfig(config),
      inject: [RUNTIME_CONFIG],
    },
    {
      // A bad setting stops the process at start, in the API and the worker alike.
      provide: WebhookAddressPolicy,
      useFactory: (config: RuntimeConfig) => WebhookAddressPolicy.fromSetting(config.webhookAllowedNetworks),
      inject: [RUNTIME_CONFIG],
    },
    {
      provide: AgencyWebhooks,
      useFactory: (
        pool: Pool,
        cipher: WebhookSecretCipher,
        directory: AgencyDirectory,
        addressPolicy: WebhookAddressPolicy,
      ) => new AgencyWebhooks(pool, cipher, directory, { addressPolicy }),
      inject: [PG_POOL, WebhookSecretCipher, AGENCY_DIRECTORY, WebhookAddressPolicy],
    },
    {
      provide: WebhookDispatcher,
      useFactory: (
        pool: Pool,
        cipher: WebhookSecretCipher,
        addressPolicy: WebhookAddressPolicy,
        config: RuntimeConfig,
      ) =>
        new WebhookDispatcher(pool, cipher, {
          ...webhookDispatcherOptionsFromEnv(settingsOf(config)),
          addressPolicy,
          log: (message) => new Logger('Webhooks').warn(message),
        }),
      inject: [PG_POOL, WebhookSecretCipher, WebhookAddressPolicy, RUNTIME_CONFIG],
    },
  ],
  exports: [AgencyWebhooks, WebhookDispatcher],
})
export class AgencyNotificationsModule {}

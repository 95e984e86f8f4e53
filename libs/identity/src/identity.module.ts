import {
  Global,
  Inject,
  Logger,
  Module,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleInit,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import { CLOCK, STAFF_DIRECTORY, type Clock } from '@lien-thong/contracts';
import { PG_POOL } from '@lien-thong/postgres';
import { RUNTIME_CONFIG, settingsOf, type RuntimeConfig } from '@lien-thong/config';
import { ApiClients, migrateApiClients } from './clients/api-clients';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { StaffUsers, migrateStaffUsers } from './staff/staff-users';
import { TokenRevocations } from './tokens/token-revocations';
import { AgencyCredentials } from './agency-credentials';
import { AuditLog, migrateAuditLog } from './audit/audit-log';
import { AuditMiddleware } from './audit/audit.middleware';
import { AuthenticationMiddleware } from './authentication.middleware';
import {
  RATE_LIMIT_OPTIONS,
  RateLimitMiddleware,
  RequestThrottle,
  rateLimitFromEnv,
} from './rate-limit.middleware';
import { IdentityHttpController } from './identity.http.controller';
import { AccessTokens } from './tokens/access-tokens';

class IdentityBootstrap implements OnModuleInit {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateApiClients(this.pool);
    await migrateAuditLog(this.pool);
    await migrateStaffUsers(this.pool);
    // The first administrator, from LIEN_THONG_ADMIN_PASSWORD (`npm start` sets one up).
    if (
      await new StaffUsers(this.pool).ensureAdministrator(settingsOf(this.config).LIEN_THONG_ADMIN_PASSWORD)
    )
      new Logger('Identity').log('created the administrator "admin" from LIEN_THONG_ADMIN_PASSWORD');
  }
}

/** Agency API clients and access tokens (issue 6); global for the staff directory the forms read. */
@Global()
@Module({
  controllers: [IdentityHttpController],
  providers: [
    IdentityBootstrap,
    { provide: APP_GUARD, useClass: AccessGuard },
    {
      provide: AccessTokens,
      useFactory: (config: RuntimeConfig, clock: Clock) =>
        AccessTokens.fromConfig(config, () => clock.now().getTime()),
      inject: [RUNTIME_CONFIG, CLOCK],
    },
    {
      provide: RATE_LIMIT_OPTIONS,
      useFactory: (config: RuntimeConfig) => rateLimitFromEnv(settingsOf(config)),
      inject: [RUNTIME_CONFIG],
    },
    RequestThrottle,
    {
      provide: TokenRevocations,
      useFactory: (pool: Pool, clock: Clock, directory: AgencyDirectory) =>
        new TokenRevocations(pool, () => clock.now().getTime(), directory),
      inject: [PG_POOL, CLOCK, AGENCY_DIRECTORY],
    },
    {
      provide: StaffUsers,
      useFactory: (pool: Pool, directory: AgencyDirectory, revocations: TokenRevocations, clock: Clock) =>
        new StaffUsers(pool, directory, revocations, () => clock.now().getTime()),
      inject: [PG_POOL, AGENCY_DIRECTORY, TokenRevocations, CLOCK],
    },
    { provide: AuditLog, useFactory: (pool: Pool) => new AuditLog(pool), inject: [PG_POOL] },
    {
      provide: ApiClients,
      useFactory: (pool: Pool, directory: AgencyDirectory, clock: Clock, revocations: TokenRevocations) =>
        new ApiClients(pool, directory, () => clock.now().getTime(), revocations),
      inject: [PG_POOL, AGENCY_DIRECTORY, CLOCK, TokenRevocations],
    },
    AgencyCredentials,
    // The names the forms print (a port of @lien-thong/contracts, so the forms need not import identity).
    { provide: STAFF_DIRECTORY, useExisting: StaffUsers },
  ],
  exports: [AccessTokens, ApiClients, AuditLog, STAFF_DIRECTORY],
})
export class IdentityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Audit first: it records the authentication refusals as well.
    consumer.apply(AuditMiddleware, AuthenticationMiddleware, RateLimitMiddleware).forRoutes('{*splat}');
  }
}

import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { CLOCK, ID_GENERATOR, type Clock } from '@lien-thong/contracts';
import { EVENT_STORE, traceAppends, type EventStore } from '@lien-thong/event-store';
import { createPool, PG_POOL } from '@lien-thong/postgres';
import { RUNTIME_CONFIG, temporalConnectionOptions, type RuntimeConfig } from '@lien-thong/config';
import { createEventStore, prepareEventStore } from './event-store-factory';
import { RandomIdGenerator, SystemClock } from './system-clock';
import { TEMPORAL_CLIENT, TEMPORAL_CONNECTION } from './tokens';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoRoot } from 'pino';
import { AppLogger, createRootLogger, loggerModuleParams } from './logging/logging';
import { METRICS, Metrics } from './metrics/metrics';

class PlatformLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: Connection,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await prepareEventStore(this.config, this.pool);
    this.logger.log(`event store: ${this.config.eventStoreUrl ? 'EventStoreDB' : 'PostgreSQL'}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

/**
 * Process-wide infrastructure for Nest applications: the PostgreSQL pool, the configured event store,
 * the Temporal client, the clock and id generation, and the structured logger (logging/logging.ts).
 */
@Global()
@Module({})
export class PlatformModule {
  /**
   * `options.clock` replaces the system clock (tests that need a known "now", e.g. before a holiday);
   * `options.eventStore` wraps the configured store (the history generator stages dossier streams in
   * memory and writes them in bulk).
   */
  static forRoot(
    config: RuntimeConfig,
    options: {
      readonly clock?: Clock;
      readonly eventStore?: (configured: EventStore) => EventStore;
      /** Written on every log line (`process`): `api`, `worker`. */
      readonly processName?: string;
      /** The process's pino logger, when made before (the worker gives it to Temporal's runtime too). */
      readonly logger?: PinoRoot;
    } = {},
  ): DynamicModule {
    const logger =
      options.logger ??
      createRootLogger(config.logging ?? { level: 'silent', format: 'json' }, options.processName ?? 'api');
    return {
      module: PlatformModule,
      imports: [LoggerModule.forRoot(loggerModuleParams(logger))],
      providers: [
        AppLogger,
        { provide: RUNTIME_CONFIG, useValue: config },
        {
          provide: PG_POOL,
          useFactory: () =>
            createPool(config.databaseUrl, (error) =>
              new Logger('PgPool').warn(`idle client error: ${error.message}`),
            ),
        },
        {
          provide: METRICS,
          useFactory: (pool: Pool) => {
            const metrics = new Metrics(options.processName ?? 'api');
            metrics.watchDatabase(pool);
            return metrics;
          },
          inject: [PG_POOL],
        },
        {
          provide: EVENT_STORE,
          useFactory: (pool: Pool, metrics: Metrics) => {
            // Appends counted and timed, each event carrying the trace of the action (when tracing is on).
            const configured = traceAppends(metrics.measure(createEventStore(config, pool)));
            return options.eventStore ? options.eventStore(configured) : configured;
          },
          inject: [PG_POOL, METRICS],
        },
        {
          provide: TEMPORAL_CONNECTION,
          // Lazy: the API starts (and reports Temporal as down in /health) even when Temporal is not up yet.
          useFactory: () => Connection.lazy(temporalConnectionOptions(config)),
        },
        {
          provide: TEMPORAL_CLIENT,
          useFactory: (connection: Connection) =>
            new Client({
              connection,
              namespace: config.temporalNamespace,
              // A span for each workflow start and signal (signal-with-start too, since SDK 1.14), in the trace of what
              // asked for it, when tracing is on.
              interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
            }),
          inject: [TEMPORAL_CONNECTION],
        },
        options.clock
          ? { provide: CLOCK, useValue: options.clock }
          : { provide: CLOCK, useClass: SystemClock },
        { provide: ID_GENERATOR, useClass: RandomIdGenerator },
        PlatformLifecycle,
      ],
      exports: [
        RUNTIME_CONFIG,
        PG_POOL,
        EVENT_STORE,
        TEMPORAL_CONNECTION,
        TEMPORAL_CLIENT,
        CLOCK,
        ID_GENERATOR,
        AppLogger,
        LoggerModule,
        METRICS,
      ],
    };
  }
}

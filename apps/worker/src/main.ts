// First: tracing patches modules as they load (when an OTLP endpoint is configured).
import { tracing } from './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { PG_POOL } from '@lien-thong/postgres';
import {
  AppLogger,
  createRootLogger,
  METRICS,
  type Metrics,
  temporalLoggerOver,
  TEMPORAL_CLIENT,
  TEMPORAL_CONNECTION,
} from '@lien-thong/platform';
import { runtimeConfigFromEnv, settingsOf, temporalConnectionOptions } from '@lien-thong/config';
import {
  DEFAULT_PORTAL_DISPATCH,
  DEFAULT_POSTAL_DISPATCH,
  PortalReconciler,
  PortalReconciliationLog,
  PortalStatusDispatcher,
  PostalDispatcher,
  portalClientFromSettings,
  postalClientFromSettings,
} from '@lien-thong/channels';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '@lien-thong/personal-data';
import { WORKER_DRAIN_DEADLINE_MS, workflowBundlerOptions } from '@lien-thong/temporal-bootstrap';
import { ProjectionRunner, WorkLeases } from '@lien-thong/projections';
import { WebhookDispatcher } from '@lien-thong/agency-notifications';
import { ApplicantNoticeDispatcher } from '@lien-thong/applicant-notifications';
import { BoundProcedures, DossierCalendar, DossierCommandService } from '@lien-thong/dossiers';
import { reportFactsDepsFrom, ReportRollupRefresher } from '@lien-thong/reports';
import { EarlyWarningAssessor, EarlyWarningLoop, earlyWarningOptionsFromEnv } from '@lien-thong/simulation';
import { CLOCK, TASK_QUEUES, type Clock } from '@lien-thong/contracts';
import {
  coordinationActivityFunctions,
  DeadlineRecomputer,
  DossierCoordinationActivities,
  ensureDossierSearchAttributes,
  searchAttributesSetting,
} from '@lien-thong/coordination';
import { allProjections } from './projections';
import { ShutdownSignals } from './shutdown-signals';
import { drainWorker } from './worker-drain';
import { chooseWorkflowCode } from './workflow-bundle/prebuilt-workflow-bundle';
import { PRODUCTION_WORKFLOW_BUNDLE } from './workflow-bundle/production-workflow-bundle';
import { WorkerModule } from './worker.module';
import { workerRolesFrom } from './worker-roles';
import { startWorkerHttp } from './worker-http';

/** Activities still running this long after the signal are asked to cancel (ours finish well before). */
const ACTIVITY_GRACE = '15 s';

/**
 * The worker process: the Temporal worker (workflows + activities), the projection runner, the
 * webhook dispatcher, the applicant notice dispatcher and the early warning; `--role` runs some of them
 * (worker-roles.ts). SIGINT/SIGTERM drains it (see `drainWorker`); the same signal twice, or a drain
 * longer than WORKER_DRAIN_DEADLINE_MS, ends it at once and leaves what was under way for the next start.
 */
async function main(): Promise<void> {
  const logger = new Logger('Worker');
  const config = runtimeConfigFromEnv();
  // One pino logger for Nest and for the Temporal SDK (issue 23: structured logs).
  const root = createRootLogger(config.logging ?? { level: 'info', format: 'json' }, 'worker');
  // This process orders its own shutdown. Neither the Temporal runtime (which shuts workers down on
  // signals by default) nor Nest's shutdown hooks (which close the pool) may react to a signal alone.
  Runtime.install({
    shutdownSignals: [],
    logger: temporalLoggerOver(root),
    // Temporal's own worker metrics (task slots, polls, latencies), in Prometheus format on their port.
    ...(config.temporalMetricsAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: config.temporalMetricsAddress } } } }
      : {}),
  });
  const signals = new ShutdownSignals({ log: (m) => logger.log(m), warn: (m) => logger.warn(m) });
  void signals.requested.then(() => {
    setTimeout(() => {
      logger.error(
        `the drain did not finish within ${WORKER_DRAIN_DEADLINE_MS / 1000} s: stopping now; work under way ` +
          'is left for the next start',
      );
      process.exit(1);
    }, WORKER_DRAIN_DEADLINE_MS).unref();
  });

  // A bad role, like a bad setting, stops the start before anything connects.
  const settings = settingsOf(config);
  const roles = workerRolesFrom(process.argv.slice(2), settings);
  const earlyWarningOptions = earlyWarningOptionsFromEnv(settings);
  const searchAttributes = searchAttributesSetting(settings.LIEN_THONG_TEMPORAL_SEARCH_ATTRIBUTES);
  for (const name of config.unknownSettings ?? [])
    logger.warn(`${name} is set but no process reads it (a typo?): docs/operations.md#settings`);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, root), {
    bufferLogs: true,
  });
  app.useLogger(app.get(AppLogger));
  const stopped = { stop: () => Promise.resolve() };

  let runner: ProjectionRunner | undefined;
  let rollups: ReportRollupRefresher | undefined;
  if (roles.has('projections')) {
    const projections = allProjections({
      temporal: app.get<Client>(TEMPORAL_CLIENT),
      recomputeDeadlines: app.get(DeadlineRecomputer),
      reports: reportFactsDepsFrom(app.get(DossierCalendar), app.get(BoundProcedures)),
    });
    runner = new ProjectionRunner(app.get<EventStore>(EVENT_STORE), app.get<Pool>(PG_POOL), projections, {
      log: (m) => logger.warn(m),
    });
    await runner.start();
    app.get<Metrics>(METRICS).followProjections(projections);
    logger.log(`projection runner started (${projections.length} projections)`);
    // After the runner: its start migrated the report tables the refresher works on.
    rollups = new ReportRollupRefresher(app.get<Pool>(PG_POOL), { log: (m) => logger.warn(m) });
  }

  // The early warning of lateness (issue 21) reads the report read models (migrated by the projections).
  let earlyWarning: EarlyWarningLoop | undefined;
  if (roles.has('early-warning')) {
    earlyWarning = new EarlyWarningLoop(
      new EarlyWarningAssessor(
        app.get<Pool>(PG_POOL),
        app.get(DossierCommandService),
        app.get(DossierCalendar),
        app.get<Clock>(CLOCK),
        earlyWarningOptions,
      ),
      (m) => logger.warn(m),
    );
  }
  // The national portal (issue 24), when connected: its status push (below) and its reconciliation on a
  // schedule, recorded for the console and the metrics.
  const portalClient = roles.has('portal') ? portalClientFromSettings(settings) : null;
  let reconciler: PortalReconciler | undefined;
  const reconcileEverySeconds = Number(settings['LIEN_THONG_PORTAL_RECONCILE_INTERVAL_SECONDS'] ?? 3_600);
  if (portalClient) {
    const runs = new PortalReconciliationLog(app.get<Pool>(PG_POOL));
    await runs.migrate();
    reconciler = new PortalReconciler(app.get<Pool>(PG_POOL), portalClient, runs, app.get<Clock>(CLOCK), {
      intervalMs: reconcileEverySeconds * 1_000,
      log: (m) => logger.warn(m),
    });
  }
  // The rollups, the early warning and the portal's reconciliation run once per database, whatever the
  // number of worker processes: each on the process that holds its lease (a process that dies loses it
  // within seconds).
  const jobs = new Map<string, { start(): void; stop(): Promise<void>; started: string }>();
  if (reconciler)
    jobs.set('portal-reconciliation', {
      ...bind(reconciler),
      started: `national portal reconciliation started (every ${reconcileEverySeconds} s)`,
    });
  if (rollups) jobs.set('report-rollups', { ...bind(rollups), started: 'report rollup refresher started' });
  if (earlyWarning)
    jobs.set('early-warning', {
      ...bind(earlyWarning),
      started: `early warning started (threshold ${earlyWarningOptions.threshold}, every ${earlyWarningOptions.intervalMs / 1000} s)`,
    });
  const jobLeases =
    jobs.size > 0
      ? new WorkLeases(
          app.get<Pool>(PG_POOL),
          [...jobs.keys()],
          {
            gained: (name) => {
              jobs.get(name)!.start();
              logger.log(jobs.get(name)!.started);
            },
            release: (name) => jobs.get(name)!.stop(),
          },
          { log: (m) => logger.warn(m) },
        )
      : undefined;
  await jobLeases?.start();

  const webhooks = roles.has('webhooks') ? app.get(WebhookDispatcher) : undefined;
  if (webhooks) {
    webhooks.start();
    logger.log('webhook dispatcher started (agency notifications)');
  }

  // The national portal's status push (issue 24), when a portal is connected.
  const portalPush = portalClient
    ? new PortalStatusDispatcher(app.get<Pool>(PG_POOL), portalClient, {
        ...DEFAULT_PORTAL_DISPATCH,
        log: (m) => logger.warn(m),
      })
    : undefined;
  if (portalPush) {
    portalPush.start();
    logger.log('national portal status push started');
  }

  // Results returned by post: booked with the postal service and tracked (issue 24), when connected.
  const postalClient = roles.has('postal') ? postalClientFromSettings(settings) : null;
  const postal = postalClient
    ? new PostalDispatcher(
        app.get<Pool>(PG_POOL),
        postalClient,
        app.get(DossierCommandService),
        app.get<PersonalDataVault>(PERSONAL_DATA_VAULT, { strict: false }),
        { ...DEFAULT_POSTAL_DISPATCH, log: (m) => logger.warn(m) },
      )
    : undefined;
  if (postal) {
    postal.start();
    logger.log('postal shipments started');
  }

  const applicantNotices = roles.has('applicant-notices') ? app.get(ApplicantNoticeDispatcher) : undefined;
  if (applicantNotices) {
    applicantNotices.start();
    logger.log(
      applicantNotices.channels.length > 0
        ? `applicant notices started (${applicantNotices.channels.join(', ')})`
        : 'applicant notices started with no channel configured (LIEN_THONG_SMTP_URL, LIEN_THONG_SMS_GATEWAY_URL): each is recorded as not sent',
    );
  }

  let worker: Worker | undefined;
  let connection: NativeConnection | undefined;
  if (roles.has('temporal')) {
    // The bundle `npm run build:workflows` made, while its sources are unchanged; else webpack now.
    const workflowCode = await chooseWorkflowCode(PRODUCTION_WORKFLOW_BUNDLE, workflowBundlerOptions());
    logger.log(
      workflowCode.kind === 'prebuilt'
        ? `workflow code: the ${workflowCode.reason}`
        : `workflow code: bundling at start, ${workflowCode.reason}`,
    );
    connection = await NativeConnection.connect(temporalConnectionOptions(config));
    // Dossiers findable in the Temporal UI by procedure, unit, holder agency, status, next deadline.
    if (searchAttributes === 'auto') {
      const indexed = await ensureDossierSearchAttributes(
        app.get<Connection>(TEMPORAL_CONNECTION),
        config.temporalNamespace,
        (m) => logger.warn(m),
      );
      app.get(DossierCoordinationActivities).indexSearchAttributes(indexed);
      if (indexed) logger.log('dossiers indexed in Temporal (search attributes LienThong*)');
    }
    worker = await Worker.create({
      connection,
      namespace: config.temporalNamespace,
      taskQueue: TASK_QUEUES.dossiers,
      ...workflowCode.options,
      activities: coordinationActivityFunctions(app.get(DossierCoordinationActivities)),
      shutdownGraceTime: ACTIVITY_GRACE,
    });
    logger.log(`Temporal worker polling ${TASK_QUEUES.dossiers} on ${config.temporalAddress}`);
  }
  // Liveness, readiness and metrics over HTTP, when an address is set (issue 23).
  const http = config.workerHttpAddress
    ? await startWorkerHttp({
        ...config.workerHttpAddress,
        metrics: app.get<Metrics>(METRICS),
        ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
        readiness: {
          postgres: async () => {
            await app.get<Pool>(PG_POOL).query('SELECT 1');
          },
          ...(worker ? { temporal: () => worker.getState() } : {}),
          projectionLagSeconds: async () =>
            Math.max(0, ...(await app.get<Metrics>(METRICS).projectionLags()).map((l) => l.seconds)),
        },
      })
    : undefined;
  if (config.workerHttpAddress)
    logger.log(
      `HTTP on ${config.workerHttpAddress.host}:${config.workerHttpAddress.port}: /health/live, /health/ready, /metrics`,
    );
  if (config.temporalMetricsAddress)
    logger.log(`Temporal's worker metrics on http://${config.temporalMetricsAddress}/metrics`);
  logger.log(`worker ready (roles: ${[...roles].join(', ')})`);

  // Without the Temporal role, only a signal ends the process.
  const temporalRun = worker ? worker.run() : new Promise<void>(() => undefined);
  // A Temporal worker that fails by itself (not on a signal) stops the process too, after the same drain.
  let fatal: unknown;
  await Promise.race([
    signals.requested,
    temporalRun.catch((error: unknown) => {
      fatal = error;
    }),
  ]);
  if (fatal !== undefined) logger.error(`the Temporal worker failed: ${messageOf(fatal)}; stopping`);
  logger.log('draining: taking no new work, finishing what is under way…');
  const failures = await drainWorker({
    temporal: worker ?? { getState: () => 'STOPPED', shutdown: () => undefined },
    temporalRun: fatal === undefined && worker ? temporalRun : Promise.resolve(),
    projections: runner ?? stopped,
    webhooks: webhooks ?? stopped,
    applicantNotices: applicantNotices ?? stopped,
    resources: [
      // The rollups (once the month under way is refreshed) and the early warning; nothing waits for them.
      { name: 'national portal status push', close: () => (portalPush ?? stopped).stop() },
      { name: 'postal shipments', close: () => (postal ?? stopped).stop() },
      {
        name: 'report rollups, early warning and portal reconciliation',
        close: () => (jobLeases ?? stopped).stop(),
      },
      { name: 'Temporal worker connection', close: () => connection?.close() ?? Promise.resolve() },
      { name: 'HTTP server', close: () => new Promise<void>((r) => (http ? http.close(() => r()) : r())) },
      { name: 'traces', close: () => tracing?.shutdown() ?? Promise.resolve() },
      // The event store, the Temporal client and the pool (PlatformModule), last.
      { name: 'application', close: () => app.close() },
    ],
  });
  for (const failure of failures) logger.error(`while draining: ${failure}`);
  logger.log('stopped');
  process.exitCode = fatal !== undefined || failures.length > 0 ? 1 : 0;
}

function bind(job: { start(): void; stop(): Promise<void> }): { start(): void; stop(): Promise<void> } {
  return { start: () => job.start(), stop: () => job.stop() };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

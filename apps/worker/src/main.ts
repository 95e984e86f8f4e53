import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { TASK_QUEUES } from '@lien-thong/contracts';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import {
  PG_POOL,
  TEMPORAL_CLIENT,
  runtimeConfigFromEnv,
  WORKFLOWS_ENTRY,
  workflowBundlerOptions,
} from '@lien-thong/infrastructure';
import { ProjectionRunner } from '@lien-thong/projections';
import { WebhookDispatcher } from '@lien-thong/agency-notifications';
import { createActivities, deadlineRecomputer } from './activities';
import { noticeOptionsFromEnv } from './coordination/coordination-notices';
import { allProjections } from './projections';
import { WorkerModule } from './worker.module';

/** The worker process: the Temporal worker (workflows + activities) and the projection runner. */
async function main(): Promise<void> {
  const logger = new Logger('Worker');
  const config = runtimeConfigFromEnv();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
  app.enableShutdownHooks();

  const projections = allProjections({
    temporal: app.get<Client>(TEMPORAL_CLIENT),
    recomputeDeadlines: deadlineRecomputer(app),
  });
  const runner = new ProjectionRunner(app.get<EventStore>(EVENT_STORE), app.get<Pool>(PG_POOL), projections, {
    log: (m) => logger.warn(m),
  });
  await runner.start();
  logger.log(`projection runner started (${projections.length} projections)`);

  const webhooks = app.get(WebhookDispatcher);
  webhooks.start();
  logger.log('webhook dispatcher started (agency notifications)');

  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: TASK_QUEUES.dossiers,
    workflowsPath: WORKFLOWS_ENTRY,
    bundlerOptions: workflowBundlerOptions(),
    activities: createActivities(app, { notices: noticeOptionsFromEnv(process.env) }),
  });
  logger.log(`Temporal worker polling ${TASK_QUEUES.dossiers} on ${config.temporalAddress}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    logger.log('stopping…');
    worker.shutdown();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  await worker.run();
  await webhooks.stop();
  await runner.stop();
  await connection.close();
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

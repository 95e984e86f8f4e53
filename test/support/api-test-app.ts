import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import type { RuntimeConfig } from '@lien-thong/infrastructure';
import type { Clock } from '@lien-thong/contracts';
import { createTestSchema, type TestSchema } from '@lien-thong/infrastructure/testing';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { PG_POOL, TEMPORAL_CLIENT } from '@lien-thong/infrastructure';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { TASK_QUEUES } from '@lien-thong/contracts';
import { createActivities, deadlineRecomputer } from '../../apps/worker/src/activities';
import { ProjectionRunner } from '@lien-thong/projections';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { allProjections } from '../../apps/worker/src/projections';
import { bundleWorkflowsOnce, createTestWorkflowEnvironment } from '../setup/temporal-test-env';

export interface ApiTestApp {
  readonly app: INestApplication;
  readonly db: TestSchema;
  readonly temporal: TestWorkflowEnvironment;
  http(): ReturnType<typeof request>;
  /** Another API process on the same database and Temporal (e.g. a restart). */
  config(overrides?: Partial<RuntimeConfig>): RuntimeConfig;
  /** Resolves when every read model has caught up with the dossier events recorded so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The API in-process on a fresh schema of the test database and a real Temporal dev server. */
/** One random vault master key per test run. */
const TEST_VAULT_KEY = randomBytes(32).toString('base64');

export interface ApiTestAppOptions {
  /** Runtime settings for this app (e.g. `seed: 'sample'` to load the sample catalogue). */
  readonly overrides?: Partial<RuntimeConfig>;
  /** A clock the test moves (default: the system clock). */
  readonly clock?: Clock;
  /** Also run the worker's projection runner (every read model) in-process. */
  readonly projections?: boolean;
  /**
   * Also run the coordination in-process: the process manager on the projection runner and a Temporal
   * worker (the production workflow bundle, the worker's activities over this app's context).
   */
  readonly coordination?: boolean;
}

/** A clock a test sets and moves by hand. */
export class TestClock implements Clock {
  constructor(private current: number) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string | number): void {
    this.current = typeof instant === 'number' ? instant : Date.parse(instant);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export async function startApiTestApp(label: string, options: ApiTestAppOptions = {}): Promise<ApiTestApp> {
  const temporal = await createTestWorkflowEnvironment();
  const db = await createTestSchema(label);
  const config = (overrides: Partial<RuntimeConfig> = {}): RuntimeConfig => ({
    databaseUrl: db.connectionString,
    temporalAddress: temporal.address,
    temporalNamespace: 'default',
    eventStoreUrl: undefined,
    apiPort: 0,
    apiHost: '127.0.0.1',
    temporalUiUrl: undefined,
    vaultMasterKey: TEST_VAULT_KEY,
    ...options.overrides,
    ...overrides,
  });
  const app = await createApiApp(config(), { logger: false, clock: options.clock });
  await app.init();
  const coordination = options.coordination === true;
  const projections = allProjections(
    coordination
      ? { temporal: app.get<Client>(TEMPORAL_CLIENT), recomputeDeadlines: deadlineRecomputer(app) }
      : {},
  );
  const runner =
    options.projections || coordination
      ? new ProjectionRunner(app.get<EventStore>(EVENT_STORE), app.get<Pool>(PG_POOL), projections, {
          retryDelayMs: 50,
        })
      : undefined;
  await runner?.start();
  const worker = coordination
    ? await Worker.create({
        connection: temporal.nativeConnection,
        namespace: 'default',
        taskQueue: TASK_QUEUES.dossiers,
        workflowBundle: await bundleWorkflowsOnce(),
        activities: createActivities(app),
      })
    : undefined;
  const workerRun = worker?.run();
  const settle = async (): Promise<void> => {
    if (!runner) throw new Error('startApiTestApp: pass { projections: true } to use settle()');
    for (const p of projections) {
      const categories = p.filter?.categories ?? ['dossier', 'intake'];
      // A projection's checkpoint moves with the events it follows (its filter), not past the others.
      const { rows } = await db.pool.query<{ last: string | null }>(
        'SELECT max(position)::text AS last FROM events WHERE category = ANY($1) AND ($2::text[] IS NULL OR type = ANY($2))',
        [categories, p.filter?.eventTypes ?? null],
      );
      const last = rows[0]?.last;
      if (last !== null && last !== undefined) await runner.waitForCheckpoint(p.name, BigInt(last));
    }
  };
  return {
    app,
    db,
    temporal,
    config,
    http: () => request(app.getHttpServer()),
    settle,
    close: async () => {
      worker?.shutdown();
      await workerRun;
      await runner?.stop();
      await app.close();
      await db.drop();
      await temporal.teardown();
    },
  };
}

import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import type { RuntimeConfig } from '@lien-thong/infrastructure';
import type { Clock } from '@lien-thong/contracts';
import { createTestSchema, type TestSchema } from '@lien-thong/infrastructure/testing';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { createTestWorkflowEnvironment } from '../setup/temporal-test-env';

export interface ApiTestApp {
  readonly app: INestApplication;
  readonly db: TestSchema;
  readonly temporal: TestWorkflowEnvironment;
  http(): ReturnType<typeof request>;
  /** Another API process on the same database and Temporal (e.g. a restart). */
  config(overrides?: Partial<RuntimeConfig>): RuntimeConfig;
  close(): Promise<void>;
}

/** The API in-process on a fresh schema of the test database and a real Temporal dev server. */
export interface ApiTestAppOptions {
  /** Runtime settings for this app (e.g. `seed: 'sample'` to load the sample catalogue). */
  readonly overrides?: Partial<RuntimeConfig>;
  /** A clock the test moves (default: the system clock). */
  readonly clock?: Clock;
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
    ...options.overrides,
    ...overrides,
  });
  const app = await createApiApp(config(), { logger: false, clock: options.clock });
  await app.init();
  return {
    app,
    db,
    temporal,
    config,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await db.drop();
      await temporal.teardown();
    },
  };
}

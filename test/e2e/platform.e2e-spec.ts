import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { ensureDatabase, type RuntimeConfig } from '@lien-thong/infrastructure';
import { createTestSchema, type TestSchema } from '@lien-thong/infrastructure/testing';
import { createTestWorkflowEnvironment } from '../setup/temporal-test-env';
import { freePort } from '../support/free-port';
import { startPostgresProcess } from '../support/postgres-process';

function configFor(databaseUrl: string, temporalAddress: string): RuntimeConfig {
  return {
    databaseUrl,
    temporalAddress,
    temporalNamespace: 'default',
    eventStoreUrl: undefined,
    apiPort: 0,
    apiHost: '127.0.0.1',
    temporalUiUrl: undefined,
    vaultMasterKey: randomBytes(32).toString('base64'),
  };
}

describe('platform through HTTP', () => {
  let temporal: TestWorkflowEnvironment;

  beforeAll(async () => {
    temporal = await createTestWorkflowEnvironment();
  });
  afterAll(async () => {
    await temporal?.teardown();
  });

  describe('with every dependency up', () => {
    let db: TestSchema;
    let app: INestApplication;

    beforeAll(async () => {
      db = await createTestSchema('e2e_platform');
      app = await createApiApp(configFor(db.connectionString, temporal.address), { logger: false });
      await app.init();
    });
    afterAll(async () => {
      await app?.close();
      await db?.drop();
    });

    it('reports PostgreSQL, the event store and Temporal healthy', async () => {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body).toMatchObject({
        status: 'up',
        dependencies: {
          postgres: { status: 'up' },
          eventStore: { status: 'up', kind: 'postgres' },
          temporal: { status: 'up', address: temporal.address },
        },
      });
    });

    it('serves the OpenAPI document', async () => {
      const res = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(Object.keys(res.body.paths)).toContain('/health');
    });

    it('answers an unknown route with a clear 404 body', async () => {
      const res = await request(app.getHttpServer()).get('/no-such-thing').expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    });
  });

  describe('when PostgreSQL goes down', () => {
    let dir: string;
    let port: number;
    let pg: { url: string; stop(): Promise<void> };
    let app: INestApplication;

    const startOwnPostgres = () => startPostgresProcess(path.join(dir, 'data'), port);

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'lien-thong-outage-'));
      await chmod(dir, 0o755);
      port = await freePort();
      pg = await startOwnPostgres();
      const url = await ensureDatabase(pg.url, 'outage_test');
      app = await createApiApp(configFor(url, temporal.address), { logger: false });
      await app.init();
    });
    afterAll(async () => {
      await app?.close();
      await pg?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('fails fast with 503 naming PostgreSQL, and recovers without a restart when it returns', async () => {
      await request(app.getHttpServer()).get('/health').expect(200);

      await pg.stop();
      const started = Date.now();
      const down = await request(app.getHttpServer()).get('/health').expect(503);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(down.body.status).toBe('down');
      expect(down.body.dependencies.postgres.status).toBe('down');
      expect(down.body.dependencies.temporal.status).toBe('up');

      pg = await startOwnPostgres();
      const up = await request(app.getHttpServer()).get('/health').expect(200);
      expect(up.body.dependencies.postgres.status).toBe('up');
    });
  });
});

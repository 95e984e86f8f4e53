import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { RecordedEvent } from '@lien-thong/event-store';
import { dossierCoordinationProcessManager, STRANDED_DOSSIERS_TABLE } from '@lien-thong/coordination';
import { AccessTokens } from '@lien-thong/identity';
import { ensureDatabase, runMigrations } from '@lien-thong/postgres';
import type { RuntimeConfig } from '@lien-thong/config';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { createTestWorkflowEnvironment } from '../setup/temporal-test-env';
import { freePort } from '../support/free-port';
import { startPostgresProcess } from '../support/postgres-process';
import { TestClock } from '../support/api-test-app';

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

/** GET /health as an administrator (the details), or with a token of another role. */
function health(app: INestApplication, role: 'administrator' | 'auditor' = 'administrator') {
  const { token } = app
    .get(AccessTokens)
    .issue({ sub: `health-${role}`, kind: 'staff', agency: null, roles: [role] });
  return request(app.getHttpServer()).get('/health').set('authorization', `Bearer ${token}`);
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

    it('tells anyone only whether it is up; an administrator, how PostgreSQL, the event store and Temporal are', async () => {
      for (const res of [
        await request(app.getHttpServer()).get('/health').expect(200),
        await health(app, 'auditor').expect(200),
      ])
        expect(res.body).toEqual({ status: 'up' });
      const res = await health(app).expect(200);
      expect(res.body).toMatchObject({
        status: 'up',
        dependencies: {
          postgres: { status: 'up' },
          eventStore: { status: 'up', kind: 'postgres' },
          temporal: { status: 'up', address: temporal.address },
        },
        // No worker has started on this schema: whether any dossier is stranded is unknown.
        coordination: { strandedDossiers: null },
      });
    });

    it("counts the worker's stranded dossiers without changing the status", async () => {
      // The worker's coordination process manager, meeting another life's finished workflow: a Temporal
      // client whose signal-with-start finds one, started three days before the intake.
      const code = '000.00.71.H29-261123-0001';
      const foreignWorkflow = {
        options: { namespace: 'default' },
        workflow: {
          signalWithStart: () =>
            Promise.reject(
              new WorkflowExecutionAlreadyStartedError('already started', code, 'dossierWorkflow'),
            ),
          getHandle: () => ({
            describe: () => Promise.resolve({ startTime: new Date('2026-11-20T08:00:00Z') }),
          }),
        },
      } as unknown as Client;
      const manager = dossierCoordinationProcessManager(foreignWorkflow, { error: () => undefined });
      // What the worker creates at start (the process manager's migration).
      await runMigrations(db.pool, `projection:${manager.name}`, manager.migrations!);
      let res = await health(app).expect(200);
      expect(res.body.coordination).toEqual({ strandedDossiers: 0 });

      const intake = {
        type: 'DossierReceived',
        streamName: `dossier-${code}`,
        recordedAt: '2026-11-23T08:00:00.000Z',
        metadata: { actor: { personId: 'desk' } },
      } as unknown as RecordedEvent;
      const connection = { query: db.pool.query.bind(db.pool) };
      await manager.handleBatch!([intake], connection);
      await manager.handleBatch!([intake], connection); // a replayed batch lists it once
      res = await health(app).expect(200);
      expect(res.body).toMatchObject({ status: 'up', coordination: { strandedDossiers: 1 } });
      const { rows } = await db.pool.query(
        `SELECT dossier_code, namespace, workflow_started_at < received_at AS earlier FROM ${STRANDED_DOSSIERS_TABLE}`,
      );
      expect(rows).toEqual([{ dossier_code: code, namespace: 'default', earlier: true }]);
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
    // Moved by hand: how long the administrator's token check is reused matters below.
    const clock = new TestClock(Date.now());

    const startOwnPostgres = () => startPostgresProcess(path.join(dir, 'data'), port);

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'lien-thong-outage-'));
      await chmod(dir, 0o755);
      port = await freePort();
      pg = await startOwnPostgres();
      const url = await ensureDatabase(pg.url, 'outage_test');
      app = await createApiApp(configFor(url, temporal.address), { logger: false, clock });
      await app.init();
    });
    afterAll(async () => {
      await app?.close();
      await pg?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('fails fast with 503 naming PostgreSQL to an administrator (the public sees only "down"), and recovers without a restart when it returns', async () => {
      // The administrator's token is checked (revocations) here, and that check reused for 5 s.
      await health(app).expect(200);

      await pg.stop();
      const started = Date.now();
      const down = await health(app).expect(503);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(down.body.status).toBe('down');
      expect(down.body.dependencies.postgres).toMatchObject({ status: 'down', error: expect.any(String) });
      expect(down.body.dependencies.temporal.status).toBe('up');
      // No driver error, address or latency for the public.
      expect((await request(app.getHttpServer()).get('/health').expect(503)).body).toEqual({
        status: 'down',
      });
      // Past that, a token cannot be checked without the database: refused as unavailable, not waved through.
      clock.advance(5_000);
      expect((await health(app).expect(503)).body.code).toBe('DEPENDENCY_UNAVAILABLE');

      pg = await startOwnPostgres();
      const up = await health(app).expect(200);
      expect(up.body.dependencies.postgres.status).toBe('up');
    });
  });
});

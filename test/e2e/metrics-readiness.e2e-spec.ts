import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ensureDatabase } from '@lien-thong/postgres';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { callerAt, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { freePort } from '../support/free-port';
import { startPostgresProcess } from '../support/postgres-process';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { publishRoomyTestProcedure } from '../support/quick-procedures';

/**
 * Metrics and readiness (issue 23) on the real API and worker processes: /metrics scraped during a small
 * run has every metric with plausible values (HTTP by route, appends, outboxes, webhook deliveries,
 * stranded dossiers, steps overdue by agency, projection lag, Temporal's own worker metrics), only for
 * the scraper token or an administrator; and readiness turns false when PostgreSQL stops and true again
 * when it returns, on the API and on the worker, neither of them restarted.
 */
const DESK = '000.00.71.H29';
const METRICS_TOKEN = 'scraper-token-for-the-e2e-0123456789';

/** `name{labels} value` lines of a Prometheus text page, as [labels, value] per metric name. */
function samples(page: string, name: string): { labels: string; value: number }[] {
  return page
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .map((l) => {
      const match = /^[^{\s]+(\{[^}]*\})?\s+(\S+)/.exec(l)!;
      return { labels: match[1] ?? '', value: Number(match[2]) };
    });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('metrics and readiness', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp('e2e_metrics', { overrides: { seed: 'sample', calendar: 'always-open' } });
    // Step a's budget is a second: it is overdue by the time the metrics are read.
    await publishRoomyTestProcedure(() => t.as('procedure-designer', null, 'designer'), 'a');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  describe('/metrics during a small run', () => {
    let api: ApiProcess;
    let worker: WorkerProcess;
    let workerHttp: string;
    let temporalMetrics: string;

    beforeAll(async () => {
      const config = t.config({ calendar: 'always-open' });
      workerHttp = `127.0.0.1:${await freePort()}`;
      temporalMetrics = `127.0.0.1:${await freePort()}`;
      const env = {
        LIEN_THONG_METRICS_TOKEN: METRICS_TOKEN,
        LIEN_THONG_WORKER_HTTP_ADDRESS: workerHttp,
        LIEN_THONG_TEMPORAL_METRICS_ADDRESS: temporalMetrics,
      };
      worker = await startWorkerProcess(config, 120_000, undefined, { env });
      api = await startApiProcess(config, await freePort(), 120_000, { env });
    }, 300_000);
    afterAll(async () => {
      await api?.stop();
      await worker?.stop();
    });

    it('has every metric with plausible values, for the scraper token or an administrator only', async () => {
      const desk = callerAt(api.url, t.token('reception-officer', DESK, 'can-bo-1'));
      const codes: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await desk
          .post('/dossiers')
          .send({
            procedureCode: '9.000001',
            channel: 'online',
            receivingUnitCode: DESK,
            applicantCommuneCode: DESK,
            stepOwners: { b: '000.00.72.H29' },
            applicant: { fullName: `Đo Lường ${i}`, address: '5 Lê Duẩn', idNumber: `07900000020${i}` },
            documents: [],
          })
          .expect(201);
        codes.push(res.body.dossierCode as string);
      }
      await desk.post('/dossiers').send({ procedureCode: '9.000001' }).expect(400);

      // Who may read: the scraper token, an administrator; not anyone, not another role.
      await request(api.url).get('/metrics').expect(401);
      await callerAt(api.url, t.token('reception-officer', DESK)).get('/metrics').expect(403);
      await callerAt(api.url, t.token('administrator', null, 'admin'))
        .get('/metrics')
        .expect(200);
      const scrapeApi = async () =>
        (await request(api.url).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200))
          .text;

      // Step a of each dossier is handed off by the worker, then overdue (a second's budget).
      const page = await until('three overdue steps at the desk', async () => {
        const text = await scrapeApi();
        const overdue = samples(text, 'lien_thong_steps_overdue').find((s) =>
          s.labels.includes(`agency="${DESK}"`),
        );
        return overdue && overdue.value >= 3 ? text : undefined;
      });
      const intakes = samples(page, 'lien_thong_http_request_duration_seconds_count').find(
        (s) =>
          s.labels.includes('route="/dossiers"') &&
          s.labels.includes('method="POST"') &&
          s.labels.includes('status="201"'),
      );
      expect(intakes?.value).toBeGreaterThanOrEqual(3);
      expect(
        samples(page, 'lien_thong_http_request_duration_seconds_count').some(
          (s) => s.labels.includes('route="/dossiers"') && s.labels.includes('status="400"'),
        ),
      ).toBe(true);
      // Routes are patterns, never raw paths with dossier codes.
      expect(codes.some((c) => page.includes(c))).toBe(false);
      const apiAppends = samples(page, 'lien_thong_event_store_appends_total').find(
        (s) => s.labels.includes('category="dossier"') && s.labels.includes('outcome="ok"'),
      );
      expect(apiAppends?.value).toBeGreaterThanOrEqual(3);
      for (const outbox of ['webhooks', 'applicant-notices']) {
        const backlog = samples(page, 'lien_thong_outbox_backlog').find((s) =>
          s.labels.includes(`outbox="${outbox}"`),
        );
        const age = samples(page, 'lien_thong_outbox_oldest_age_seconds').find((s) =>
          s.labels.includes(`outbox="${outbox}"`),
        );
        expect({ outbox, backlog: backlog!.value >= 0, age: age!.value >= 0 && age!.value < 600 }).toEqual({
          outbox,
          backlog: true,
          age: true,
        });
      }
      expect(samples(page, 'lien_thong_stranded_dossiers')).toEqual([expect.objectContaining({ value: 0 })]);
      expect(page).toContain('# TYPE lien_thong_webhook_deliveries gauge');
      expect(samples(page, 'process_cpu_user_seconds_total')[0]!.value).toBeGreaterThan(0);

      // The worker: its appends (coordination rounds), every projection's lag, small once caught up.
      await request(`http://${workerHttp}`).get('/metrics').expect(401);
      const workerPage = await until('the projections caught up', async () => {
        const text = (
          await request(`http://${workerHttp}`)
            .get('/metrics')
            .set('authorization', `Bearer ${METRICS_TOKEN}`)
            .expect(200)
        ).text;
        const lags = samples(text, 'lien_thong_projection_lag_events');
        return lags.length >= 5 && lags.every((l) => l.value === 0) ? text : undefined;
      });
      expect(samples(workerPage, 'lien_thong_projection_lag_seconds').every((l) => l.value === 0)).toBe(true);
      expect(
        samples(workerPage, 'lien_thong_event_store_appends_total').find(
          (s) => s.labels.includes('category="dossier"') && s.labels.includes('outcome="ok"'),
        )?.value,
      ).toBeGreaterThanOrEqual(3);
      expect(workerPage).toContain('process="worker"');

      // Temporal's own worker metrics, from its runtime.
      const temporalPage = (await request(`http://${temporalMetrics}`).get('/metrics').expect(200)).text;
      expect(temporalPage).toMatch(/^temporal_\w+/m);

      // Liveness and readiness of the worker.
      await request(`http://${workerHttp}`).get('/health/live').expect(200);
      expect((await request(`http://${workerHttp}`).get('/health/ready').expect(200)).body).toEqual({
        status: 'up',
      });
    }, 180_000);
  });

  describe('readiness when PostgreSQL stops and returns', () => {
    let dir: string;
    let port: number;
    let pg: { url: string; stop(): Promise<void> };
    let api: ApiProcess;
    let worker: WorkerProcess;
    let workerHttp: string;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'lien-thong-ready-'));
      await chmod(dir, 0o755);
      port = await freePort();
      pg = await startPostgresProcess(path.join(dir, 'data'), port);
      const url = await ensureDatabase(pg.url, 'ready_test');
      const config = t.config({ databaseUrl: url, calendar: 'always-open' });
      workerHttp = `127.0.0.1:${await freePort()}`;
      worker = await startWorkerProcess(config, 120_000, undefined, {
        env: { LIEN_THONG_WORKER_HTTP_ADDRESS: workerHttp },
      });
      api = await startApiProcess(config, await freePort(), 120_000);
    }, 300_000);
    afterAll(async () => {
      await api?.stop();
      await worker?.stop();
      await pg?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('turns not ready on the API and the worker while PostgreSQL is down, and ready again when it returns', async () => {
      const ready = async (base: string) => (await request(base).get('/health/ready')).status;
      const workerBase = `http://${workerHttp}`;
      await until('both ready', async () =>
        (await ready(api.url)) === 200 && (await ready(workerBase)) === 200 ? true : undefined,
      );

      await pg.stop();
      await until('both not ready', async () =>
        (await ready(api.url)) === 503 && (await ready(workerBase)) === 503 ? true : undefined,
      );
      // Alive all the while: an orchestrator must not restart them for it.
      await request(api.url).get('/health/live').expect(200);
      await request(workerBase).get('/health/live').expect(200);
      const reasons = (await request(workerBase).get('/health/ready').expect(503)).body.reasons as string[];
      expect(reasons.join(' ')).toMatch(/PostgreSQL/);

      pg = await startPostgresProcess(path.join(dir, 'data'), port);
      await until('both ready again', async () =>
        (await ready(api.url)) === 200 && (await ready(workerBase)) === 200 ? true : undefined,
      );
      expect(worker.output()).not.toMatch(/"level":"fatal"/);
    }, 180_000);
  });
});

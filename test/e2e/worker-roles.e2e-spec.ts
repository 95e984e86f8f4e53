import type { Pool } from 'pg';
import { PG_POOL } from '@lien-thong/postgres';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { SAMPLE_DESK, birthRegistrationIntake } from '../support/sample-intake';
import { until } from '../support/until';
import { startWorkerProcess } from '../support/worker-process';

/**
 * Worker roles (issue 22): a worker process started with `--role projections` builds the read models and
 * runs nothing else (no Temporal worker, no dispatcher), and stops cleanly; a role it does not know stops
 * the start with a message naming the roles.
 */
describe('worker roles', () => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await startApiTestApp('e2e_worker_roles', { overrides: { seed: 'sample' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs only the projections when asked, and they catch up', async () => {
    const desk = t.as('reception-officer', SAMPLE_DESK, 'can-bo-tiep-nhan');
    const code = (await desk.post('/dossiers').send(birthRegistrationIntake(1, 2)).expect(201)).body
      .dossierCode as string;
    const worker = await startWorkerProcess(t.config(), 60_000, ['projections']);
    try {
      const pool = t.app.get<Pool>(PG_POOL);
      await until('the report read model has the dossier', async () => {
        const { rows } = await pool
          .query<{ n: string }>('SELECT count(*) AS n FROM report_dossiers WHERE code = $1', [code])
          .catch(() => ({ rows: [{ n: '0' }] }));
        return rows[0]!.n === '1' ? true : undefined;
      });
      const output = worker.output();
      expect(output).toContain('worker ready (roles: projections)');
      expect(output).toContain('projection runner started');
      expect(output).not.toContain('Temporal worker polling');
      expect(output).not.toContain('webhook dispatcher started');
      expect(output).not.toContain('early warning started');
    } finally {
      await worker.stop();
    }
    expect(await worker.exited()).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('refuses a role it does not know', async () => {
    await expect(startWorkerProcess(t.config(), 60_000, ['reports'])).rejects.toThrow(
      /takes roles among temporal, projections, webhooks, applicant-notices, early-warning/,
    );
  }, 120_000);
});

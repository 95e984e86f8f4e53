import { TEST_PROCEDURES } from '@lien-thong/procedures';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

/**
 * Killing the worker mid-flight (SIGKILL: no shutdown, activities and signals cut off) loses and
 * duplicates nothing: the next worker finds the same next step from the recorded state, and the
 * process manager's checkpoint replays any notification that was not delivered.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';

describe('coordination survives a killed worker', () => {
  let t: ApiTestApp;
  let worker: WorkerProcess | undefined;
  const http = () => t.http();
  const types = async (code: string) =>
    (
      await t.db.pool.query<{ type: string; step: string | null }>(
        "SELECT type, data->>'stepId' AS step FROM events WHERE stream_name = $1 ORDER BY revision",
        [`dossier-${code}`],
      )
    ).rows;
  async function waitFor(code: string, type: string, step: string, ms = 60_000) {
    const until = Date.now() + ms;
    while (!(await types(code)).some((e) => e.type === type && e.step === step)) {
      if (Date.now() > until)
        throw new Error(`timed out waiting for ${type} ${step}\n${worker?.output() ?? ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    t = await startApiTestApp('e2e_crash', { overrides: { seed: 'sample', calendar: 'always-open' } });
    for (const procedure of TEST_PROCEDURES) {
      await t.as('procedure-designer', null, 'designer').post('/procedures').send(procedure).expect(201);
      await t
        .as('procedure-designer', null, 'designer')
        .post(`/procedures/${procedure.code}/versions`)
        .expect(201);
    }
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('kills the worker right after agency actions, restarts it, and every handoff happens exactly once', async () => {
    const workerConfig = t.config({ calendar: 'always-open' });
    worker = await startWorkerProcess(workerConfig);
    const code = (
      await t
        .as('reception-officer', DESK, 'can-bo-1')
        .post('/dossiers')
        .send({
          procedureCode: '9.000001',
          channel: 'online',
          receivingUnitCode: DESK,
          applicantCommuneCode: DESK,
          stepOwners: { b: POLICE },
          applicant: { fullName: 'Đỗ Thị Sự Cố', address: '2 Hàm Nghi', idNumber: '079000000002' },
          documents: [],
        })
        .expect(201)
    ).body.dossierCode as string;
    await waitFor(code, 'StepHandedOff', 'a');
    const act = (path: string, agency: string) =>
      http()
        .post(`/dossiers/${code}${path}`)
        .send(
          path.endsWith('/complete') ? { agencyCode: agency, resultSummary: 'xong' } : { agencyCode: agency },
        );
    await act('/steps/a/receive', DESK).expect(200);
    await act('/steps/a/complete', DESK).expect(200);
    await worker.kill(); // the completion is recorded; the workflow may or may not have heard of it

    worker = await startWorkerProcess(workerConfig);
    await waitFor(code, 'StepHandedOff', 'b');
    await act('/steps/b/receive', POLICE).expect(200);
    await act('/steps/b/complete', POLICE).expect(200);
    await new Promise((r) => setTimeout(r, 150)); // somewhere inside the next round
    await worker.kill();

    worker = await startWorkerProcess(workerConfig);
    await waitFor(code, 'StepHandedOff', 'c');
    const handoffs = (await types(code)).filter((e) => e.type === 'StepHandedOff').map((e) => e.step);
    expect(handoffs).toEqual(['a', 'b', 'c']);
    expect((await types(code)).filter((e) => e.type === 'DossierTransferred')).toHaveLength(1);
  }, 180_000);
});

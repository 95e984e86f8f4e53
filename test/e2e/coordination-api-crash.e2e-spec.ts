import { TEST_PROCEDURES } from '@lien-thong/procedures';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { AGENCY_STAFF, callerAt, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { freePort } from '../support/free-port';

/**
 * Killing the API process (SIGKILL) the moment the event it was asked to record is in the store, before
 * or while it answers: the dossier is not stranded (the worker's process manager follows the store, not
 * the API), and the client's retry (same intake reference, same Idempotency-Key) writes nothing twice.
 * The API runs as a child process; the worker (process manager + Temporal worker) runs in this process.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';

interface Row {
  revision: number;
  type: string;
  step: string | null;
}

describe('coordination survives a killed API process', () => {
  let t: ApiTestApp;
  let api: ApiProcess | undefined;
  let port: number;
  const rows = async (code: string) =>
    (
      await t.db.pool.query<Row>(
        "SELECT revision::int AS revision, type, data->>'stepId' AS step FROM events WHERE stream_name = $1 ORDER BY revision",
        [`dossier-${code}`],
      )
    ).rows;
  async function waitFor(what: string, probe: () => Promise<boolean>, ms = 30_000, everyMs = 100) {
    const until = Date.now() + ms;
    while (!(await probe())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${api?.output() ?? ''}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
  /**
   * Sends a request to the API process and SIGKILLs it as soon as `recorded()` sees the event in the
   * store. Returns whether the answer still made it out before the kill.
   */
  async function killWhenRecorded(send: () => Promise<unknown>, recorded: () => Promise<boolean>) {
    let answered = false;
    const inFlight = send().then(
      () => (answered = true),
      () => undefined,
    );
    await waitFor('the event recorded by the API process', recorded, 30_000, 2);
    await api!.kill();
    await inFlight;
    return answered;
  }

  beforeAll(async () => {
    t = await startApiTestApp('e2e_api_crash', {
      overrides: { seed: 'sample', calendar: 'always-open' },
      coordination: true,
    });
    const roomy = TEST_PROCEDURES.find((p) => p.code === '9.000001')!;
    // Budgets long enough that nothing runs late while processes restart.
    const procedure = {
      ...roomy,
      statutoryLimit: { unit: 'workingSeconds', amount: 3_600 },
      steps: roomy.steps.map((s) => ({ ...s, budget: { unit: 'workingSeconds', amount: 600 } })),
    };
    await t.as('procedure-designer', null, 'designer').post('/procedures').send(procedure).expect(201);
    await t
      .as('procedure-designer', null, 'designer')
      .post(`/procedures/${procedure.code}/versions`)
      .expect(201);
    port = await freePort();
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await t?.close();
  });

  it('a dossier recorded by an API killed at once still gets its workflow; the retried intake and agency action write nothing twice', async () => {
    const config = t.config({ calendar: 'always-open' });
    api = await startApiProcess(config, port);
    const intakeRef = `crash-${Date.now()}`;
    const intake = {
      intakeRef,
      procedureCode: '9.000001',
      channel: 'online',
      receivingUnitCode: DESK,
      applicantCommuneCode: DESK,
      stepOwners: { b: POLICE },
      applicant: { fullName: 'Đỗ Thị Sự Cố', address: '2 Hàm Nghi', idNumber: '079000000002' },
      documents: [],
    };
    const received = async () =>
      (
        await t.db.pool.query<{ stream: string }>(
          "SELECT stream_name AS stream FROM events WHERE type = 'DossierReceived' AND data->>'intakeRef' = $1",
          [intakeRef],
        )
      ).rows;

    // 1. Killed the moment DossierReceived is stored: the process manager starts the workflow anyway.
    await killWhenRecorded(
      () =>
        callerAt(api!.url, t.token('reception-officer', DESK, 'can-bo-1'))
          .post('/dossiers')
          .send(intake),
      async () => (await received()).length > 0,
    );
    const code = (await received())[0]!.stream.slice('dossier-'.length);
    await waitFor('step a handed off', async () =>
      (await rows(code)).some((r) => r.type === 'StepHandedOff'),
    );

    // The desk's client retries with the same intake reference on the restarted API: the same dossier.
    api = await startApiProcess(config, port);
    const again = await callerAt(api.url, t.token('reception-officer', DESK, 'can-bo-1'))
      .post('/dossiers')
      .send(intake);
    expect([200, 201]).toContain(again.status);
    expect(again.body.dossierCode).toBe(code);
    expect(await received()).toHaveLength(1);

    // 2. Killed the moment the agency's completion is stored: the retry with its key is a no-op, and
    // the next step is handed off exactly once.
    await callerAt(api.url, t.token(AGENCY_STAFF, DESK))
      .post(`/dossiers/${code}/steps/a/receive`)
      .send({ agencyCode: DESK })
      .expect(200);
    const complete = () =>
      callerAt(api!.url, t.token(AGENCY_STAFF, DESK))
        .post(`/dossiers/${code}/steps/a/complete`)
        .set('Idempotency-Key', `complete-a-${code}`)
        .send({ agencyCode: DESK, resultSummary: 'xong' });
    await killWhenRecorded(complete, async () => (await rows(code)).some((r) => r.type === 'StepCompleted'));
    api = await startApiProcess(config, port);
    const retried = await complete();
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ alreadyApplied: true });
    await waitFor('step b handed off', async () =>
      (await rows(code)).some((r) => r.type === 'StepHandedOff' && r.step === 'b'),
    );
    await new Promise((r) => setTimeout(r, 1_000)); // room for a duplicate to show, if there were one
    const all = await rows(code);
    expect(all.filter((r) => r.type === 'StepCompleted').map((r) => r.step)).toEqual(['a']);
    expect(all.filter((r) => r.type === 'StepHandedOff').map((r) => r.step)).toEqual(['a', 'b']);
    expect(all.filter((r) => r.type === 'DossierTransferred')).toHaveLength(1);
  }, 180_000);
});

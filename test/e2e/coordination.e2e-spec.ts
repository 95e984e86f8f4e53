import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { TEST_PROCEDURES } from '@lien-thong/procedures';
import { startApiTestApp, type ApiTestApp, AGENCY_STAFF } from '../support/api-test-app';

/**
 * The coordination workflow end to end: real Temporal dev server, real PostgreSQL, the production
 * workflow bundle and activities, the process manager on the projection runner; the test procedures
 * have budgets of seconds on the always-open calendar. Agencies act through the HTTP API.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const INSURANCE = '000.00.61.H29';

interface StoredEvent {
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor: { system?: string; agencyCode?: string } };
}

describe('coordination workflows (budgets of seconds, always-open calendar)', () => {
  let t: ApiTestApp;
  const http = () => t.http();

  const events = async (code: string): Promise<StoredEvent[]> =>
    (
      await t.db.pool.query<StoredEvent>(
        'SELECT revision::int AS revision, type, data, metadata FROM events WHERE stream_name = $1 ORDER BY revision',
        [`dossier-${code}`],
      )
    ).rows;

  async function waitFor(code: string, what: string, test: (e: StoredEvent[]) => boolean, ms = 15_000) {
    const until = Date.now() + ms;
    for (;;) {
      const list = await events(code);
      if (test(list)) return list;
      if (Date.now() > until)
        throw new Error(`timed out waiting for ${what}; events: ${list.map((e) => e.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const has = (type: string, stepId?: string) => (list: StoredEvent[]) =>
    list.some((e) => e.type === type && (stepId === undefined || e.data.stepId === stepId));

  const act = (code: string, path: string, agency: string, body: object = {}) =>
    t
      .as(AGENCY_STAFF, agency)
      .post(`/dossiers/${code}${path}`)
      .send({ agencyCode: agency, ...body });

  async function receive(procedureCode: string, stepOwners: Record<string, string>): Promise<string> {
    const res = await t
      .as('reception-officer', DESK, 'can-bo-1')
      .post('/dossiers')
      .send({
        procedureCode,
        channel: 'online',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners,
        applicant: { fullName: 'Phạm Văn Thử', address: '1 Hàm Nghi', idNumber: '079000000001' },
        documents: [],
      })
      .expect(201);
    return res.body.dossierCode as string;
  }

  beforeAll(async () => {
    t = await startApiTestApp('e2e_coordination', {
      overrides: { seed: 'sample', calendar: 'always-open' },
      coordination: true,
    });
    for (const procedure of TEST_PROCEDURES) {
      await t.as('procedure-designer', null, 'designer').post('/procedures').send(procedure).expect(201);
      await t
        .as('procedure-designer', null, 'designer')
        .post(`/procedures/${procedure.code}/versions`)
        .expect(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs a sequential procedure from intake to result on the version bound at intake; a late step is attributed to the agency holding it', async () => {
    const code = await receive('9.000001', { b: POLICE });
    // Version 2 is published while the dossier is in flight: it adds a step 'd'. The dossier stays on v1.
    const v1 = TEST_PROCEDURES.find((p) => p.code === '9.000001')!;
    const v2 = {
      ...v1,
      steps: [
        ...v1.steps.filter((s) => s.id !== 'return-result'),
        { ...v1.steps.find((s) => s.id === 'c')!, id: 'd', after: ['c'] },
        { ...v1.steps.find((s) => s.id === 'return-result')!, after: ['d'] },
      ],
    };
    await t.as('procedure-designer', null, 'designer').put('/procedures/9.000001/draft').send(v2).expect(200);
    await t.as('procedure-designer', null, 'designer').post('/procedures/9.000001/versions').expect(201);
    expect((await http().get('/procedures/9.000001').expect(200)).body.versions).toHaveLength(2);
    await waitFor(code, 'step a handed to the commune', has('StepHandedOff', 'a'));
    await act(code, '/steps/a/receive', DESK).expect(200);
    await act(code, '/steps/a/complete', DESK, { resultSummary: 'xong' }).expect(200);
    await waitFor(code, 'step b handed to the police', has('StepHandedOff', 'b'));
    await act(code, '/steps/b/receive', POLICE).expect(200);
    // The police keep it past its 4-second budget.
    const late = await waitFor(code, 'step b overdue', has('StepOverdue', 'b'), 15_000);
    expect(late.find((e) => e.type === 'StepOverdue')!.data).toMatchObject({
      stepId: 'b',
      responsibleAgencyCode: POLICE,
    });
    await act(code, '/steps/b/complete', POLICE, { resultSummary: 'xong' }).expect(200);
    await waitFor(code, 'step c handed to social insurance', has('StepHandedOff', 'c'));
    await act(code, '/steps/c/receive', INSURANCE).expect(200);
    await act(code, '/steps/c/complete', INSURANCE, { resultSummary: 'xong' }).expect(200);
    await waitFor(code, 'the return step handed to the desk', has('StepHandedOff', 'return-result'));
    await act(code, '/steps/return-result/receive', DESK).expect(200);
    await act(code, '/steps/return-result/complete', DESK, { resultSummary: 'xong' }).expect(200);
    await waitFor(code, 'the result ready', has('ResultReady'));
    await http().post(`/dossiers/${code}/result-returned`).send({ channel: 'online' }).expect(200);
    const handle = t.temporal.client.workflow.getHandle(code);
    const result: unknown = await handle.result();
    expect(result).toBe('returned');
    // The workflow's search attributes say where the dossier ended (the Temporal UI finds it by them).
    expect((await handle.describe()).searchAttributes).toMatchObject({
      LienThongProcedure: ['9.000001'],
      LienThongReceivingUnit: [DESK],
      LienThongStatus: ['returned'],
    });
    // `RECORD_WORKFLOW_HISTORIES=1 npm run test:e2e -- coordination` records the newest committed
    // history workflows/src/dossier/replay.spec.ts replays. After a new patch, point this at a new file: the
    // histories recorded before it stay.
    if (process.env.RECORD_WORKFLOW_HISTORIES === '1')
      writeFileSync(
        path.resolve(
          __dirname,
          '../../workflows/src/dossier/histories/dossier-sequential.consolidated.history.bin',
        ),
        proto.api.history.v1.History.encode(await handle.fetchHistory()).finish(),
      );

    const all = await events(code);
    // Every handoff once (v1's steps: no 'd'), one overdue, nothing twice; the workflow's own events say so.
    expect(all.filter((e) => e.type === 'StepHandedOff').map((e) => e.data.stepId)).toEqual([
      'a',
      'b',
      'c',
      'return-result',
    ]);
    expect(all.filter((e) => e.type === 'StepOverdue')).toHaveLength(1);
    expect(all.filter((e) => e.type === 'DossierTransferred')).toHaveLength(1);
    for (const e of all.filter((x) => ['StepHandedOff', 'StepOverdue', 'ResultReady'].includes(x.type)))
      expect(e.metadata.actor.system).toBe('coordination');
  }, 60_000);

  it('judges parallel branches separately: the late branch is attributed, the other is not', async () => {
    const code = await receive('9.000002', { police: POLICE });
    await waitFor(code, 'the first step', has('StepHandedOff', 'start'));
    await act(code, '/steps/start/receive', DESK).expect(200);
    await act(code, '/steps/start/complete', DESK, { resultSummary: 'xong' }).expect(200);
    await waitFor(
      code,
      'both branches',
      (l) => has('StepHandedOff', 'police')(l) && has('StepHandedOff', 'insurance')(l),
    );
    await act(code, '/steps/police/receive', POLICE).expect(200);
    await act(code, '/steps/police/complete', POLICE, { resultSummary: 'xong' }).expect(200);
    await act(code, '/steps/insurance/receive', INSURANCE).expect(200);
    const late = await waitFor(code, 'the insurance branch overdue', has('StepOverdue', 'insurance'), 15_000);
    const overdue = late.filter((e) => e.type === 'StepOverdue');
    expect(overdue.map((e) => [e.data.stepId, e.data.responsibleAgencyCode])).toEqual([
      ['insurance', INSURANCE],
    ]);
    // The join waits for the late branch.
    expect(has('StepHandedOff', 'return-result')(late)).toBe(false);
    await act(code, '/steps/insurance/complete', INSURANCE, { resultSummary: 'xong' }).expect(200);
    await waitFor(code, 'the join', has('StepHandedOff', 'return-result'));
  }, 60_000);

  it('a supplement pause moves the deadline by exactly the paused time; then the apology re-appoints once, a second is refused', async () => {
    const code = await receive('9.000001', { b: POLICE });
    const handed = await waitFor(code, 'step a handed to the commune', has('StepHandedOff', 'a'));
    const originalDeadline = Date.parse(
      handed.find((e) => e.type === 'StepHandedOff')!.data.deadline as string,
    );
    await act(code, '/steps/a/receive', DESK).expect(200);
    await act(code, '/steps/a/supplement-request', DESK, {
      items: [{ action: 'add', description: 'Bổ sung bản sao giấy tờ' }],
      reason: 'Thiếu giấy tờ',
    }).expect(200);
    // Paused past the step's 4-second deadline: nothing is overdue while the clock stands.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(has('StepOverdue')(await events(code))).toBe(false);
    await http().post(`/dossiers/${code}/supplement-received`).send({}).expect(200);
    const after = await events(code);
    const requested = after.find((e) => e.type === 'SupplementRequested')!.data;
    const resumed = after.find((e) => e.type === 'SupplementReceived')!.data;
    const paused = Date.parse(resumed.receivedAt as string) - Date.parse(requested.requestedAt as string);
    const moved = (resumed.stepDeadlines as { stepId: string; deadline: string }[]).find(
      (d) => d.stepId === 'a',
    )!;
    expect(Date.parse(moved.deadline) - originalDeadline).toBe(paused);
    // The workflow re-arms its timer on the moved deadline and marks the step overdue then.
    const late = await waitFor(code, 'step a overdue after the pause', has('StepOverdue', 'a'));
    expect(
      Date.parse(late.find((e) => e.type === 'StepOverdue')!.data.detectedAt as string),
    ).toBeGreaterThanOrEqual(Date.parse(moved.deadline));
    const apology = {
      reason: 'Chờ xác minh',
      newAppointmentAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    await act(code, '/apology', DESK, apology).expect(200);
    const second = await act(code, '/apology', DESK, {
      ...apology,
      newAppointmentAt: new Date(Date.now() + 7_200_000).toISOString(),
    });
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('DOSSIER_REAPPOINTMENT_LIMIT_REACHED');
    expect((await events(code)).filter((e) => e.type === 'ApologyIssued')).toHaveLength(1);
  }, 60_000);
});

import { startApiProcess, type ApiProcess } from '../support/api-process';
import { AGENCY_STAFF, callerAt, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { freePort } from '../support/free-port';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { handedOff, publishRoomyTestProcedure } from '../support/quick-procedures';

/**
 * Structured logs (issue 23): the real API and worker processes write one JSON object per line; every
 * request has an id (the caller's `x-request-id`, echoed) on its line; the Temporal SDK's lines are in the
 * same stream; and no personal data reaches the logs: a dossier received with a name, an ID number, a
 * phone, an e-mail and an address, handed off, looked up by the applicant with the key, and refused
 * input carrying the same data, leave none of it in any line.
 */
const DESK = '000.00.71.H29';
const APPLICANT = {
  fullName: 'Phạm Thị Riêng Tư',
  address: '77 Hẻm Kín, Phường Bí Mật',
  idNumber: '079306012345',
  phone: '0987654321',
  email: 'rieng.tu@example.vn',
};

describe('structured logs without personal data', () => {
  let t: ApiTestApp;
  let api: ApiProcess | undefined;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    t = await startApiTestApp('e2e_structured_logs', {
      overrides: { seed: 'sample', calendar: 'always-open' },
    });
    await publishRoomyTestProcedure(() => t.as('procedure-designer', null, 'designer'));
    const config = t.config({ calendar: 'always-open' });
    const env = { LIEN_THONG_LOG_FORMAT: 'json', LIEN_THONG_LOG_LEVEL: 'debug' };
    worker = await startWorkerProcess(config, 120_000, undefined, { env });
    api = await startApiProcess(config, await freePort(), 120_000, { env });
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await t?.close();
  });

  it('logs JSON lines with request ids, and none of the applicant’s data', async () => {
    const desk = callerAt(api!.url, t.token('reception-officer', DESK, 'can-bo-1'));
    const received = await desk
      .post('/dossiers')
      .set('x-request-id', 'e2e-intake-0001')
      .send({
        procedureCode: '9.000001',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners: { b: '000.00.72.H29' },
        applicant: APPLICANT,
        documents: [],
      })
      .expect(201);
    expect(received.headers['x-request-id']).toBe('e2e-intake-0001');
    const code = received.body.dossierCode as string;
    const lookupKey = received.body.lookupKey as string;
    expect(lookupKey).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);

    // A request id that is not sane is replaced, not echoed.
    const odd = await desk.get('/procedures').set('x-request-id', 'bad id\twith spaces');
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    // Refused input carrying personal data: 400, and the body is never logged.
    await desk
      .post('/dossiers')
      .send({ procedureCode: '9.000001', applicant: { ...APPLICANT, idNumber: 'not-a-number' } })
      .expect(400);

    // The worker hands the dossier off (its logs are part of the check), then the agency acts.
    await handedOff(t.db.pool, code, 'a', 60_000, () => worker!.output());
    await callerAt(api!.url, t.token(AGENCY_STAFF, DESK))
      .post(`/dossiers/${code}/steps/a/receive`)
      .send({ agencyCode: DESK })
      .expect(200);
    // The applicant's lookup: the key travels in the query string.
    if (lookupKey)
      await callerAt(api!.url, null).get(`/public/dossiers/${code}?key=${encodeURIComponent(lookupKey)}`);
    await new Promise((r) => setTimeout(r, 500)); // the last lines flushed

    const lines = [api!.output(), worker!.output()]
      .join('\n')
      .split('\n')
      .filter((l) => l.trim() !== '');
    // One JSON object per line, with a level and a message.
    const entries = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
    expect(entries.every((e) => typeof e.level === 'string' && 'msg' in e)).toBe(true);

    // The intake's line carries the caller's request id, the dossier route and the caller's kind.
    const intake = entries.find((e) => e.reqId === 'e2e-intake-0001');
    expect(intake).toMatchObject({ process: 'api', res: { statusCode: 201 }, callerKind: 'staff' });
    const receive = entries.find(
      (e) => (e.req as { path?: string } | undefined)?.path === `/dossiers/${code}/steps/a/receive`,
    );
    expect(receive).toMatchObject({ dossier: code, agency: DESK });
    // The Temporal SDK's lines are in the same stream.
    expect(entries.some((e) => e.process === 'worker' && e.component === 'temporal')).toBe(true);
    // Nest's start-up noise is debug, not info.
    expect(entries.filter((e) => e.context === 'RouterExplorer' && e.level === 'info')).toEqual([]);

    // None of the applicant's data, nor the lookup key, in any line (the level was debug: everything).
    const all = lines.join('\n');
    for (const value of [...Object.values(APPLICANT), lookupKey])
      expect({ value, found: all.includes(value) }).toEqual({ value, found: false });
    expect(all).toContain(code);
  }, 180_000);
});

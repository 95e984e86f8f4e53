import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_PORTAL_DISPATCH,
  PortalStatusDispatcher,
  portalClientFromSettings,
  DEFAULT_POSTAL_DISPATCH,
  PortalSimulator,
  PostalDispatcher,
  PostalSimulator,
  postalClientFromSettings,
  PortalReconciler,
  PortalReconciliationLog,
  type PortalReconciliationReport,
  type PortalReconciliationRun,
} from '@lien-thong/channels';
import { DossierCommandService } from '@lien-thong/dossiers';
import { PERSONAL_DATA_VAULT } from '@lien-thong/personal-data';
import { startApiTestApp, TestClock, type ApiTestApp, AGENCY_STAFF } from '../support/api-test-app';
import { until } from '../support/until';
import { asBytes } from '../support/download';

/**
 * The national public-service portal and the public postal service (issue 24) against their
 * simulators, with the API, PostgreSQL, the read models, the status push and the postal dispatcher
 * running: a dossier filed on the portal is taken in by its desk (once, however often the desk tries),
 * handled by three agencies, its result mailed (the postal service down at first) and delivered, and
 * the portal shows each status in turn; the reconciliation finds nothing to report, then exactly the
 * dossiers whose messages the portal lost.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const INSURANCE = '000.00.61.H29';
const OTHER_DESK = '000.00.73.H29';
const HOUR = 3_600_000;

const filing = (fullName: string, idNumber: string) => ({
  procedureCode: '1.001193',
  receivingUnitCode: DESK,
  applicantCommuneCode: DESK,
  stepOwners: { 'register-residence': POLICE },
  applicant: {
    fullName,
    address: '20 Pasteur, phường Sài Gòn, Thành phố Hồ Chí Minh',
    email: 'nguoidan@example.vn',
    idNumber,
  },
  documents: [
    { code: 'to-khai-lien-thong', copies: 1, original: true },
    {
      code: 'giay-chung-sinh',
      copies: 1,
      original: true,
      // The applicant's scan, uploaded on the portal: fetched from it when the desk takes the dossier in.
      files: [{ name: 'Giấy chứng sinh.pdf', mediaType: 'application/pdf', content: PDF }],
    },
  ],
});

const PDF = Buffer.from('%PDF-1.4\n% Giấy chứng sinh số 45\n%%EOF\n', 'utf8');

describe('national portal and postal service: filed there, taken in here, statuses pushed back, result mailed, reconciled', () => {
  const portal = new PortalSimulator(randomBytes(16).toString('hex'), 2026);
  const clock = new TestClock(Date.parse('2026-03-09T08:00:00+07:00')); // Monday
  let t: ApiTestApp;
  let push: PortalStatusDispatcher;
  const post = new PostalSimulator(randomBytes(16).toString('hex'));
  let mail: PostalDispatcher;
  const logs: string[] = [];
  const desk = () => t.as('reception-officer', DESK, 'can-bo-mot-cua');
  const act = (code: string, path: string, body: object, who = DESK) =>
    t.as(AGENCY_STAFF, who, `officer@${who}`).post(`/dossiers/${code}${path}`).send(body).expect(200);
  const reconcile = async () =>
    (
      await t
        .as('administrator', null, 'quan-tri')
        .get('/channels/national-portal/reconciliation')
        .expect(200)
    ).body as PortalReconciliationReport;
  /** Resolves once the read models have the events and every status is pushed (or given up). */
  const pushed = async () => {
    await t.settle();
    await until('the status outbox is empty', async () => {
      const r = await t.db.pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM portal_status_outbox WHERE state = 'pending'",
      );
      return r.rows[0]!.n === '0' ? true : undefined;
    });
  };

  const filesDir = mkdtempSync(path.join(tmpdir(), 'lt-portal-files-'));
  const fileRows = async () =>
    Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM files')).rows[0]!.n);

  beforeAll(async () => {
    process.env.LIEN_THONG_FILES_DIR = filesDir;
    await portal.start();
    process.env.LIEN_THONG_PORTAL_URL = portal.url;
    process.env.LIEN_THONG_PORTAL_TOKEN = portal.token;
    process.env.LIEN_THONG_POSTAL_URL = await post.start();
    process.env.LIEN_THONG_POSTAL_TOKEN = post.token;
    t = await startApiTestApp('e2e_national_portal', {
      overrides: { seed: 'sample' },
      clock,
      projections: true,
    });
    push = new PortalStatusDispatcher(t.db.pool, portalClientFromSettings(process.env)!, {
      ...DEFAULT_PORTAL_DISPATCH,
      pollIntervalMs: 50,
      // Quick retries, and few: a push the portal keeps failing is given up within the test.
      backoff: { baseDelayMs: 50, maxDelayMs: 100, maxAttempts: 3, maxAgeMs: 60_000 },
      log: (m) => logs.push(m),
    });
    push.start();
    mail = new PostalDispatcher(
      t.db.pool,
      postalClientFromSettings(process.env)!,
      t.app.get(DossierCommandService),
      t.app.get(PERSONAL_DATA_VAULT, { strict: false }),
      {
        ...DEFAULT_POSTAL_DISPATCH,
        trackEveryMs: 100,
        backoff: { baseDelayMs: 50, maxDelayMs: 200 },
        log: (m) => logs.push(m),
      },
    );
    mail.start();
  });
  afterAll(async () => {
    await push?.stop();
    await mail?.stop();
    await post.stop();
    await t?.close();
    await portal.stop();
    delete process.env.LIEN_THONG_PORTAL_URL;
    delete process.env.LIEN_THONG_PORTAL_TOKEN;
    delete process.env.LIEN_THONG_POSTAL_URL;
    delete process.env.LIEN_THONG_POSTAL_TOKEN;
    delete process.env.LIEN_THONG_FILES_DIR;
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('takes in a dossier filed on the portal once, and the portal shows every status to its return', async () => {
    const portalId = portal.file(filing('Phạm Thị Lan', '079190005555'));
    // The desk's queue, read from the portal; another ward's desk may not read it or take it in.
    const queue = await desk().get('/channels/national-portal/submissions').expect(200);
    expect((queue.body.items as { portalId: string }[]).map((s) => s.portalId)).toEqual([portalId]);
    const other = t.as('reception-officer', OTHER_DESK, 'mot-cua-73');
    expect((await other.get(`/channels/national-portal/submissions?unit=${DESK}`)).status).toBe(403);
    const stolen = await other.post(`/channels/national-portal/submissions/${portalId}/accept`);
    expect({ status: stolen.status, code: stolen.body.code }).toEqual({
      status: 403,
      code: 'AGENCY_MISMATCH',
    });
    expect((await desk().post('/channels/national-portal/submissions/G22.2026.999999/accept')).status).toBe(
      404,
    );
    // What the portal sends is checked before it is read: a malformed submission is a 422, nothing written.
    const broken = portal.file({
      ...filing('Hồ Sơ Lỗi', '079190000000'),
      documents: [{ code: 'x', copies: 0 }],
    });
    const refused = await desk().post(`/channels/national-portal/submissions/${broken}/accept`);
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 422,
      code: 'PORTAL_SUBMISSION_INVALID',
    });
    expect(refused.body.problems).toEqual([expect.objectContaining({ path: 'documents.0.copies' })]);
    // A scan the portal serves is checked as any upload: a type not accepted is refused, nothing received.
    const notAScan = portal.file({
      ...filing('Tệp Sai Loại', '079190000001'),
      documents: [
        { code: 'to-khai-lien-thong', copies: 1 },
        {
          code: 'giay-chung-sinh',
          copies: 1,
          files: [
            { name: 'giay.html', mediaType: 'text/html', content: Buffer.from('<p>không phải bản scan</p>') },
          ],
        },
      ],
    });
    const filesBefore = await fileRows();
    const wrongType = await desk().post(`/channels/national-portal/submissions/${notAScan}/accept`);
    expect([wrongType.status, wrongType.body.code]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    expect(await fileRows()).toBe(filesBefore);

    const taken = await desk().post(`/channels/national-portal/submissions/${portalId}/accept`).expect(201);
    const code = taken.body.dossierCode as string;
    expect(taken.body).toMatchObject({ channel: 'national-portal', alreadyReceived: false });
    // A repeat (a double click, a retry after a timeout): the same dossier, nothing new.
    const keptFiles = await fileRows();
    const again = await desk().post(`/channels/national-portal/submissions/${portalId}/accept`).expect(201);
    expect(again.body).toMatchObject({ dossierCode: code, alreadyReceived: true });
    // The scan was fetched from the portal once, kept with the dossier, and serves the same bytes.
    expect(await fileRows()).toBe(keptFiles);
    const listed = await desk().get(`/dossiers/${code}/files`).expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        stepId: null,
        documentCode: 'giay-chung-sinh',
        name: 'Giấy chứng sinh.pdf',
        sha256: createHash('sha256').update(PDF).digest('hex'),
      }),
    ]);
    const bytes = await asBytes(
      desk().get(`/dossiers/${code}/files/${listed.body.items[0].id as string}`),
    ).expect(200);
    expect(Buffer.compare(bytes.body as Buffer, PDF)).toBe(0);
    await pushed();
    expect(portal.view(portalId)).toMatchObject({ status: 'received', sequence: 1, dossierCode: code });
    const waiting = (await desk().get('/channels/national-portal/submissions').expect(200)).body.items as {
      portalId: string;
    }[];
    expect(waiting.map((s) => s.portalId)).toEqual([broken, notAScan]);

    // Three agencies, each in turn; the portal is told "in processing" once, then the result.
    clock.advance(HOUR);
    await act(code, '/transfer', { toAgencyCode: DESK });
    await act(code, '/steps/register-birth/handoff', { fromAgencyCode: DESK, toAgencyCode: DESK });
    await pushed();
    expect(portal.view(portalId)).toMatchObject({ status: 'in-processing', sequence: 2 });
    // The portal is down for a while: the push is retried until it is taken.
    portal.failNext(2);
    await act(code, '/steps/register-birth/receive', { agencyCode: DESK });
    await act(code, '/steps/register-birth/complete', {
      agencyCode: DESK,
      resultSummary: 'Đã đăng ký khai sinh',
    });
    await act(code, '/steps/register-residence/handoff', { fromAgencyCode: DESK, toAgencyCode: POLICE });
    await act(code, '/excluded-phases/xac-minh-tai-cho/start', { reason: 'Xác minh tại nơi cư trú' }, POLICE);
    await pushed();
    expect(portal.view(portalId)).toMatchObject({ status: 'paused', sequence: 3 });
    clock.advance(HOUR);
    await act(code, '/excluded-phases/xac-minh-tai-cho/end', {}, POLICE);
    await act(code, '/steps/register-residence/receive', { agencyCode: POLICE }, POLICE);
    await act(
      code,
      '/steps/register-residence/complete',
      { agencyCode: POLICE, resultSummary: 'Đã đăng ký thường trú' },
      POLICE,
    );
    await act(
      code,
      '/steps/issue-health-card/handoff',
      { fromAgencyCode: POLICE, toAgencyCode: INSURANCE },
      POLICE,
    );
    await act(code, '/steps/issue-health-card/receive', { agencyCode: INSURANCE }, INSURANCE);
    await act(
      code,
      '/steps/issue-health-card/complete',
      { agencyCode: INSURANCE, resultSummary: 'Đã cấp thẻ BHYT' },
      INSURANCE,
    );
    await act(
      code,
      '/steps/return-result/handoff',
      { fromAgencyCode: INSURANCE, toAgencyCode: DESK },
      INSURANCE,
    );
    await act(code, '/steps/return-result/receive', { agencyCode: DESK });
    await act(code, '/steps/return-result/complete', {
      agencyCode: DESK,
      resultSummary: 'Kết quả đã về một cửa',
    });
    await act(code, '/result-ready', { deskUnitCode: DESK });
    await pushed();
    expect(portal.view(portalId)).toMatchObject({ status: 'result-ready', sequence: 5 });
    post.failNext(1);
    await desk().post(`/dossiers/${code}/result-returned`).send({ channel: 'post' }).expect(200);
    await pushed();
    const view = portal.view(portalId)!;
    expect(view).toMatchObject({ status: 'returned', sequence: 6 });
    expect(view.history.map((m) => m.status)).toEqual([
      'received',
      'in-processing',
      'paused',
      'in-processing',
      'result-ready',
      'returned',
    ]);
    expect(await reconcile()).toMatchObject({ dossiers: 1, mismatches: [] });

    // The result went by post: booked with the postal service (down at first), to the applicant's
    // address, its tracking number recorded on the dossier; then delivered.
    const events = async () =>
      (
        await t.db.pool.query<{ data: { status: string; trackingNumber: string } }>(
          `SELECT data FROM events WHERE stream_name = $1 AND type = 'PostalShipmentUpdated' ORDER BY revision`,
          [`dossier-${code}`],
        )
      ).rows.map((r) => r.data);
    await until('the result is mailed', async () => ((await events()).length === 1 ? true : undefined));
    const shipment = post.shipmentFor(code)!;
    expect(shipment.recipient).toEqual({
      name: 'Phạm Thị Lan',
      address: '20 Pasteur, phường Sài Gòn, Thành phố Hồ Chí Minh',
      phone: null,
    });
    expect(await events()).toEqual([
      expect.objectContaining({ status: 'mailed', trackingNumber: shipment.trackingNumber }),
    ]);
    post.deliver(shipment.trackingNumber);
    await until('the delivery is recorded', async () => ((await events()).length === 2 ? true : undefined));
    expect((await events()).map((e) => e.status)).toEqual(['mailed', 'delivered']);
    await t.settle();
    const timeline = await t.as('auditor', null, 'thanh-tra').get(`/dossiers/${code}/timeline`).expect(200);
    expect(
      (timeline.body.entries as { summary: { vi: string } }[]).filter((e) =>
        e.summary.vi.startsWith('Bưu chính'),
      ),
    ).toHaveLength(2);
  });

  it('reports exactly the dossiers whose statuses the portal lost, or that it kept refusing', async () => {
    const ids = [1, 2, 3].map((n) => portal.file(filing(`Người nộp ${n}`, `07919000100${n}`)));
    const codes: string[] = [];
    for (const id of ids)
      codes.push(
        (await desk().post(`/channels/national-portal/submissions/${id}/accept`).expect(201)).body
          .dossierCode,
      );
    await pushed();
    expect((await reconcile()).mismatches).toEqual([]);

    // The portal loses the next status it takes (dossier 1), then refuses the one after that three times
    // in a row, so our push of it (dossier 2) is given up; dossier 3 goes through.
    clock.advance(HOUR);
    portal.dropNext(1);
    await act(codes[0]!, '/transfer', { toAgencyCode: DESK });
    await act(codes[0]!, '/steps/register-birth/handoff', { fromAgencyCode: DESK, toAgencyCode: DESK });
    await pushed();
    portal.failNext(3);
    await act(codes[1]!, '/transfer', { toAgencyCode: DESK });
    await act(codes[1]!, '/steps/register-birth/handoff', { fromAgencyCode: DESK, toAgencyCode: DESK });
    await pushed();
    await act(codes[2]!, '/transfer', { toAgencyCode: DESK });
    await act(codes[2]!, '/steps/register-birth/handoff', { fromAgencyCode: DESK, toAgencyCode: DESK });
    await pushed();

    const report = await reconcile();
    expect(report.dossiers).toBe(4);
    expect(
      report.mismatches.map((m) => ({
        portalId: m.portalId,
        ours: m.ours,
        portal: m.portal,
        failed: m.pushFailed,
      })),
    ).toEqual([
      {
        portalId: ids[0],
        ours: { status: 'in-processing', sequence: 2 },
        portal: { status: 'received', sequence: 1 },
        failed: false,
      },
      {
        portalId: ids[1],
        ours: { status: 'in-processing', sequence: 2 },
        portal: { status: 'received', sequence: 1 },
        failed: true,
      },
    ]);
    expect(portal.dropped.map((m) => m.portalId)).toEqual([ids[0]]);
    // The push given up is a figure operators are alerted on (docs/observability/alert-rules.yaml).
    const metrics = await t.as('administrator', null, 'quan-tri').get('/metrics').expect(200);
    expect(
      metrics.text
        .split('\n')
        .filter((l) => /^lien_thong_(portal_pushes_failed|outbox_backlog\{outbox="portal-status")/.test(l)),
    ).toEqual([
      'lien_thong_outbox_backlog{outbox="portal-status",process="api"} 0',
      'lien_thong_portal_pushes_failed{process="api"} 1',
    ]);
    expect(logs.some((m) => m.includes(`(${ids[1]}) given up after 3 attempt(s)`))).toBe(true);

    // The same on the worker's schedule (its `portal` role runs a PortalReconciler under a lease):
    // recorded, shown by /reconciliation/latest and counted in the metrics.
    const admin = () => t.as('administrator', null, 'quan-tri');
    const latest = async () =>
      (
        (await admin().get('/channels/national-portal/reconciliation/latest').expect(200)).body as {
          run: PortalReconciliationRun | null;
        }
      ).run;
    expect(await latest()).toBeNull();
    const runs = t.app.get(PortalReconciliationLog);
    const scheduled = (client = portalClientFromSettings(process.env)!) =>
      new PortalReconciler(t.db.pool, client, runs, clock, {
        intervalMs: 3_600_000,
        log: (m) => logs.push(m),
      });
    const run = await scheduled().runOnce();
    expect(run.mismatches).toEqual(report.mismatches);
    expect(await latest()).toEqual({ ...run, checkedAt: new Date(run.checkedAt).toISOString() });
    expect(logs.some((m) => m.includes('reconciliation: 2 of 4 dossiers differ from the portal'))).toBe(true);
    const mismatchesMetric = async () =>
      (await admin().get('/metrics').expect(200)).text
        .split('\n')
        .filter((l) => l.startsWith('lien_thong_portal_mismatches'));
    expect(await mismatchesMetric()).toEqual(['lien_thong_portal_mismatches{process="api"} 2']);
    // A run the portal does not answer is recorded too, without figures.
    const down = portalClientFromSettings({
      LIEN_THONG_PORTAL_URL: 'http://127.0.0.1:1',
      LIEN_THONG_PORTAL_TOKEN: portal.token,
    })!;
    const failed = await scheduled(down).runOnce();
    expect(failed).toMatchObject({ dossiers: null, mismatches: null, error: expect.any(String) as unknown });
    expect((await latest())?.error).toBe(failed.error);
    expect(await mismatchesMetric()).toEqual(['lien_thong_portal_mismatches{process="api"} -1']);
    expect((await desk().get('/channels/national-portal/reconciliation/latest')).status).toBe(403);

    // It is the administrators' (who run the connection): a desk may not run it.
    const desks = await desk().get('/channels/national-portal/reconciliation');
    expect({ status: desks.status, code: desks.body.code }).toEqual({
      status: 403,
      code: 'ROLE_NOT_ALLOWED',
    });
  });
});

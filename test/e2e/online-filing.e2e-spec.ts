import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '@lien-thong/personal-data';
import { startApiTestApp, TestClock, type ApiTestApp, AGENCY_STAFF } from '../support/api-test-app';

/**
 * Online filing (issue 24) through HTTP against real PostgreSQL: an applicant without an account
 * uploads a scan, files a dossier and follows it with the reference and lookup key it was given; the
 * desk of the receiving unit sees it in its queue and accepts it (form 01, the same lookup key), asks
 * for a supplement (form 02) or refuses it (form 03). Bad input is refused with nothing kept, and no
 * other unit sees or decides a filing.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const OTHER_DESK = '000.00.73.H29';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const disposition = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

describe('online filing: an applicant files, the desk decides', () => {
  let t: ApiTestApp;
  let filesDir: string;
  const clock = new TestClock(Date.parse('2026-03-09T20:00:00+07:00')); // Monday evening: online is always open
  const desk = (unit = DESK) => t.as('reception-officer', unit, `can-bo-mot-cua@${unit}`);
  const upload = (name = 'Giấy chứng sinh.pdf') =>
    t
      .anonymous()
      .post('/public/files')
      .set('Content-Type', 'application/pdf')
      .set('Content-Disposition', disposition(name))
      .send(PDF);
  const filing = (fileId: string, overrides: Record<string, unknown> = {}) => ({
    procedureCode: '1.001193',
    receivingUnitCode: DESK,
    applicantCommuneCode: DESK,
    applicant: {
      fullName: 'Trần Văn Bình',
      address: '3 Pasteur, phường Sài Gòn, Thành phố Hồ Chí Minh',
      idNumber: '079190008888',
      email: 'binh@example.vn',
    },
    documents: [
      { code: 'to-khai-lien-thong', copies: 1, original: true },
      { code: 'giay-chung-sinh', copies: 1, original: true, files: [{ id: fileId }] },
    ],
    ...overrides,
  });
  const fileOne = async () => {
    const uploaded = await upload().expect(201);
    const filed = await t
      .anonymous()
      .post('/public/filings')
      .send(filing(uploaded.body.id as string))
      .expect(201);
    return filed.body as { filingRef: string; lookupKey: string };
  };
  const filingRows = async () =>
    Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM online_filings')).rows[0]!.n);

  beforeAll(async () => {
    filesDir = mkdtempSync(path.join(tmpdir(), 'lt-filing-'));
    process.env.LIEN_THONG_FILES_DIR = filesDir;
    t = await startApiTestApp('e2e_online_filing', {
      overrides: { seed: 'sample' },
      clock,
      projections: true,
    });
  });
  afterAll(async () => {
    await t?.close();
    delete process.env.LIEN_THONG_FILES_DIR;
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('offers the procedures that take online intake, with their documents, and the receiving units', async () => {
    const options = await t.anonymous().get('/public/intake-options').expect(200);
    const birth = (options.body.procedures as { code: string }[]).find((p) => p.code === '1.001193');
    expect(birth).toMatchObject({
      name: { vi: expect.any(String) },
      channels: ['online', 'post'],
      requiredDocuments: expect.arrayContaining([expect.objectContaining({ code: 'giay-chung-sinh' })]),
    });
    const units = (options.body.units as { code: string }[]).map((u) => u.code);
    expect(units).toEqual(expect.arrayContaining([DESK, OTHER_DESK]));
    expect(units).not.toContain(POLICE);
  });

  it('files a dossier without an account, accepted by the desk with the same lookup key', async () => {
    const uploaded = await upload().expect(201);
    expect(uploaded.body).toMatchObject({ name: 'Giấy chứng sinh.pdf', mediaType: 'application/pdf' });
    const body = filing(uploaded.body.id as string);
    const filed = await t
      .anonymous()
      .post('/public/filings')
      .set('Idempotency-Key', 'browser-retry-1')
      .send(body)
      .expect(201);
    const { filingRef, lookupKey } = filed.body as { filingRef: string; lookupKey: string };
    expect(filingRef).toMatch(/^TT-260309-[0-9A-Z]{8}$/);
    expect(lookupKey).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    // The browser timed out and sends it again: the same filing, nothing new.
    const rowsBefore = await filingRows();
    const again = await t
      .anonymous()
      .post('/public/filings')
      .set('Idempotency-Key', 'browser-retry-1')
      .send(body)
      .expect(201);
    expect(again.body).toMatchObject({ filingRef, lookupKey });
    expect(await filingRows()).toBe(rowsBefore);

    const waiting = await t.anonymous().get(`/public/filings/${filingRef}?key=${lookupKey}`).expect(200);
    expect(waiting.body).toMatchObject({
      filingRef,
      status: 'waiting',
      dossierCode: null,
      procedure: { code: '1.001193', name: { vi: expect.any(String) } },
      receivingUnit: { code: DESK },
    });
    expect(JSON.stringify(waiting.body)).not.toContain('Trần Văn Bình');

    // The desk's queue has it, with the applicant and the scan; another unit's desk sees nothing of it.
    const queue = await desk().get('/channels/online/filings').expect(200);
    const mine = (queue.body.items as { filingRef: string }[]).find((f) => f.filingRef === filingRef);
    expect(mine).toMatchObject({
      applicant: { fullName: 'Trần Văn Bình', idNumber: '079190008888' },
      documents: [
        { code: 'to-khai-lien-thong', files: [] },
        { code: 'giay-chung-sinh', files: [{ id: uploaded.body.id, sha256: uploaded.body.sha256 }] },
      ],
    });
    await desk(OTHER_DESK).get(`/channels/online/filings?unit=${DESK}`).expect(403);
    await desk(OTHER_DESK).post(`/channels/online/filings/${filingRef}/accept`).send({}).expect(403);
    await t.anonymous().get('/channels/online/filings').expect(401);
    await t
      .as('agency-officer', DESK, 'not-a-desk')
      .post(`/channels/online/filings/${filingRef}/accept`)
      .send({})
      .expect(403);

    const accepted = await desk()
      .post(`/channels/online/filings/${filingRef}/accept`)
      .send({ stepOwners: { 'register-residence': POLICE } })
      .expect(201);
    expect(accepted.body).toMatchObject({
      channel: 'online',
      alreadyReceived: false,
      lookupKey,
      receivingUnit: { code: DESK },
      applicant: { fullName: 'Trần Văn Bình' },
    });
    const dossierCode = accepted.body.dossierCode as string;
    // Accepting again (a retry after a lost answer) answers the same dossier.
    const replay = await desk()
      .post(`/channels/online/filings/${filingRef}/accept`)
      .send({ stepOwners: { 'register-residence': POLICE } })
      .expect(201);
    expect(replay.body).toMatchObject({ dossierCode, alreadyReceived: true });
    await desk()
      .post(`/channels/online/filings/${filingRef}/refusal`)
      .send({ reasons: ['Không thuộc thẩm quyền'] })
      .expect(409);

    // The applicant follows it with the same key, then the dossier's own lookup opens with that key.
    const status = await t.anonymous().get(`/public/filings/${filingRef}?key=${lookupKey}`).expect(200);
    expect(status.body).toMatchObject({ status: 'accepted', dossierCode });
    expect(status.body.links.dossier).toBe(
      `/public/dossiers/${encodeURIComponent(dossierCode)}?key=${lookupKey}`,
    );
    await t.settle();
    await t.anonymous().get(`/public/dossiers/${dossierCode}?key=${lookupKey}`).expect(200);
    // The scan is the dossier's, downloadable by the desk.
    const files = await desk().get(`/dossiers/${dossierCode}/files`).expect(200);
    expect(files.body.items).toEqual([
      expect.objectContaining({ id: uploaded.body.id, stepId: null, documentCode: 'giay-chung-sinh' }),
    ]);
    // No longer in the queue.
    const after = await desk().get('/channels/online/filings').expect(200);
    expect((after.body.items as { filingRef: string }[]).map((f) => f.filingRef)).not.toContain(filingRef);
    // Erasing the dossier's personal data erases the copy the filing kept for the desk's check too.
    const vault = t.app.get<PersonalDataVault>(PERSONAL_DATA_VAULT, { strict: false });
    const { rows } = await t.db.pool.query<{ applicant_ref: string }>(
      'SELECT applicant_ref FROM online_filings WHERE filing_ref = $1',
      [filingRef],
    );
    expect(await vault.open(rows[0]!.applicant_ref)).toMatchObject({ fullName: 'Trần Văn Bình' });
    // (Erasure is for a closed dossier: the applicant withdraws it first.)
    await desk()
      .post(`/dossiers/${dossierCode}/withdrawal`)
      .send({ reason: 'Người nộp rút hồ sơ' })
      .expect(200);
    await t
      .as('administrator', null, 'quan-tri')
      .post(`/dossiers/${dossierCode}/personal-data/erase`)
      .send({ reason: 'Người nộp yêu cầu xóa dữ liệu cá nhân' })
      .expect(200);
    expect(await vault.open(rows[0]!.applicant_ref)).toBe('erased');
  });

  it('tells the applicant what to add (form 02) or why it is refused (form 03)', async () => {
    const first = await fileOne();
    const items = [
      { documentCode: 'giay-chung-sinh', action: 'add', description: 'Bản chính Giấy chứng sinh' },
    ];
    await desk()
      .post(`/channels/online/filings/${first.filingRef}/supplement-request`)
      .send({ items, reason: 'Bản scan không đọc được' })
      .expect(201);
    const asked = await t
      .anonymous()
      .get(`/public/filings/${first.filingRef}?key=${first.lookupKey}`)
      .expect(200);
    expect(asked.body).toMatchObject({
      status: 'supplement-requested',
      supplement: { items: [expect.objectContaining({ description: 'Bản chính Giấy chứng sinh' })] },
      refusal: null,
    });
    await desk().post(`/channels/online/filings/${first.filingRef}/accept`).send({}).expect(409);
    // Only the desk of the filing's unit decides on it.
    const stranger = await fileOne();
    await desk(OTHER_DESK)
      .post(`/channels/online/filings/${stranger.filingRef}/supplement-request`)
      .send({ items, reason: 'x' })
      .expect(403);
    await desk(OTHER_DESK)
      .post(`/channels/online/filings/${stranger.filingRef}/refusal`)
      .send({ reasons: ['x'] })
      .expect(403);

    const second = await fileOne();
    await desk()
      .post(`/channels/online/filings/${second.filingRef}/refusal`)
      .send({ reasons: ['Yêu cầu không thuộc thẩm quyền giải quyết'] })
      .expect(201);
    const refused = await t
      .anonymous()
      .get(`/public/filings/${second.filingRef}?key=${second.lookupKey}`)
      .expect(200);
    expect(refused.body).toMatchObject({
      status: 'refused',
      refusal: { reasons: ['Yêu cầu không thuộc thẩm quyền giải quyết'] },
    });
  });

  it('refuses bad filings with a clear 4xx and keeps nothing; a wrong key is an unknown filing', async () => {
    const uploaded = await upload().expect(201);
    const id = uploaded.body.id as string;
    const staffUpload = await t
      .as(AGENCY_STAFF, DESK, 'desk-officer')
      .post('/files')
      .set('Content-Type', 'application/pdf')
      .set('Content-Disposition', disposition('a.pdf'))
      .send(PDF)
      .expect(201);
    const before = await filingRows();
    const cases: [string, object, number, string][] = [
      ['no applicant', { ...filing(id), applicant: undefined }, 400, 'BAD_REQUEST'],
      [
        'a document the procedure does not ask for',
        filing(id, { documents: [{ code: 'so-do', copies: 1 }] }),
        400,
        'FILING_INVALID',
      ],
      ['an unknown unit', filing(id, { receivingUnitCode: '000.00.99.H29' }), 400, 'FILING_INVALID'],
      ['an unknown procedure', filing(id, { procedureCode: '9.999999' }), 404, 'PROCEDURE_NOT_FOUND'],
      ['a file never uploaded', filing('3f0c2a9e-2d7b-4c1e-9a55-0d6f1b8c7e21'), 422, 'FILE_UNKNOWN'],
      ["a staff member's upload", filing(staffUpload.body.id as string), 422, 'FILE_UNKNOWN'],
    ];
    for (const [what, body, status, code] of cases) {
      const res = await t.anonymous().post('/public/filings').send(body);
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status, code });
    }
    expect(await filingRows()).toBe(before);
    // The upload is still the applicant's to file.
    await t.anonymous().post('/public/filings').send(filing(id)).expect(201);
    // Filed once, it cannot be filed again.
    const reused = await t.anonymous().post('/public/filings').send(filing(id));
    expect([reused.status, reused.body.code]).toEqual([422, 'FILE_UNKNOWN']);

    const { filingRef } = await fileOne();
    const wrong = await t.anonymous().get(`/public/filings/${filingRef}?key=AAAAA-AAAAA`);
    expect([wrong.status, wrong.body.code]).toEqual([404, 'FILING_NOT_FOUND']);
    const noKey = await t.anonymous().get(`/public/filings/${filingRef}`);
    expect([noKey.status, noKey.body.code]).toEqual([400, 'FILING_KEY_REQUIRED']);
    await desk().post('/channels/online/filings/TT-000000-XXXXXXXX/accept').send({}).expect(404);
    // The counter's intake had the same gap: no applicant was a 500, now a 400 that says so.
    const counter = await desk()
      .post('/dossiers')
      .send({ procedureCode: '1.001193', channel: 'counter', receivingUnitCode: DESK, documents: [] });
    expect([counter.status, JSON.stringify(counter.body)]).toEqual([
      400,
      expect.stringContaining('applicant is required'),
    ]);
  });
});

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asBytes } from '../support/download';
import { startApiTestApp, TestClock, type ApiTestApp, AGENCY_STAFF } from '../support/api-test-app';

/**
 * Files (issue 24) through HTTP against real PostgreSQL and a real directory: an agency uploads its
 * step result's document, attaches it by id when it completes the step, and whoever may follow the
 * dossier downloads the same bytes; what is refused (size, type, content, a virus, another agency's
 * file, a stranger) leaves nothing behind.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const STRANGER = '000.00.73.H29';
const HOUR = 3_600_000;

/** A small but real PDF (what the signature check looks at is its first bytes). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const NAME = 'Trích lục khai sinh số 123.pdf';
const disposition = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('files: upload, attach to a step result, download', () => {
  let t: ApiTestApp;
  let code: string;
  let filesDir: string;
  const scanner = path.join(tmpdir(), `lt-scan-${process.pid}.sh`);
  const clock = new TestClock(Date.parse('2026-03-09T08:00:00+07:00')); // Monday
  const as = (who: string) => t.as(AGENCY_STAFF, who, `officer@${who}`);
  const act = (p: string, body: object = {}, who = DESK) => as(who).post(`/dossiers/${code}${p}`).send(body);
  const upload = (body: Buffer, type: string, who = DESK, name = NAME) =>
    as(who).post('/files').set('Content-Type', type).set('Content-Disposition', disposition(name)).send(body);
  const kept = () => ({
    files: readdirSync(filesDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name),
  });
  const rows = async () =>
    Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM files')).rows[0]!.n);

  beforeAll(async () => {
    filesDir = mkdtempSync(path.join(tmpdir(), 'lt-files-'));
    // A stand-in for clamdscan: exit 1 ("infected") for a file holding the EICAR marker, 2 when told to fail.
    writeFileSync(
      scanner,
      '#!/bin/sh\nif grep -q BROKEN-SCANNER "$1"; then echo "scanner down" >&2; exit 2; fi\n' +
        'if grep -q EICAR "$1"; then echo "$1: Eicar-Test-Signature FOUND"; exit 1; fi\nexit 0\n',
    );
    chmodSync(scanner, 0o755);
    process.env.LIEN_THONG_FILES_DIR = filesDir;
    process.env.LIEN_THONG_FILE_MAX_BYTES = '4096';
    process.env.LIEN_THONG_FILE_SCAN_COMMAND = scanner;
    t = await startApiTestApp('e2e_files', { overrides: { seed: 'sample' }, clock, projections: true });
    const received = await t
      .as('reception-officer', DESK, 'can-bo-tiep-nhan-3')
      .post('/dossiers')
      .send({
        procedureCode: '1.001193',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners: { 'register-residence': POLICE },
        applicant: {
          fullName: 'Lê Thị Hoa',
          address: '8 Hàm Nghi, phường Sài Gòn, Thành phố Hồ Chí Minh',
          idNumber: '079190007777',
        },
        documents: [
          { code: 'to-khai-lien-thong', copies: 1, original: true },
          { code: 'giay-chung-sinh', copies: 1, original: true },
        ],
      })
      .expect(201);
    code = received.body.dossierCode as string;
    clock.advance(HOUR);
    await act('/transfer', { toAgencyCode: DESK }).expect(200);
    await act('/steps/register-birth/handoff', { fromAgencyCode: DESK, toAgencyCode: DESK }).expect(200);
    await act('/steps/register-birth/receive', { agencyCode: DESK }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    for (const name of ['LIEN_THONG_FILES_DIR', 'LIEN_THONG_FILE_MAX_BYTES', 'LIEN_THONG_FILE_SCAN_COMMAND'])
      delete process.env[name];
    rmSync(filesDir, { recursive: true, force: true });
    rmSync(scanner, { force: true });
  });

  it('refuses what it must not keep, each with its status and code, and keeps nothing of it', async () => {
    const before = await rows();
    const cases: [string, Promise<{ status: number; body: { code?: string } }>, number, string][] = [
      ['a type not accepted', upload(Buffer.from('hello'), 'text/plain'), 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['a PNG declared as a PDF', upload(PNG, 'application/pdf'), 415, 'FILE_CONTENT_MISMATCH'],
      [
        'over the limit',
        upload(Buffer.concat([PDF, Buffer.alloc(5000, 0x20)]), 'application/pdf'),
        413,
        'FILE_TOO_LARGE',
      ],
      ['empty', upload(Buffer.alloc(0), 'application/pdf'), 400, 'FILE_EMPTY'],
      [
        'without a name',
        as(DESK).post('/files').set('Content-Type', 'application/pdf').send(PDF),
        400,
        'FILE_NAME_INVALID',
      ],
      [
        'a virus',
        upload(Buffer.concat([PDF, Buffer.from('EICAR')]), 'application/pdf'),
        422,
        'FILE_INFECTED',
      ],
      [
        'the scanner not answering',
        upload(Buffer.concat([PDF, Buffer.from('BROKEN-SCANNER')]), 'application/pdf'),
        503,
        'FILE_SCAN_UNAVAILABLE',
      ],
      [
        'a caller of no agency',
        t
          .as('administrator', null, 'quan-tri')
          .post('/files')
          .set('Content-Type', 'application/pdf')
          .set('Content-Disposition', disposition(NAME))
          .send(PDF),
        403,
        'FILE_UPLOADER_UNKNOWN',
      ],
    ];
    const wrong: string[] = [];
    for (const [what, pending, status, errorCode] of cases) {
      const res = await pending;
      if (res.status !== status || res.body.code !== errorCode)
        wrong.push(`${what}: ${res.status} ${res.body.code ?? ''} (expected ${status} ${errorCode})`);
    }
    expect(wrong).toEqual([]);
    expect(await rows()).toBe(before);
    expect(kept().files).toEqual([]);
  });

  it('refuses a body over the limit while it streams (no Content-Length), keeping nothing', async () => {
    const { request } = await import('node:http');
    const server = t.app.getHttpServer() as import('node:http').Server;
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/files',
          headers: {
            authorization: `Bearer ${t.token(AGENCY_STAFF, DESK, 'officer-stream')}`,
            'content-type': 'application/pdf',
            'content-disposition': disposition('lớn.pdf'),
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write(PDF);
      // Chunks up to four times the limit; the server stops reading past the limit.
      for (let i = 0; i < 16; i += 1) req.write(Buffer.alloc(1024, 0x20));
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(kept().files).toEqual([]);
  });

  it("attaches an agency's own upload to its step result, and serves it to those who follow the dossier", async () => {
    const up = await upload(PDF, 'application/pdf').expect(201);
    expect(up.body).toMatchObject({
      name: NAME,
      mediaType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: sha256(PDF),
      scan: 'clean',
    });
    const id = up.body.id as string;

    // Not the police's file to attach; an unknown id; a stated hash that is not the file's.
    const policeFile = (await upload(PDF, 'application/pdf', POLICE).expect(201)).body.id as string;
    const refused = [
      [
        await act('/steps/register-birth/complete', {
          agencyCode: DESK,
          resultSummary: 'x',
          attachments: [{ id: policeFile }],
        }),
        403,
        'FILE_NOT_YOURS',
      ],
      [
        await act('/steps/register-birth/complete', {
          agencyCode: DESK,
          resultSummary: 'x',
          attachments: [{ id: '00000000-0000-4000-8000-000000000000' }],
        }),
        422,
        'FILE_UNKNOWN',
      ],
      [
        await act('/steps/register-birth/complete', {
          agencyCode: DESK,
          resultSummary: 'x',
          attachments: [{ id, sha256: '0'.repeat(64) }],
        }),
        422,
        'FILE_METADATA_MISMATCH',
      ],
    ] as const;
    for (const [res, status, errorCode] of refused) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code: errorCode });
    }

    clock.advance(HOUR);
    const done = await act('/steps/register-birth/complete', {
      agencyCode: DESK,
      resultSummary: 'Đã đăng ký khai sinh, số 123/2026',
      attachments: [{ id, name: 'Trích lục khai sinh.pdf' }],
    }).expect(200);
    expect(done.body.recorded).toEqual(['StepCompleted']);
    const events = await t.db.pool.query<{ data: { attachments: unknown[] } }>(
      `SELECT data FROM events WHERE stream_name = $1 AND type = 'StepCompleted'`,
      [`dossier-${code}`],
    );
    expect(events.rows[0]!.data.attachments).toEqual([
      {
        id,
        name: 'Trích lục khai sinh.pdf',
        mediaType: 'application/pdf',
        sizeBytes: PDF.length,
        sha256: sha256(PDF),
      },
    ]);

    // The police, handed the next step, follow the dossier: they download the same bytes.
    await act('/steps/register-residence/handoff', { fromAgencyCode: DESK, toAgencyCode: POLICE }).expect(
      200,
    );
    const got = await asBytes(as(POLICE).get(`/dossiers/${code}/files/${id}`)).expect(200);
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Trích lục khai sinh.pdf')}`,
    );
    expect(got.headers.etag).toBe(`"sha256-${sha256(PDF)}"`);

    const listed = await as(POLICE).get(`/dossiers/${code}/files`).expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id,
        name: 'Trích lục khai sinh.pdf',
        stepId: 'register-birth',
        agencyCode: DESK,
      }),
    ]);
    // Another ward has no part in it: 403, whatever the id. A file not named by this dossier: 404.
    const stranger = await as(STRANGER).get(`/dossiers/${code}/files/${id}`);
    expect({ status: stranger.status, code: stranger.body.code }).toEqual({
      status: 403,
      code: 'AGENCY_MISMATCH',
    });
    const notHis = await as(POLICE).get(`/dossiers/${code}/files/${policeFile}`);
    expect({ status: notHis.status, code: notHis.body.code }).toEqual({
      status: 404,
      code: 'FILE_NOT_FOUND',
    });
  });

  it('keeps the scans the desk hands in with the documents, and serves them to those who follow the dossier', async () => {
    const desk = t.as('reception-officer', DESK, 'can-bo-tiep-nhan-3');
    const scan = (await upload(PDF, 'application/pdf', DESK, 'Giấy chứng sinh (bản scan).pdf').expect(201))
      .body.id as string;
    const policeFile = (await upload(PDF, 'application/pdf', POLICE).expect(201)).body.id as string;
    const intake = (files: object[]) => ({
      procedureCode: '1.001193',
      channel: 'counter',
      receivingUnitCode: DESK,
      applicantCommuneCode: DESK,
      stepOwners: { 'register-residence': POLICE },
      applicant: { fullName: 'Trần Văn Bình', address: '1 Lê Lợi, phường Sài Gòn', idNumber: '079190008888' },
      documents: [
        { code: 'to-khai-lien-thong', copies: 1, original: true },
        { code: 'giay-chung-sinh', copies: 1, original: true, files },
      ],
    });
    const dossiers = async () =>
      Number(
        (
          await t.db.pool.query<{ n: string }>(
            "SELECT count(*) AS n FROM events WHERE type = 'DossierReceived'",
          )
        ).rows[0]!.n,
      );
    const before = await dossiers();
    // Another agency's upload, an unknown id: refused at the document's path, no dossier received.
    const notYours = await desk.post('/dossiers').send(intake([{ id: policeFile }]));
    expect({ status: notYours.status, code: notYours.body.code }).toEqual({
      status: 403,
      code: 'FILE_NOT_YOURS',
    });
    const unknown = await desk
      .post('/dossiers')
      .send(intake([{ id: '00000000-0000-4000-8000-000000000001' }]));
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({
      status: 422,
      code: 'FILE_UNKNOWN',
    });
    expect(unknown.body.problems).toEqual([
      expect.objectContaining({ path: 'documents[1].files[0].id', code: 'UNKNOWN' }),
    ]);
    const tooMany = await desk
      .post('/dossiers')
      .send(intake(Array.from({ length: 11 }, () => ({ id: scan }))));
    expect(tooMany.status).toBe(400);
    expect(await dossiers()).toBe(before);

    const received = await desk
      .post('/dossiers')
      .send(intake([{ id: scan }]))
      .expect(201);
    const scanned = received.body.dossierCode as string;
    const recorded = await t.db.pool.query<{ data: { documents: { code: string; files?: unknown[] }[] } }>(
      `SELECT data FROM events WHERE stream_name = $1 AND type = 'DossierReceived'`,
      [`dossier-${scanned}`],
    );
    expect(recorded.rows[0]!.data.documents[1]!.files).toEqual([
      {
        id: scan,
        name: 'Giấy chứng sinh (bản scan).pdf',
        mediaType: 'application/pdf',
        sizeBytes: PDF.length,
        sha256: sha256(PDF),
      },
    ]);
    expect(recorded.rows[0]!.data.documents[0]!.files).toBeUndefined();
    // Marked attached: the janitor of uploads never attached leaves it alone.
    const marked = await t.db.pool.query<{ attached: boolean }>(
      'SELECT attached_at IS NOT NULL AS attached FROM files WHERE id = $1',
      [scan],
    );
    expect(marked.rows[0]!.attached).toBe(true);
    const listed = await desk.get(`/dossiers/${scanned}/files`).expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: scan,
        stepId: null,
        documentCode: 'giay-chung-sinh',
        agencyCode: DESK,
      }),
    ]);
    const got = await asBytes(desk.get(`/dossiers/${scanned}/files/${scan}`)).expect(200);
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    const stranger = await as(STRANGER).get(`/dossiers/${scanned}/files/${scan}`);
    expect(stranger.status).toBe(403);
  });
});

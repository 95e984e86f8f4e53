import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startFakeS3, type FakeS3 } from '@lien-thong/files/testing';
import { asBytes } from '../support/download';
import { startApiTestApp, TestClock, type ApiTestApp } from '../support/api-test-app';

/**
 * The API with its files in an S3-compatible store (LIEN_THONG_FILE_STORE=s3, issue 24), against gofakes3
 * on loopback: the desk uploads a scan, receives a dossier with it, and downloads the same bytes; the
 * object is in the bucket under the prefix, and nothing stays on local disk but the empty staging area.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const PDF = Buffer.from('%PDF-1.4\n% Giấy chứng sinh (bản scan)\n%%EOF\n', 'utf8');
const SETTINGS = [
  'LIEN_THONG_FILES_DIR',
  'LIEN_THONG_FILE_STORE',
  'LIEN_THONG_S3_BUCKET',
  'LIEN_THONG_S3_PREFIX',
  'LIEN_THONG_S3_ENDPOINT',
  'LIEN_THONG_S3_ACCESS_KEY_ID',
  'LIEN_THONG_S3_SECRET_ACCESS_KEY',
] as const;

describe('files in an S3-compatible store', () => {
  let s3: FakeS3;
  let t: ApiTestApp;
  let filesDir: string;
  const clock = new TestClock(Date.parse('2026-03-09T08:00:00+07:00')); // Monday

  beforeAll(async () => {
    s3 = await startFakeS3();
    filesDir = mkdtempSync(path.join(tmpdir(), 'lt-s3-staging-'));
    Object.assign(process.env, {
      LIEN_THONG_FILES_DIR: filesDir,
      LIEN_THONG_FILE_STORE: 's3',
      LIEN_THONG_S3_BUCKET: 'lien-thong',
      LIEN_THONG_S3_PREFIX: 'files/',
      LIEN_THONG_S3_ENDPOINT: s3.endpoint,
      LIEN_THONG_S3_ACCESS_KEY_ID: s3.accessKeyId,
      LIEN_THONG_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    t = await startApiTestApp('e2e_files_s3', { overrides: { seed: 'sample' }, clock });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await s3?.stop();
    for (const name of SETTINGS) delete process.env[name];
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  it('keeps an upload in the bucket, names it in the dossier and serves the same bytes', async () => {
    const desk = t.as('reception-officer', DESK, 'can-bo-tiep-nhan-5');
    const up = await desk
      .post('/files')
      .set('Content-Type', 'application/pdf')
      .set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('Giấy chứng sinh.pdf')}`)
      .send(PDF)
      .expect(201);
    const id = up.body.id as string;
    expect(up.body.sha256).toBe(createHash('sha256').update(PDF).digest('hex'));

    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: 'lien-thong', Key: `files/${id}` }));
      expect(head.ContentLength).toBe(PDF.length);
    } finally {
      client.destroy();
    }
    // Nothing on local disk: the staged copy went to the bucket.
    const local = readdirSync(filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(local).toEqual([]);

    const received = await desk
      .post('/dossiers')
      .send({
        procedureCode: '1.001193',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners: { 'register-residence': POLICE },
        applicant: {
          fullName: 'Đặng Thu Hà',
          address: '3 Nguyễn Huệ, phường Sài Gòn',
          idNumber: '079190006666',
        },
        documents: [
          { code: 'to-khai-lien-thong', copies: 1, original: true },
          { code: 'giay-chung-sinh', copies: 1, original: true, files: [{ id }] },
        ],
      })
      .expect(201);
    const got = await asBytes(
      desk.get(`/dossiers/${received.body.dossierCode as string}/files/${id}`),
    ).expect(200);
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    expect(got.headers['content-type']).toBe('application/pdf');
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runMigrations } from '@lien-thong/postgres';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { resolveAttachments } from './attachments';
import { FileJanitor } from './file-janitor';
import { FILE_RECORDS_MIGRATIONS_COMPONENT, FileRecords, fileRecordsMigrations } from './file-records';
import { LocalDiskFileStore } from './file-store';

const DAY = 86_400_000;
const AGENCY = '000.00.72.H29';

/**
 * The janitor of uploads never attached (issue 24), against PostgreSQL and a file store on disk: what it
 * removes (record and bytes), what it keeps, two janitors at once, and an attachment racing it.
 */
describe('removing uploads never attached', () => {
  let db: TestSchema;
  let root: string;
  let store: LocalDiskFileStore;
  let records: FileRecords;
  const janitor = (daysLater: number) =>
    new FileJanitor(
      records,
      store,
      { now: () => new Date(Date.now() + daysLater * DAY) },
      { retentionMs: 7 * DAY, intervalMs: 3_600_000, log: () => undefined },
    );

  async function upload(): Promise<string> {
    const id = randomUUID();
    const bytes = Buffer.from(`%PDF-1.7 ${id}`);
    const staged = await store.staging().receive(Readable.from([bytes]), 1_000);
    await store.put(id, staged);
    await records.insert({
      id,
      name: 'ket-qua.pdf',
      mediaType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      ownerAgency: AGENCY,
      uploadedBy: 'can-bo-1',
      scan: 'not-scanned',
    });
    return id;
  }
  const kept = async (id: string) => ({
    record: (await records.find([id])).has(id),
    bytes: existsSync(join(root, id.slice(0, 2), id)),
  });

  beforeAll(async () => {
    db = await createTestSchema('file_janitor');
    await runMigrations(db.pool, FILE_RECORDS_MIGRATIONS_COMPONENT, fileRecordsMigrations);
    root = await mkdtemp(join(tmpdir(), 'lien-thong-files-'));
    store = new LocalDiskFileStore(root);
    records = new FileRecords(db.pool);
  });
  afterAll(async () => {
    await db?.drop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('removes an upload past its retention never attached, record then bytes; keeps the others', async () => {
    const forgotten = await upload();
    const attached = await upload();
    await resolveAttachments(records, [{ id: attached }], AGENCY);
    // Six days on: within the retention, nothing goes.
    expect(await janitor(6).sweep()).toBe(0);
    expect(await kept(forgotten)).toEqual({ record: true, bytes: true });
    // Eight days on: the one never attached goes, the attached one stays.
    expect(await janitor(8).sweep()).toBe(1);
    expect(await kept(forgotten)).toEqual({ record: false, bytes: false });
    expect(await kept(attached)).toEqual({ record: true, bytes: true });
    // Attaching it afterwards is refused: upload it again.
    await expect(resolveAttachments(records, [{ id: forgotten }], AGENCY)).rejects.toMatchObject({
      code: 'FILE_UNKNOWN',
    });
  });

  it('refuses an attachment whose file the janitor removed between the check and the mark', async () => {
    const id = await upload();
    // The janitor's delete lands after the attachment's check read the record.
    const racing = Object.create(records) as FileRecords;
    racing.markAttached = async (ids) => {
      await janitor(8).sweep();
      return records.markAttached(ids);
    };
    await expect(resolveAttachments(racing, [{ id }], AGENCY)).rejects.toMatchObject({
      code: 'FILE_UNKNOWN',
      message: expect.stringContaining('was removed') as unknown,
    });
    expect(await kept(id)).toEqual({ record: false, bytes: false });
  });

  it('shares the work between two janitors: each file removed once', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, () => upload()));
    const [a, b] = await Promise.all([janitor(8).sweep(), janitor(8).sweep()]);
    expect(a + b).toBe(30);
    for (const id of ids) expect(await kept(id)).toEqual({ record: false, bytes: false });
  });

  it('takes the files kept before it existed as attached', async () => {
    const old = await createTestSchema('file_janitor_upgrade');
    try {
      await runMigrations(old.pool, FILE_RECORDS_MIGRATIONS_COMPONENT, fileRecordsMigrations.slice(0, 1));
      await old.pool.query(
        `INSERT INTO files (id, name, media_type, size_bytes, sha256, owner_agency, uploaded_by, uploaded_at, scan)
         VALUES ($1, 'a.pdf', 'application/pdf', 1, repeat('0', 64), $2, 'x', now() - interval '30 days', 'clean')`,
        [randomUUID(), AGENCY],
      );
      await runMigrations(old.pool, FILE_RECORDS_MIGRATIONS_COMPONENT, fileRecordsMigrations);
      expect(await new FileRecords(old.pool).deleteUnattached(new Date(), 10)).toEqual([]);
    } finally {
      await old.drop();
    }
  });
});

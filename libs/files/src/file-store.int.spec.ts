import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FileStaging, LocalDiskFileStore, type FileStore } from './file-store';
import { S3FileStore } from './s3-file-store';
import { startFakeS3, type FakeS3 } from './testing';

async function bytesOf(stream: Readable | undefined): Promise<Buffer | undefined> {
  if (!stream) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The file store port's contract (issue 24), run against each adapter: local disk, and an S3-compatible
 * object store (gofakes3, built from Go modules and started on loopback; this fails, never skips, when it
 * cannot be had).
 */
function describeFileStoreContract(
  name: string,
  setup: () => Promise<{ store: FileStore; staging: FileStaging; done: () => Promise<void> }>,
): void {
  describe(`file store contract: ${name}`, () => {
    let store: FileStore;
    let staging: FileStaging;
    let done: () => Promise<void>;
    const stage = (bytes: Buffer) => staging.receive(Readable.from([bytes]), 1_000_000);

    beforeAll(async () => {
      ({ store, staging, done } = await setup());
    }, 300_000);
    afterAll(async () => {
      await done?.();
    });

    it('keeps a staged file under its id and gives the same bytes back; the staged copy is gone', async () => {
      const id = randomUUID();
      const bytes = Buffer.from(`%PDF-1.7 Trích lục ${id}`);
      const staged = await stage(bytes);
      await store.put(id, staged);
      expect(existsSync(staged.path)).toBe(false);
      expect(await bytesOf(await store.open(id))).toEqual(bytes);
    });

    it('has nothing under an id it never kept, nor under one removed; removing twice is no error', async () => {
      expect(await store.open(randomUUID())).toBeUndefined();
      const id = randomUUID();
      await store.put(id, await stage(Buffer.from('%PDF-1.7 x')));
      await store.remove(id);
      expect(await store.open(id)).toBeUndefined();
      await expect(store.remove(id)).resolves.toBeUndefined();
    });

    it('refuses what is not a file id', async () => {
      await expect(store.open('../etc/passwd')).rejects.toThrow('not a file id');
    });
  });
}

describeFileStoreContract('local disk', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lien-thong-store-'));
  const store = new LocalDiskFileStore(root);
  return { store, staging: store.staging(), done: () => rm(root, { recursive: true, force: true }) };
});

let s3: FakeS3 | undefined;
const BUCKET = 'lien-thong-files';
describeFileStoreContract('S3-compatible (gofakes3)', async () => {
  s3 = await startFakeS3();
  const staged = await mkdtemp(join(tmpdir(), 'lien-thong-staging-'));
  const store = new S3FileStore({
    bucket: BUCKET,
    prefix: 'tep/',
    endpoint: s3.endpoint,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });
  return {
    store,
    staging: new FileStaging(staged),
    done: async () => {
      store.close();
      await s3?.stop();
      await rm(staged, { recursive: true, force: true });
    },
  };
});

describe('the S3 store specifically', () => {
  let fake: FakeS3;
  let store: S3FileStore;
  let staging: FileStaging;
  let staged: string;
  beforeAll(async () => {
    fake = await startFakeS3();
    staged = await mkdtemp(join(tmpdir(), 'lien-thong-staging-'));
    staging = new FileStaging(staged);
    store = new S3FileStore({
      bucket: BUCKET,
      prefix: 'tep/',
      endpoint: fake.endpoint,
      accessKeyId: fake.accessKeyId,
      secretAccessKey: fake.secretAccessKey,
    });
  }, 300_000);
  afterAll(async () => {
    store?.close();
    await fake?.stop();
    if (staged) await rm(staged, { recursive: true, force: true });
  });

  it('puts the object under the prefix and the id', async () => {
    const id = randomUUID();
    const bytes = Buffer.from('%PDF-1.7 Giấy chứng sinh');
    await store.put(id, await staging.receive(Readable.from([bytes]), 1_000));
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: fake.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: fake.accessKeyId, secretAccessKey: fake.secretAccessKey },
    });
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `tep/${id}` }));
      const body = Buffer.from(await object.Body!.transformToByteArray());
      expect(body).toEqual(bytes);
    } finally {
      client.destroy();
    }
  });
});

import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { FileStore, StagedFile } from './file-store';

/** Where an S3-compatible store is and how to sign for it (LIEN_THONG_S3_* settings). */
export interface S3FileStoreOptions {
  readonly bucket: string;
  /** Key prefix, e.g. `lien-thong/files/` (default none). */
  readonly prefix?: string;
  /** An S3-compatible endpoint (MinIO, Ceph, a cloud's object storage); AWS when unset. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Static keys; unset: the AWS SDK's default chain (environment, instance role). */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need. */
  readonly forcePathStyle?: boolean;
}

/**
 * Files in an S3-compatible object store (issue 24), for API processes on several machines: the upload is
 * received, checked and scanned on local disk (staging, as before), then put under `<prefix><id>` and the
 * staged copy removed. A PUT that S3 answered is durable; the record in PostgreSQL is written after it,
 * so a crash in between leaves an object no record names (the janitor of uploads never attached does not
 * see it; nothing serves it). The sha256 computed while receiving goes with the PUT
 * (x-amz-checksum-sha256), which S3 and the stores that support checksums verify; gofakes3, which the
 * tests run against, does not, so the tests do not show that check.
 */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(private readonly options: S3FileStoreOptions) {
    this.client = new S3Client({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
    });
  }

  async put(id: string, staged: StagedFile): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.keyOf(id),
        Body: createReadStream(staged.path),
        ContentLength: staged.sizeBytes,
        ChecksumSHA256: Buffer.from(staged.sha256, 'hex').toString('base64'),
      }),
    );
    await rm(staged.path, { force: true });
  }

  async open(id: string): Promise<Readable | undefined> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(id) }),
      );
      return answer.Body as Readable | undefined;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(id) }));
  }

  close(): void {
    this.client.destroy();
  }

  /** Nest's shutdown: the client's sockets closed with the app. */
  onModuleDestroy(): void {
    this.close();
  }

  private keyOf(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not a file id: ${id}`);
    return `${this.options.prefix ?? ''}${id}`;
  }
}

import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { SIGNATURE_BYTES } from './file-policy';

/**
 * Where the bytes of accepted files live (issue 24). Events never carry a file: they carry its id and
 * sha256 (AttachmentMetadata). The default keeps them on local disk; an S3-compatible store is an
 * adapter of this port.
 */
export interface FileStore {
  /** Keeps the staged file under `id`, durably (it survives a crash once this resolves). */
  put(id: string, staged: StagedFile): Promise<void>;
  /** The file's bytes; undefined when there is no file under `id`. */
  open(id: string): Promise<Readable | undefined>;
  remove(id: string): Promise<void>;
}

export const FILE_STORE = Symbol.for('lien-thong.FileStore');

/** A file received and checked, not kept yet: on local disk, whatever the store. */
export interface StagedFile {
  readonly path: string;
  readonly sizeBytes: number;
  /** Lowercase hexadecimal. */
  readonly sha256: string;
  /** The first bytes, for the signature check. */
  readonly head: Buffer;
}

/** The body went past the limit: reading stopped there, and nothing was kept. */
export class FileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
  }
}

/** The body stopped before its end (the client went away): nothing was kept. */
export class UploadInterrupted extends Error {
  constructor(cause: unknown) {
    super(`the upload was interrupted: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Receives bodies into a staging directory, hashing and counting as they arrive, and stops reading at
 * `maxBytes` + 1 (so an endless body costs no more than the limit).
 */
export class FileStaging {
  constructor(private readonly directory: string) {}

  async receive(source: Readable, maxBytes: number): Promise<StagedFile> {
    // Listened to before anything is awaited: an error of the source with no listener would be thrown.
    const failed = new Promise<never>((_, reject) =>
      source.once('error', (error) => reject(new UploadInterrupted(error))),
    );
    failed.catch(() => undefined);
    await mkdir(this.directory, { recursive: true });
    const path = join(this.directory, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new FileTooLarge(maxBytes));
        hash.update(chunk);
        if (headBytes < SIGNATURE_BYTES) {
          head.push(chunk.subarray(0, SIGNATURE_BYTES - headBytes));
          headBytes += Math.min(chunk.length, SIGNATURE_BYTES - headBytes);
        }
        done(null, chunk);
      },
    });
    // The source is piped by hand, not given to `pipeline`: a refusal must not destroy it (for a
    // request, that would take the socket, and the answer, with it). It is left unread.
    source.pipe(meter);
    const sink = createWriteStream(path, { flags: 'wx' });
    try {
      await Promise.race([pipeline(meter, sink), failed]);
    } catch (error) {
      source.unpipe(meter);
      meter.destroy();
      // The file may still be opening (the source failed first): removed only once the stream is
      // closed, or the open would create it again after the removal and leave it behind.
      sink.destroy();
      if (!sink.closed) await once(sink, 'close').catch(() => undefined);
      await rm(path, { force: true });
      throw error;
    }
    return { path, sizeBytes: size, sha256: hash.digest('hex'), head: Buffer.concat(head) };
  }

  async discard(staged: StagedFile): Promise<void> {
    await rm(staged.path, { force: true });
  }
}

/**
 * Files on local disk, `<root>/<first two characters of the id>/<id>`: the staged file is flushed to
 * disk, renamed into place (atomic on one file system: staging is `<root>/.staging`) and the directory
 * flushed too, so a kept file survives a crash.
 */
export class LocalDiskFileStore implements FileStore {
  constructor(readonly root: string) {}

  /** The staging directory on the same file system, so `put` is a rename. */
  staging(): FileStaging {
    return new FileStaging(join(this.root, '.staging'));
  }

  async put(id: string, staged: StagedFile): Promise<void> {
    const target = this.pathOf(id);
    await mkdir(dirname(target), { recursive: true });
    await fsync(staged.path);
    await rename(staged.path, target);
    await fsync(dirname(target));
  }

  async open(id: string): Promise<Readable | undefined> {
    try {
      return (await open(this.pathOf(id), 'r')).createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }

  private pathOf(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not a file id: ${id}`);
    return join(this.root, id.slice(0, 2), id);
  }
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

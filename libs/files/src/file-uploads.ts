import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { AttachmentMetadata } from '@lien-thong/dossier-model';
import { fileError } from './file-errors';
import { normaliseMediaType, startsAsDeclared, type FilePolicy } from './file-policy';
import type { FileRecord, FileRecords } from './file-records';
import type { FileScanner } from './file-scanner';
import {
  FileTooLarge,
  UploadInterrupted,
  type FileStaging,
  type FileStore,
  type StagedFile,
} from './file-store';

/** Who uploads: the agency (or unit) they act for owns the file. */
export interface Uploader {
  readonly personId: string;
  readonly agencyCode: string | null;
}

export interface UploadRequest {
  readonly body: Readable;
  /** The Content-Type header. */
  readonly contentType: string | undefined;
  /** The Content-Length header, when given. */
  readonly contentLength: string | undefined;
  /** The Content-Disposition header (`attachment; filename*=UTF-8''…`). */
  readonly contentDisposition: string | undefined;
}

/** What an upload answers, and what a step result's `attachments` refers to. */
export type UploadedFile = AttachmentMetadata & Pick<FileRecord, 'scan' | 'uploadedAt'>;

/**
 * Receives one file (issue 24): refuses a type not on the list (415) or a declared size over the limit
 * (413) before reading anything; reads at most the limit (413 beyond, nothing kept); checks the content
 * starts as its declared type does (415); runs the virus-scan hook (422 infected, 503 no answer); then
 * keeps the file durably and records it. Whatever is refused leaves nothing behind.
 */
export class FileUploads {
  constructor(
    private readonly policy: FilePolicy,
    private readonly staging: FileStaging,
    private readonly store: FileStore,
    private readonly records: FileRecords,
    private readonly scanner: FileScanner,
  ) {}

  /**
   * `options.id`: the id to keep the file under, for a caller that must find the same file again when it
   * retries (a document fetched from the national portal: an id derived from the portal's). Default: a
   * new one.
   */
  async upload(
    request: UploadRequest,
    uploader: Uploader,
    options: { id?: string } = {},
  ): Promise<UploadedFile> {
    if (uploader.agencyCode === null)
      throw fileError(
        'FILE_UPLOADER_UNKNOWN',
        'Only staff or clients acting for an agency or unit upload files (the file belongs to it)',
        'Chỉ cán bộ hoặc hệ thống thuộc một cơ quan, đơn vị mới được tải tệp lên',
      );
    const mediaType = normaliseMediaType(request.contentType);
    if (!this.policy.mediaTypes.includes(mediaType))
      throw fileError(
        'FILE_TYPE_NOT_ALLOWED',
        `Files of type "${mediaType || 'none'}" are not accepted; send the Content-Type of one of: ${this.policy.mediaTypes.join(', ')}`,
        `Không nhận tệp loại "${mediaType || 'không rõ'}"; chỉ nhận: ${this.policy.mediaTypes.join(', ')}`,
      );
    const name = fileNameOf(request.contentDisposition);
    const declared = request.contentLength === undefined ? undefined : Number(request.contentLength);
    if (declared !== undefined && declared > this.policy.maxBytes) throw this.tooLarge();
    let staged: StagedFile;
    try {
      staged = await this.staging.receive(request.body, this.policy.maxBytes);
    } catch (error) {
      if (error instanceof FileTooLarge) throw this.tooLarge();
      if (error instanceof UploadInterrupted)
        throw fileError(
          'FILE_UPLOAD_INTERRUPTED',
          'The upload stopped before the end of the file; nothing was kept: send it again',
          'Việc tải tệp bị gián đoạn; chưa có gì được lưu, vui lòng gửi lại',
        );
      throw error;
    }
    try {
      if (staged.sizeBytes === 0) throw fileError('FILE_EMPTY', 'The file is empty', 'Tệp không có nội dung');
      if (!startsAsDeclared(mediaType, staged.head))
        throw fileError(
          'FILE_CONTENT_MISMATCH',
          `The content is not a file of type ${mediaType} (its first bytes do not match): send the type it really is`,
          `Nội dung tệp không đúng loại ${mediaType} đã khai báo`,
        );
      const verdict = await this.scanner.scan(staged.path).catch((error: unknown) => {
        throw fileError(
          'FILE_SCAN_UNAVAILABLE',
          `The virus scan could not be run, so the file was not kept; try again later (${error instanceof Error ? error.message : String(error)})`,
          'Chưa quét được vi-rút nên tệp chưa được nhận; vui lòng thử lại sau',
        );
      });
      if (verdict.outcome === 'infected')
        throw fileError(
          'FILE_INFECTED',
          `The virus scan found something in the file, so it was not kept: ${verdict.detail}`,
          `Tệp có dấu hiệu nhiễm mã độc nên không được nhận: ${verdict.detail}`,
        );
      const id = options.id ?? randomUUID();
      await this.store.put(id, staged);
      try {
        const record = await this.records.insert({
          id,
          name,
          mediaType,
          sizeBytes: staged.sizeBytes,
          sha256: staged.sha256,
          ownerAgency: uploader.agencyCode,
          uploadedBy: uploader.personId,
          scan: verdict.outcome,
        });
        return {
          id,
          name,
          mediaType,
          sizeBytes: record.sizeBytes,
          sha256: record.sha256,
          scan: record.scan,
          uploadedAt: record.uploadedAt,
        };
      } catch (error) {
        // A given id recorded meanwhile by another try of the same caller: its bytes are these (the same
        // source), so they stay, and the file is the one recorded.
        if (options.id !== undefined && (error as { code?: string }).code === '23505') {
          const recorded = (await this.records.find([id])).get(id);
          if (recorded && recorded.sha256 === staged.sha256)
            return {
              id,
              name: recorded.name,
              mediaType: recorded.mediaType,
              sizeBytes: recorded.sizeBytes,
              sha256: recorded.sha256,
              scan: recorded.scan,
              uploadedAt: recorded.uploadedAt,
            };
        }
        await this.store.remove(id).catch(() => undefined);
        throw error;
      }
    } finally {
      await this.staging.discard(staged);
    }
  }

  private tooLarge(): Error {
    const mib = (this.policy.maxBytes / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 });
    return fileError(
      'FILE_TOO_LARGE',
      `The file is larger than the limit of ${this.policy.maxBytes} bytes (${mib} MiB); nothing was kept`,
      `Tệp vượt quá dung lượng cho phép (${mib} MiB); chưa có gì được lưu`,
    );
  }
}

/**
 * The file's name from `Content-Disposition`: `filename*=UTF-8''<percent-encoded>` (RFC 6266 / 8187,
 * for Vietnamese names) or `filename="…"`. Required; at most 200 characters, no path, no control
 * characters.
 */
export function fileNameOf(disposition: string | undefined): string {
  const refuse = (why: string) =>
    fileError(
      'FILE_NAME_INVALID',
      `Give the file's name in Content-Disposition (attachment; filename*=UTF-8''<name, percent-encoded>): ${why}`,
      `Cần gửi tên tệp trong Content-Disposition: ${why}`,
    );
  if (!disposition) throw refuse('the header is missing');
  let name: string | undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended) {
    try {
      name = decodeURIComponent(extended[1]!.trim());
    } catch {
      throw refuse('filename* is not valid percent-encoded UTF-8');
    }
  } else {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(disposition);
    name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]) : undefined;
  }
  name = name?.normalize('NFC').trim();
  if (!name) throw refuse('no filename in it');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\]/.test(name)) throw refuse('the name has a path or control characters');
  if (name.length > 200) throw refuse('the name is longer than 200 characters');
  return name;
}

/**
 * An upload endpoint's body: the request itself is the file (its headers say its type, length and name).
 * A refusal before the whole body was read (its type, its size) leaves the rest unread: the connection
 * closes once the answer is sent.
 */
export async function uploadFromRequest(
  uploads: FileUploads,
  req: IncomingMessage & Readable,
  res: ServerResponse,
  uploader: Uploader,
): Promise<UploadedFile> {
  try {
    return await uploads.upload(
      {
        body: req,
        contentType: req.headers['content-type'],
        contentLength: req.headers['content-length'],
        contentDisposition: req.headers['content-disposition'],
      },
      uploader,
    );
  } catch (error) {
    if (!req.complete) res.setHeader('Connection', 'close');
    throw error;
  }
}

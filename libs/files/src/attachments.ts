import type { AttachmentMetadata } from '@lien-thong/dossier-model';
import { fileError } from './file-errors';
import type { FileRecords } from './file-records';

/** An attachment as a client names it: the uploaded file's id, and optionally what it expects of it. */
export interface AttachmentReference {
  readonly id: string;
  readonly name?: string;
  readonly mediaType?: string;
  readonly sizeBytes?: number;
  readonly sha256?: string;
}

/**
 * The metadata to record for `given` (a step result's attachments), from the uploaded files: each must
 * exist (422 FILE_UNKNOWN) and belong to `agencyCode`, the agency acting (403 FILE_NOT_YOURS), and what
 * the client states of it must be what was uploaded (422 FILE_METADATA_MISMATCH). The name may be
 * given anew (the title under which the step presents the document). The files are then marked
 * attached (FileRecords.markAttached), before the caller appends the event that names them.
 */
export async function resolveAttachments(
  records: FileRecords,
  given: readonly AttachmentReference[],
  agencyCode: string,
  /** Where the list is in the request, for the problems' paths. */
  at = 'attachments',
): Promise<AttachmentMetadata[]> {
  if (given.length === 0) return [];
  const found = await records.find(given.map((a) => a.id));
  const resolved = given.map((a, i) => {
    const record = found.get(a.id);
    const path = `${at}[${i}]`;
    if (!record)
      throw fileError(
        'FILE_UNKNOWN',
        `${path}: no uploaded file has id ${a.id}; upload it first (POST /files) and give the id it answers`,
        `${path}: không có tệp đã tải lên với mã ${a.id}`,
        [{ path: `${path}.id`, code: 'UNKNOWN', message: 'upload the file first (POST /files)' }],
      );
    if (record.ownerAgency !== agencyCode)
      throw fileError(
        'FILE_NOT_YOURS',
        `${path}: file ${a.id} was uploaded for ${record.ownerAgency ?? 'another agency'}, not for ${agencyCode}`,
        `${path}: tệp ${a.id} không do cơ quan của bạn tải lên`,
      );
    const mismatched = (['mediaType', 'sizeBytes', 'sha256'] as const).filter(
      (field) => a[field] !== undefined && a[field] !== record[field],
    );
    if (mismatched.length > 0)
      throw fileError(
        'FILE_METADATA_MISMATCH',
        `${path}: ${mismatched.join(', ')} differ from the uploaded file ${a.id}`,
        `${path}: thông tin tệp không khớp với tệp đã tải lên`,
        mismatched.map((field) => ({
          path: `${path}.${field}`,
          code: 'MISMATCH',
          message: `the uploaded file has ${String(record[field])}`,
        })),
      );
    return {
      id: record.id,
      name: a.name ?? record.name,
      mediaType: record.mediaType,
      sizeBytes: record.sizeBytes,
      sha256: record.sha256,
    };
  });
  // Named by a dossier from now on: the janitor of unattached uploads leaves them alone.
  const marked = await records.markAttached(resolved.map((a) => a.id));
  const removed = resolved.findIndex((a) => !marked.has(a.id));
  if (removed >= 0)
    throw fileError(
      'FILE_UNKNOWN',
      `${at}[${removed}]: file ${resolved[removed]!.id} was removed (uploaded too long ago and never attached); upload it again`,
      `${at}[${removed}]: tệp ${resolved[removed]!.id} đã bị xóa vì tải lên quá lâu mà không được đính kèm; hãy tải lên lại`,
      [
        {
          path: `${at}[${removed}].id`,
          code: 'UNKNOWN',
          message: 'upload the file again (POST /files)',
        },
      ],
    );
  return resolved;
}

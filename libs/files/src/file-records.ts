import type { Pool, PoolClient } from 'pg';

/**
 * The owner of files uploaded by the public (an applicant filing online, issue 24): no agency has this
 * code, so no agency attaches them until a filing hands them to its receiving unit (FileRecords.claim).
 */
export const PUBLIC_UPLOADS_OWNER = 'public';
import type { Migration } from '@lien-thong/postgres';

export const FILE_RECORDS_MIGRATIONS_COMPONENT = 'files';

export const fileRecordsMigrations: readonly Migration[] = [
  {
    id: '0001-files',
    sql: `CREATE TABLE files (
            id           uuid        PRIMARY KEY,
            name         text        NOT NULL,
            media_type   text        NOT NULL,
            size_bytes   bigint      NOT NULL CHECK (size_bytes > 0),
            sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
            -- The agency or unit the uploader acted for: only it may attach the file to a dossier.
            owner_agency text,
            uploaded_by  text        NOT NULL,
            uploaded_at  timestamptz NOT NULL DEFAULT now(),
            -- 'clean' or 'not-scanned' (an infected file is never kept).
            scan         text        NOT NULL CHECK (scan IN ('clean', 'not-scanned'))
          )`,
  },
  {
    // Which files a dossier names (issue 24: the janitor removes uploads never attached). Files kept
    // before this are taken as attached: nothing recorded says otherwise, so none of them is removed.
    id: '0002-files-attached',
    sql: `ALTER TABLE files ADD COLUMN attached_at timestamptz;
          UPDATE files SET attached_at = uploaded_at;
          CREATE INDEX files_unattached_idx ON files (uploaded_at) WHERE attached_at IS NULL`,
  },
];

/** One kept file, as recorded. */
export interface FileRecord {
  readonly id: string;
  readonly name: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly ownerAgency: string | null;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
  readonly scan: 'clean' | 'not-scanned';
}

/** The `files` table: what is known of each kept file (its bytes are in the FileStore). */
export class FileRecords {
  constructor(private readonly pool: Pool) {}

  async insert(record: Omit<FileRecord, 'uploadedAt'>): Promise<FileRecord> {
    const result = await this.pool.query<{ uploaded_at: Date }>(
      `INSERT INTO files (id, name, media_type, size_bytes, sha256, owner_agency, uploaded_by, scan)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING uploaded_at`,
      [
        record.id,
        record.name,
        record.mediaType,
        record.sizeBytes,
        record.sha256,
        record.ownerAgency,
        record.uploadedBy,
        record.scan,
      ],
    );
    return { ...record, uploadedAt: result.rows[0]!.uploaded_at.toISOString() };
  }

  /** The records of `ids` that exist (a malformed id is simply not found). */
  /**
   * Marks the files as named by a dossier, before the event that names them is appended (so the janitor
   * never removes a file an event may name; an append that then fails leaves it marked, and kept).
   * Returns the ids marked: a missing one was removed meanwhile.
   */
  async markAttached(ids: readonly string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE files SET attached_at = coalesce(attached_at, now()) WHERE id = ANY($1::uuid[]) RETURNING id`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Deletes the records of up to `limit` files uploaded before `before` and never attached, and returns
   * their ids (the caller removes their bytes). A file being attached at the same moment is either
   * marked first (and skipped here) or deleted first (and its attachment refused: FILE_UNKNOWN).
   */
  async deleteUnattached(before: Date, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `DELETE FROM files WHERE id IN (
         SELECT id FROM files WHERE attached_at IS NULL AND uploaded_at < $1
          ORDER BY uploaded_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [before, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Hands files owned by `from` to `to` and marks them attached, in one statement (in the caller's
   * transaction when `db` is one): an online filing takes the applicant's uploads for its receiving
   * unit. Returns the ids handed over; a file already handed over, or owned by someone else, is not.
   */
  async claim(
    ids: readonly string[],
    from: string,
    to: string,
    db: Pick<PoolClient, 'query'> = this.pool,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await db.query<{ id: string }>(
      `UPDATE files SET owner_agency = $3, attached_at = coalesce(attached_at, now())
        WHERE id = ANY($1::uuid[]) AND owner_agency = $2 RETURNING id`,
      [ids.filter((id) => UUID.test(id)), from, to],
    );
    return new Set(rows.map((r) => r.id));
  }

  async find(ids: readonly string[]): Promise<Map<string, FileRecord>> {
    const wellFormed = ids.filter((id) => UUID.test(id));
    const found = new Map<string, FileRecord>();
    if (wellFormed.length === 0) return found;
    const result = await this.pool.query<{
      id: string;
      name: string;
      media_type: string;
      size_bytes: string;
      sha256: string;
      owner_agency: string | null;
      uploaded_by: string;
      uploaded_at: Date;
      scan: 'clean' | 'not-scanned';
    }>('SELECT * FROM files WHERE id = ANY($1::uuid[])', [wellFormed]);
    for (const row of result.rows)
      found.set(row.id, {
        id: row.id,
        name: row.name,
        mediaType: row.media_type,
        sizeBytes: Number(row.size_bytes),
        sha256: row.sha256,
        ownerAgency: row.owner_agency,
        uploadedBy: row.uploaded_by,
        uploadedAt: row.uploaded_at.toISOString(),
        scan: row.scan,
      });
    return found;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

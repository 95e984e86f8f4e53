import { personalDataError } from './personal-data.errors';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { type DomainError } from '@lien-thong/contracts';
import { DEFAULT_VAULT_KEY_ID, parseVaultKey, VaultKeyring } from '@lien-thong/config';
import type { Migration } from '@lien-thong/postgres';
import type { ApplicantDetails } from './applicant-details';
import type { PersonalDataVault, SealedRef } from './personal-data-vault.port';

/**
 * Personal data encrypted per dossier (crypto-shredding). Each dossier (or intake reference) gets a
 * random 256-bit data key, stored only wrapped (AES-256-GCM) under a master key whose id is stored
 * beside it (`key_id`); each sealed record is AES-256-GCM under the data key with a fresh IV and the
 * dossier code as additional data. Erasing destroys the wrapped key and the ciphertexts, keeping a
 * tombstone: every reference then opens as `'erased'`. Copies elsewhere (backups) still hold the wrapped
 * key: they stay readable with the master key until they expire or that master key is destroyed (see
 * docs/dossiers.md, "What erasure guarantees").
 */
export const postgresVaultMigrations: readonly Migration[] = [
  {
    id: '0001-create-personal-data-vault',
    sql: `CREATE TABLE IF NOT EXISTS personal_data_keys (
            dossier_code text PRIMARY KEY,
            key_id       text,
            wrapped_key  bytea,
            created_at   timestamptz NOT NULL DEFAULT now(),
            erased_at    timestamptz,
            CHECK ((erased_at IS NULL) = (wrapped_key IS NOT NULL))
          );
          CREATE TABLE IF NOT EXISTS personal_data_records (
            ref          text PRIMARY KEY,
            dossier_code text NOT NULL REFERENCES personal_data_keys (dossier_code),
            iv           bytea,
            ciphertext   bytea,
            sealed_at    timestamptz NOT NULL DEFAULT now()
          );
          CREATE INDEX IF NOT EXISTS personal_data_records_dossier_idx ON personal_data_records (dossier_code);`,
  },
  {
    // Rotation finds the data keys still wrapped under an old master key by this index.
    id: '0002-personal-data-keys-by-master-key',
    sql: `UPDATE personal_data_keys SET key_id = '${DEFAULT_VAULT_KEY_ID}'
           WHERE key_id IS NULL AND wrapped_key IS NOT NULL;
          CREATE INDEX IF NOT EXISTS personal_data_keys_master_key_idx
            ON personal_data_keys (key_id) WHERE wrapped_key IS NOT NULL;`,
  },
];

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Parses a base64 master key of exactly 32 bytes. */
export function parseVaultMasterKey(base64: string): Buffer {
  return parseVaultKey(base64, 'LIEN_THONG_VAULT_KEY');
}

/** How many live (not erased) data keys each master key wraps. */
export type MasterKeyUsage = Readonly<Record<string, number>>;

function encrypt(key: Buffer, plaintext: Buffer, aad: string): { iv: Buffer; sealed: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, sealed: Buffer.concat([body, cipher.getAuthTag()]) };
}

function decrypt(key: Buffer, iv: Buffer, sealed: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
}

function unreadable(ref: string): DomainError {
  return personalDataError(
    'PERSONAL_DATA_UNREADABLE',
    `The personal data under ${ref} cannot be decrypted (wrong master key, or altered data)`,
    'Không giải mã được dữ liệu cá nhân (sai khoá chính hoặc dữ liệu đã bị sửa)',
  );
}

function masterKeyMissing(ref: string, keyId: string): DomainError {
  return personalDataError(
    'PERSONAL_DATA_UNREADABLE',
    `The personal data under ${ref} is wrapped under the master key "${keyId}", which this process is not configured with (LIEN_THONG_VAULT_KEY / LIEN_THONG_VAULT_READ_KEYS)`,
    `Không giải mã được dữ liệu cá nhân: tiến trình chưa được cấu hình khoá chính "${keyId}"`,
  );
}

interface KeyRow {
  dossier_code: string;
  key_id: string;
  wrapped_key: Buffer;
}

export class PostgresPersonalDataVault implements PersonalDataVault {
  private readonly keys: VaultKeyring;

  /**
   * @param keys the master keys by id (a single 32-byte key is `master-1`): data keys are wrapped under
   * the current one, and opened with whichever key their row names.
   */
  constructor(
    private readonly pool: Pool,
    keys: VaultKeyring | Buffer,
  ) {
    this.keys = Buffer.isBuffer(keys) ? VaultKeyring.single(keys) : keys;
  }

  /**
   * The first seal of a dossier (at intake) is one statement: a fresh data key and the record are
   * inserted together, the record only if the key was new. Otherwise (a later seal, an erased dossier,
   * a concurrent first seal that won) the stored key is read and the record inserted after it.
   */
  async seal(dossierCode: string, details: ApplicantDetails): Promise<SealedRef> {
    const ref = `pdv_${randomBytes(18).toString('base64url')}`;
    const plaintext = Buffer.from(JSON.stringify(details), 'utf8');
    const aad = `${dossierCode}|${ref}`;
    const fresh = randomBytes(32);
    const first = encrypt(fresh, plaintext, aad);
    const { rowCount } = await this.pool.query(
      `WITH new_key AS (
         INSERT INTO personal_data_keys (dossier_code, key_id, wrapped_key) VALUES ($2, $5, $6)
         ON CONFLICT (dossier_code) DO NOTHING RETURNING dossier_code)
       INSERT INTO personal_data_records (ref, dossier_code, iv, ciphertext)
       SELECT $1, dossier_code, $3, $4 FROM new_key`,
      [ref, dossierCode, first.iv, first.sealed, this.keys.currentId, this.wrap(fresh, dossierCode)],
    );
    if (rowCount === 1) return ref;
    const { iv, sealed } = encrypt(await this.storedDataKey(dossierCode), plaintext, aad);
    await this.pool.query(
      'INSERT INTO personal_data_records (ref, dossier_code, iv, ciphertext) VALUES ($1, $2, $3, $4)',
      [ref, dossierCode, iv, sealed],
    );
    return ref;
  }

  async open(ref: SealedRef): Promise<ApplicantDetails | 'erased'> {
    const { rows } = await this.pool.query<{
      dossier_code: string;
      iv: Buffer | null;
      ciphertext: Buffer | null;
      wrapped_key: Buffer | null;
      key_id: string | null;
    }>(
      `SELECT r.dossier_code, r.iv, r.ciphertext, k.wrapped_key, k.key_id
         FROM personal_data_records r JOIN personal_data_keys k USING (dossier_code)
        WHERE r.ref = $1`,
      [ref],
    );
    const row = rows[0];
    if (!row)
      throw personalDataError(
        'PERSONAL_DATA_NOT_FOUND',
        'No personal data under this reference',
        'Không tìm thấy dữ liệu cá nhân theo tham chiếu này',
      );
    if (row.wrapped_key === null || row.ciphertext === null || row.iv === null) return 'erased';
    const masterKey = this.keys.key(row.key_id ?? DEFAULT_VAULT_KEY_ID);
    if (!masterKey) throw masterKeyMissing(ref, row.key_id ?? DEFAULT_VAULT_KEY_ID);
    try {
      const dataKey = this.unwrap(masterKey, row.wrapped_key, row.dossier_code);
      return JSON.parse(
        decrypt(dataKey, row.iv, row.ciphertext, `${row.dossier_code}|${ref}`).toString('utf8'),
      ) as ApplicantDetails;
    } catch {
      throw unreadable(ref);
    }
  }

  async erase(dossierCode: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO personal_data_keys (dossier_code, key_id, wrapped_key, erased_at) VALUES ($1, NULL, NULL, now())
         ON CONFLICT (dossier_code) DO UPDATE
           SET wrapped_key = NULL, key_id = NULL, erased_at = COALESCE(personal_data_keys.erased_at, now())`,
        [dossierCode],
      );
      await client.query(
        'UPDATE personal_data_records SET iv = NULL, ciphertext = NULL WHERE dossier_code = $1',
        [dossierCode],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Re-wraps up to `limit` data keys that are under another master key than the current one (and one
   * this process knows) under the current one, in one transaction; returns how many. The rows are
   * locked while re-wrapped, so an erasure running at the same time waits for the batch (or the batch
   * for it) and neither undoes the other. A reader sees each row before or after, never half: with both
   * keys configured it can open either.
   */
  async rewrapDataKeys(limit: number): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<KeyRow>(
        `SELECT dossier_code, key_id, wrapped_key FROM personal_data_keys
          WHERE wrapped_key IS NOT NULL AND key_id <> $1 AND key_id = ANY($2)
          ORDER BY dossier_code LIMIT $3
          FOR UPDATE`,
        [this.keys.currentId, this.keys.ids, limit],
      );
      const codes: string[] = [];
      const wrapped: Buffer[] = [];
      for (const row of rows) {
        const dataKey = this.unwrap(this.keys.key(row.key_id)!, row.wrapped_key, row.dossier_code);
        codes.push(row.dossier_code);
        wrapped.push(this.wrap(dataKey, row.dossier_code));
      }
      if (codes.length > 0)
        await client.query(
          `UPDATE personal_data_keys k SET key_id = $1, wrapped_key = v.wrapped
             FROM unnest($2::text[], $3::bytea[]) AS v (dossier_code, wrapped)
            WHERE k.dossier_code = v.dossier_code AND k.wrapped_key IS NOT NULL`,
          [this.keys.currentId, codes, wrapped],
        );
      await client.query('COMMIT');
      return codes.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** How many live data keys each master key wraps (erased dossiers have none). */
  async masterKeyUsage(): Promise<MasterKeyUsage> {
    const { rows } = await this.pool.query<{ key_id: string; n: number }>(
      `SELECT key_id, count(*)::int AS n FROM personal_data_keys
        WHERE wrapped_key IS NOT NULL GROUP BY key_id ORDER BY key_id`,
    );
    return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
  }

  /**
   * The dossier's stored data key. Read in a statement of its own, after the one whose insert found it:
   * a key a concurrent first seal inserted is then visible, so concurrent first seals end with one key.
   */
  private async storedDataKey(dossierCode: string): Promise<Buffer> {
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null; key_id: string | null }>(
      'SELECT wrapped_key, key_id FROM personal_data_keys WHERE dossier_code = $1',
      [dossierCode],
    );
    const stored = rows[0]?.wrapped_key ?? null;
    if (stored === null)
      throw personalDataError(
        'PERSONAL_DATA_ERASED',
        `The personal data of ${dossierCode} was erased; nothing more can be sealed for it`,
        `Dữ liệu cá nhân của hồ sơ ${dossierCode} đã bị xóa`,
      );
    const keyId = rows[0]?.key_id ?? DEFAULT_VAULT_KEY_ID;
    const masterKey = this.keys.key(keyId);
    if (!masterKey) throw masterKeyMissing(dossierCode, keyId);
    return this.unwrap(masterKey, stored, dossierCode);
  }

  private wrap(dataKey: Buffer, dossierCode: string): Buffer {
    const { iv, sealed } = encrypt(this.keys.current, dataKey, `key|${dossierCode}`);
    return Buffer.concat([iv, sealed]);
  }

  private unwrap(masterKey: Buffer, wrapped: Buffer, dossierCode: string): Buffer {
    try {
      return decrypt(
        masterKey,
        wrapped.subarray(0, IV_BYTES),
        wrapped.subarray(IV_BYTES),
        `key|${dossierCode}`,
      );
    } catch {
      throw unreadable(dossierCode);
    }
  }
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { DomainError } from '@lien-thong/contracts';
import type { Migration } from '@lien-thong/infrastructure';
import type { ApplicantDetails, PersonalDataVault, SealedRef } from '../domain/index';

/**
 * Personal data encrypted per dossier (crypto-shredding). Each dossier (or intake reference) gets a
 * random 256-bit data key, stored only wrapped (AES-256-GCM) under the master key; each sealed record
 * is AES-256-GCM under the data key with a fresh IV and the dossier code as additional data. Erasing
 * destroys the wrapped key and the ciphertexts, keeping a tombstone: every reference then opens as
 * `'erased'`, and copies of the ciphertext elsewhere (backups) are unreadable without the key.
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
];

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Parses a base64 master key of exactly 32 bytes. */
export function parseVaultMasterKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== base64.trim())
    throw new Error(
      'LIEN_THONG_VAULT_KEY must be the base64 of exactly 32 random bytes (openssl rand -base64 32)',
    );
  return key;
}

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
  return new DomainError(
    'unavailable',
    'PERSONAL_DATA_UNREADABLE',
    `The personal data under ${ref} cannot be decrypted (wrong master key, or altered data)`,
    'Không giải mã được dữ liệu cá nhân (sai khoá chính hoặc dữ liệu đã bị sửa)',
  );
}

export class PostgresPersonalDataVault implements PersonalDataVault {
  /**
   * @param masterKey 32 bytes; `keyId` names it so that keys can be rotated later (rewrap).
   */
  constructor(
    private readonly pool: Pool,
    private readonly masterKey: Buffer,
    private readonly keyId = 'master-1',
  ) {
    if (masterKey.length !== 32) throw new Error('The vault master key must be 32 bytes');
  }

  async seal(dossierCode: string, details: ApplicantDetails): Promise<SealedRef> {
    const dataKey = await this.dataKey(dossierCode);
    const ref = `pdv_${randomBytes(18).toString('base64url')}`;
    const { iv, sealed } = encrypt(
      dataKey,
      Buffer.from(JSON.stringify(details), 'utf8'),
      `${dossierCode}|${ref}`,
    );
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
      throw new DomainError(
        'not-found',
        'PERSONAL_DATA_NOT_FOUND',
        'No personal data under this reference',
        'Không tìm thấy dữ liệu cá nhân theo tham chiếu này',
      );
    if (row.wrapped_key === null || row.ciphertext === null || row.iv === null) return 'erased';
    try {
      const dataKey = this.unwrap(row.wrapped_key, row.dossier_code);
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

  /** The dossier's data key, created on first use; two concurrent first uses end with one key. */
  private async dataKey(dossierCode: string): Promise<Buffer> {
    const fresh = randomBytes(32);
    const wrapped = this.wrap(fresh, dossierCode);
    await this.pool.query(
      `INSERT INTO personal_data_keys (dossier_code, key_id, wrapped_key) VALUES ($1, $2, $3)
       ON CONFLICT (dossier_code) DO NOTHING`,
      [dossierCode, this.keyId, wrapped],
    );
    const { rows } = await this.pool.query<{ wrapped_key: Buffer | null }>(
      'SELECT wrapped_key FROM personal_data_keys WHERE dossier_code = $1',
      [dossierCode],
    );
    const stored = rows[0]?.wrapped_key ?? null;
    if (stored === null)
      throw new DomainError(
        'conflict',
        'PERSONAL_DATA_ERASED',
        `The personal data of ${dossierCode} was erased; nothing more can be sealed for it`,
        `Dữ liệu cá nhân của hồ sơ ${dossierCode} đã bị xóa`,
      );
    return this.unwrap(stored, dossierCode);
  }

  private wrap(dataKey: Buffer, dossierCode: string): Buffer {
    const { iv, sealed } = encrypt(this.masterKey, dataKey, `key|${dossierCode}`);
    return Buffer.concat([iv, sealed]);
  }

  private unwrap(wrapped: Buffer, dossierCode: string): Buffer {
    try {
      return decrypt(
        this.masterKey,
        wrapped.subarray(0, IV_BYTES),
        wrapped.subarray(IV_BYTES),
        `key|${dossierCode}`,
      );
    } catch {
      throw unreadable(dossierCode);
    }
  }
}

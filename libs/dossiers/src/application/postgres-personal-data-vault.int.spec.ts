import { randomBytes } from 'node:crypto';
import { runMigrations } from '@lien-thong/infrastructure';
import { createTestSchema, type TestSchema } from '@lien-thong/infrastructure/testing';
import { personalDataVaultContract } from '../domain/personal-data-vault.contract';
import type { ApplicantDetails } from '../domain/index';
import {
  PostgresPersonalDataVault,
  parseVaultMasterKey,
  postgresVaultMigrations,
} from './postgres-personal-data-vault';

const CODE = '000.00.71.H29-261122-0001';
const applicant: ApplicantDetails = {
  fullName: 'Lê Thị Hồng Gấm',
  address: '3 Pasteur, phường Bến Thành',
  phone: '0987654321',
  email: 'gam@example.vn',
  idNumber: '079195007777',
  dateOfBirth: '1995-09-02',
};

describe('PostgresPersonalDataVault', () => {
  let db: TestSchema;
  const key = randomBytes(32);
  beforeAll(async () => {
    db = await createTestSchema('pg_vault');
    await runMigrations(db.pool, 'personal-data-vault', postgresVaultMigrations);
  });
  afterAll(async () => {
    await db?.drop();
  });

  // The contract expects an empty vault for each test: one schema, emptied before each.
  personalDataVaultContract('PostgresPersonalDataVault', async () => {
    await db.pool.query('TRUNCATE personal_data_records, personal_data_keys');
    return new PostgresPersonalDataVault(db.pool, key);
  });

  it('stores no personal data in clear', async () => {
    const vault = new PostgresPersonalDataVault(db.pool, key);
    await vault.seal(CODE, applicant);
    const { rows } = await db.pool.query<{ dump: string }>(
      `SELECT string_agg(encode(convert_to(t::text, 'UTF8'), 'escape'), ' ') AS dump FROM (
         SELECT r::text AS t FROM personal_data_records r UNION ALL SELECT k::text FROM personal_data_keys k) x`,
    );
    for (const secret of ['Hồng Gấm', 'Gấm', '079195007777', '0987654321', 'gam@example.vn', 'Pasteur'])
      expect(rows[0]!.dump).not.toContain(secret);
  });

  it('cannot be opened with another master key, and refuses altered ciphertext', async () => {
    const vault = new PostgresPersonalDataVault(db.pool, key);
    const ref = await vault.seal('000.00.71.H29-261122-0002', applicant);
    const stranger = new PostgresPersonalDataVault(db.pool, randomBytes(32));
    await expect(stranger.open(ref)).rejects.toMatchObject({ code: 'PERSONAL_DATA_UNREADABLE' });
    await db.pool.query(
      'UPDATE personal_data_records SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) WHERE ref = $1',
      [ref],
    );
    await expect(vault.open(ref)).rejects.toMatchObject({ code: 'PERSONAL_DATA_UNREADABLE' });
  });

  it('erasure survives a restart, leaves no ciphertext and no key', async () => {
    const code = '000.00.71.H29-261122-0003';
    const ref = await new PostgresPersonalDataVault(db.pool, key).seal(code, applicant);
    await new PostgresPersonalDataVault(db.pool, key).erase(code);
    await expect(new PostgresPersonalDataVault(db.pool, key).open(ref)).resolves.toBe('erased');
    const { rows } = await db.pool.query(
      `SELECT k.wrapped_key, r.ciphertext FROM personal_data_keys k JOIN personal_data_records r USING (dossier_code)
        WHERE dossier_code = $1`,
      [code],
    );
    expect(rows).toEqual([{ wrapped_key: null, ciphertext: null }]);
  });

  it('concurrent first seals of one dossier share one key', async () => {
    const code = '000.00.71.H29-261122-0004';
    const vaults = Array.from({ length: 8 }, () => new PostgresPersonalDataVault(db.pool, key));
    const refs = await Promise.all(
      vaults.map((v, i) => v.seal(code, { ...applicant, fullName: `Người ${i}` })),
    );
    const keys = await db.pool.query(
      'SELECT count(*)::int AS n FROM personal_data_keys WHERE dossier_code = $1',
      [code],
    );
    expect(keys.rows[0]).toEqual({ n: 1 });
    const opened = await Promise.all(refs.map((r) => vaults[0]!.open(r)));
    expect(opened.map((o) => (o === 'erased' ? o : o.fullName))).toEqual(refs.map((_r, i) => `Người ${i}`));
  });

  it('accepts only a base64 key of 32 bytes', () => {
    expect(parseVaultMasterKey(key.toString('base64'))).toEqual(key);
    expect(() => parseVaultMasterKey('c2hvcnQ=')).toThrow(/32/);
    expect(() => parseVaultMasterKey('not base64 at all!')).toThrow(/32/);
  });
});

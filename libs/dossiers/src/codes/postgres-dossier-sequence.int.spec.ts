import { runMigrations } from '@lien-thong/postgres';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { Pool } from 'pg';
import { defaultDossierCodeFormat } from './dossier-code-format';
import { DossierCodeIssuer } from './dossier-code-issuer';
import { PostgresDossierSequence } from './postgres-dossier-sequence';
import { dossierCodeMigrations } from './postgres-dossier-sequence.migrations';

const DESK = '000.00.05.H54';
const MONDAY = '2025-11-24T09:00:00+07:00';

describe('PostgreSQL dossier sequence', () => {
  let db: TestSchema;

  beforeAll(async () => {
    db = await createTestSchema('dossier codes');
    await runMigrations(db.pool, 'dossier-codes', dossierCodeMigrations);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('gives 50 concurrent intakes at one desk 50 distinct consecutive codes', async () => {
    const issuer = new DossierCodeIssuer(new PostgresDossierSequence(db.pool));
    const codes = await Promise.all(Array.from({ length: 50 }, () => issuer.issue(DESK, MONDAY)));
    expect(new Set(codes).size).toBe(50);
    const numbers = codes.map((c) => defaultDossierCodeFormat.parse(c)?.sequence).sort((a, b) => a! - b!);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(codes).toContain(`${DESK}-251124-0050`);
  });

  it('continues the sequence after a restart (a new pool and instance)', async () => {
    const restarted = new Pool({ connectionString: db.connectionString, max: 2 });
    try {
      const issuer = new DossierCodeIssuer(new PostgresDossierSequence(restarted));
      expect(await issuer.issue(DESK, MONDAY)).toBe(`${DESK}-251124-0051`);
    } finally {
      await restarted.end();
    }
  });

  it('keeps units and days independent', async () => {
    const issuer = new DossierCodeIssuer(new PostgresDossierSequence(db.pool));
    expect(await issuer.issue('000.00.06.H54', MONDAY)).toBe('000.00.06.H54-251124-0001');
    expect(await issuer.issue(DESK, '2025-11-25T08:00:00+07:00')).toBe(`${DESK}-251125-0001`);
    expect(await issuer.issue(DESK, MONDAY)).toBe(`${DESK}-251124-0052`);
  });

  it('widens the number past 9999 in a day instead of refusing intake', async () => {
    await db.pool.query(
      `INSERT INTO dossier_code_sequences (unit_code, local_date, last) VALUES ($1, '2025-11-26', 9999)`,
      [DESK],
    );
    const issuer = new DossierCodeIssuer(new PostgresDossierSequence(db.pool));
    const code = await issuer.issue(DESK, '2025-11-26T10:00:00+07:00');
    expect(code).toBe(`${DESK}-251126-10000`);
    expect(defaultDossierCodeFormat.parse(code)).toEqual({
      unitCode: DESK,
      localDate: '2025-11-26',
      sequence: 10000,
    });
  });

  it('applies its migrations once', async () => {
    expect(await runMigrations(db.pool, 'dossier-codes', dossierCodeMigrations)).toEqual([]);
  });
});

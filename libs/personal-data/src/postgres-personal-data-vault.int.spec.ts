import { randomBytes } from 'node:crypto';
import { runMigrations } from '@lien-thong/postgres';
import { VaultKeyring } from '@lien-thong/config';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { personalDataVaultContract } from './testing/personal-data-vault.contract';
import type { ApplicantDetails } from './applicant-details';
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

  it('seals a new dossier in one statement, and a later sealing under the key it stored then', async () => {
    const code = '000.00.71.H29-261122-0005';
    const statements: string[] = [];
    const counted = new Proxy(db.pool, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver) as unknown;
        return (text: unknown, values?: unknown) => {
          statements.push(String(text));
          return target.query(text as string, values as unknown[]);
        };
      },
    });
    const vault = new PostgresPersonalDataVault(counted, key);
    const first = await vault.seal(code, applicant);
    expect(statements).toHaveLength(1);
    const second = await vault.seal(code, { ...applicant, phone: '0900000000' });
    expect(statements).toHaveLength(4); // the attempt, the stored key, the record
    const keys = await db.pool.query(
      'SELECT count(*)::int AS n FROM personal_data_keys WHERE dossier_code = $1',
      [code],
    );
    expect(keys.rows[0]).toEqual({ n: 1 });
    await expect(vault.open(first)).resolves.toMatchObject({ phone: '0987654321' });
    await expect(vault.open(second)).resolves.toMatchObject({ phone: '0900000000' });
  });

  // The same contract under a rotated configuration: current master-2, master-1 still readable.
  personalDataVaultContract('PostgresPersonalDataVault (two master keys)', async () => {
    await db.pool.query('TRUNCATE personal_data_records, personal_data_keys');
    return new PostgresPersonalDataVault(
      db.pool,
      new VaultKeyring(
        'master-2',
        new Map([
          ['master-2', randomBytes(32)],
          ['master-1', key],
        ]),
      ),
    );
  });

  it('accepts only a base64 key of 32 bytes', () => {
    expect(parseVaultMasterKey(key.toString('base64'))).toEqual(key);
    expect(() => parseVaultMasterKey('c2hvcnQ=')).toThrow(/32/);
    expect(() => parseVaultMasterKey('not base64 at all!')).toThrow(/32/);
  });
});

describe('PostgresPersonalDataVault master-key rotation', () => {
  let db: TestSchema;
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  /** Before: only A. */
  const onlyA = () => new PostgresPersonalDataVault(db.pool, VaultKeyring.single(keyA, 'key-a'));
  /** During: B current, A still readable (every process, before the rotation command runs). */
  const rotating = () =>
    new PostgresPersonalDataVault(
      db.pool,
      new VaultKeyring(
        'key-b',
        new Map([
          ['key-b', keyB],
          ['key-a', keyA],
        ]),
      ),
    );
  /** After: A removed from the configuration (and destroyed). */
  const onlyB = () => new PostgresPersonalDataVault(db.pool, VaultKeyring.single(keyB, 'key-b'));
  const code = (i: number) => `000.00.71.H29-261201-${String(i).padStart(4, '0')}`;
  const person = (i: number): ApplicantDetails => ({ ...applicant, fullName: `Người số ${i}` });

  beforeEach(async () => {
    db = await createTestSchema('pg_vault_rotation');
    await runMigrations(db.pool, 'personal-data-vault', postgresVaultMigrations);
  });
  afterEach(async () => {
    await db?.drop();
  });

  async function sealUnderA(dossiers: number): Promise<Map<string, number>> {
    const refs = new Map<string, number>();
    const vault = onlyA();
    for (let i = 0; i < dossiers; i += 1) {
      refs.set(await vault.seal(code(i), person(i)), i);
      refs.set(await vault.seal(code(i), { ...person(i), address: `${i} Nguyễn Huệ` }), i);
    }
    return refs;
  }

  it('opens what was sealed under key A after the rotation to key B, with A removed from the configuration', async () => {
    const refs = await sealUnderA(23);
    await onlyA().erase(code(5));
    const ciphertexts = await db.pool.query<{ ref: string; ciphertext: Buffer | null }>(
      'SELECT ref, ciphertext FROM personal_data_records ORDER BY ref',
    );
    expect(await rotating().masterKeyUsage()).toEqual({ 'key-a': 22 });

    // Interrupted after two batches (a crash, Ctrl-C): a later run resumes where it stopped.
    expect(await rotating().rewrapDataKeys(5)).toBe(5);
    expect(await rotating().rewrapDataKeys(5)).toBe(5);
    expect(await rotating().masterKeyUsage()).toEqual({ 'key-a': 12, 'key-b': 10 });
    const resumed = rotating();
    const batches: number[] = [];
    for (let n = await resumed.rewrapDataKeys(5); n > 0; n = await resumed.rewrapDataKeys(5)) batches.push(n);
    expect(batches).toEqual([5, 5, 2]);
    expect(await resumed.masterKeyUsage()).toEqual({ 'key-b': 22 });

    const after = onlyB();
    for (const [ref, i] of refs) {
      const opened = await after.open(ref);
      if (i === 5) expect(opened).toBe('erased');
      else expect(opened).toMatchObject({ fullName: `Người số ${i}`, idNumber: applicant.idNumber });
    }
    // Only the data keys were re-wrapped: the records' ciphertexts did not change.
    expect(
      (await db.pool.query('SELECT ref, ciphertext FROM personal_data_records ORDER BY ref')).rows,
    ).toEqual(ciphertexts.rows);
    // A process left with only the old key cannot open them any more, and says why.
    const [someRef] = [...refs.keys()];
    await expect(onlyA().open(someRef!)).rejects.toMatchObject({
      code: 'PERSONAL_DATA_UNREADABLE',
      message: expect.stringContaining('"key-b"'),
    });
    // Erasure still works under the new key; sealing continues under it.
    await after.erase(code(7));
    for (const [ref, i] of refs) if (i === 7) await expect(after.open(ref)).resolves.toBe('erased');
    const fresh = await after.seal(code(100), person(100));
    await expect(after.open(fresh)).resolves.toMatchObject({ fullName: 'Người số 100' });
    expect(await after.masterKeyUsage()).toEqual({ 'key-b': 22 });
  });

  it('never leaves a record unreadable while the rotation runs beside readers, sealers and an erasure', async () => {
    const refs = await sealUnderA(40);
    const reader = rotating();
    // A process not yet switched: A still current, B already readable (the first step of a rolling change).
    const lagging = new PostgresPersonalDataVault(
      db.pool,
      new VaultKeyring(
        'key-a',
        new Map([
          ['key-a', keyA],
          ['key-b', keyB],
        ]),
      ),
    );
    let rotationStarted = false;
    let rotationDone = false;
    let opensDuringRotation = 0;
    const failures: unknown[] = [];
    const sealedMeanwhile: [string, number][] = [];
    const rotation = (async () => {
      const rotator = rotating();
      try {
        // Small batches with pauses, so that the readers below run many times while rows are mixed.
        while ((await rotator.rewrapDataKeys(2)) > 0) {
          rotationStarted = true;
          await new Promise((r) => setTimeout(r, 3));
        }
      } finally {
        rotationDone = true;
      }
    })();
    const erased = (async () => {
      await new Promise((r) => setTimeout(r, 5));
      await reader.erase(code(13));
    })();
    const readers = [reader, lagging, reader].map(async (vault, v) => {
      let round = 0;
      while (!rotationDone || round < 1) {
        for (const [ref, i] of refs) {
          try {
            const opened = await vault.open(ref);
            if (opened === 'erased' ? i !== 13 : opened.fullName !== `Người số ${i}`)
              failures.push(`${ref}: ${JSON.stringify(opened)}`);
            if (rotationStarted && !rotationDone) opensDuringRotation += 1;
          } catch (error) {
            failures.push(error);
          }
        }
        // Both configurations keep sealing for new dossiers during the rotation.
        const sealed = await vault.seal(code(1000 + v * 100 + round), person(round));
        const back = await reader.open(sealed);
        if (back === 'erased' || back.fullName !== `Người số ${round}`) failures.push(`new ${sealed}`);
        sealedMeanwhile.push([sealed, round]);
        round += 1;
      }
    });
    await Promise.all([rotation, erased, ...readers]);
    expect(failures).toEqual([]);
    // The readers did read while the rows were under both keys: more than a whole pass.
    expect(opensDuringRotation).toBeGreaterThan(refs.size);
    // The lagging process wrapped its new dossiers under A: a second run re-wraps those too.
    const rotator = rotating();
    while ((await rotator.rewrapDataKeys(50)) > 0);
    const usage = await rotator.masterKeyUsage();
    expect(Object.keys(usage)).toEqual(['key-b']);
    for (const [ref, i] of [...refs, ...sealedMeanwhile])
      await expect(onlyB().open(ref)).resolves.toEqual(
        i === 13 ? 'erased' : expect.objectContaining({ fullName: `Người số ${i}` }),
      );
  });

  it('lets two rotation runs share the work without either failing', async () => {
    await sealUnderA(30);
    const run = async () => {
      const vault = rotating();
      let total = 0;
      for (let n = await vault.rewrapDataKeys(4); n > 0; n = await vault.rewrapDataKeys(4)) total += n;
      return total;
    };
    const [first, second] = await Promise.all([run(), run()]);
    expect(first + second).toBe(30);
    expect(await rotating().masterKeyUsage()).toEqual({ 'key-b': 30 });
  });

  it('leaves data keys under a master key it does not know where they are, and counts them', async () => {
    await sealUnderA(3);
    const strangerKey = randomBytes(32);
    const stranger = new PostgresPersonalDataVault(db.pool, VaultKeyring.single(strangerKey, 'key-z'));
    const ref = await stranger.seal(code(50), person(50));
    const vault = rotating();
    while ((await vault.rewrapDataKeys(10)) > 0);
    expect(await vault.masterKeyUsage()).toEqual({ 'key-b': 3, 'key-z': 1 });
    await expect(vault.open(ref)).rejects.toMatchObject({
      code: 'PERSONAL_DATA_UNREADABLE',
      kind: 'unavailable',
      message: expect.stringContaining('"key-z"'),
    });
  });
});

import { randomBytes, scryptSync } from 'node:crypto';
import { StaticAgencyDirectory, type AgencySummary } from '@lien-thong/agencies';
import { runMigrations } from '@lien-thong/postgres';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { StaffUsers, migrateStaffUsers, staffMigrations } from './staff-users';

const DESK: AgencySummary = {
  code: '000.00.71.H29',
  name: { vi: 'UBND phường Sài Gòn' },
  level: 'commune',
  roles: ['commune-people-committee'],
};
const stored = async (db: TestSchema, personId: string) =>
  (
    await db.pool.query<{ password_hash: string }>(
      'SELECT password_hash FROM staff_users WHERE person_id = $1',
      [personId],
    )
  ).rows[0]!.password_hash;

describe('staff passwords (PostgreSQL)', () => {
  let db: TestSchema;
  let staff: StaffUsers;

  beforeAll(async () => {
    db = await createTestSchema('identity staff users');
    // Two accounts as the previous version stored them: a salt and Node's default scrypt, no parameters.
    await runMigrations(db.pool, 'identity-staff-users', staffMigrations.slice(0, 2));
    for (const [personId, password] of [
      ['can-bo-cu-1', 'mat-khau-cu-mot'],
      ['can-bo-cu-2', 'mat-khau-cu-hai'],
    ]) {
      const salt = randomBytes(16);
      await db.pool.query(
        `INSERT INTO staff_users (person_id, display_name, agency_code, roles, password_salt, password_hash)
         VALUES ($1, 'Cán bộ cũ', $2, '{reception-officer}', $3, $4)`,
        [personId, DESK.code, salt, scryptSync(password!, salt, 32)],
      );
    }
    await migrateStaffUsers(db.pool);
    staff = new StaffUsers(db.pool, new StaticAgencyDirectory([DESK]));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('an account hashed the old way still logs in, and its hash is replaced by one at today’s cost', async () => {
    expect(await stored(db, 'can-bo-cu-1')).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await staff.authenticate('can-bo-cu-1', 'mat-khau-cu-mot')).toMatchObject({
      personId: 'can-bo-cu-1',
      agencyCode: DESK.code,
    });
    expect(await stored(db, 'can-bo-cu-1')).toMatch(/^scrypt\$131072\$8\$1\$/);
    // The new hash is of the same password.
    expect(await staff.authenticate('can-bo-cu-1', 'mat-khau-cu-mot')).not.toBeNull();
    expect(await staff.authenticate('can-bo-cu-1', 'mat-khau-cu-hai')).toBeNull();
  });

  it('a wrong password fails, and leaves an old hash as it was', async () => {
    const before = await stored(db, 'can-bo-cu-2');
    expect(await staff.authenticate('can-bo-cu-2', 'mat-khau-sai-roi')).toBeNull();
    expect(await stored(db, 'can-bo-cu-2')).toBe(before);
    expect(await staff.authenticate('khong-co-ai', 'mat-khau-cu-hai')).toBeNull();
  });

  it('new and changed passwords are stored with their parameters', async () => {
    await staff.create({
      personId: 'can-bo-moi',
      displayName: 'Cán bộ mới',
      agencyCode: DESK.code,
      roles: ['reception-officer'],
      password: 'mot-cua-lien-thong',
    });
    expect(await stored(db, 'can-bo-moi')).toMatch(/^scrypt\$131072\$8\$1\$[^$]+\$[^$]+$/);
    await staff.setPassword('can-bo-cu-2', 'mat-khau-moi-2026');
    expect(await stored(db, 'can-bo-cu-2')).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await staff.authenticate('can-bo-cu-2', 'mat-khau-moi-2026')).not.toBeNull();
    expect(await staff.authenticate('can-bo-cu-2', 'mat-khau-cu-hai')).toBeNull();
  });

  it('refuses the staff of an agency no longer active, and moves them with a new code', async () => {
    const withoutDesk = new StaffUsers(db.pool, new StaticAgencyDirectory([]));
    expect(await withoutDesk.authenticate('can-bo-moi', 'mot-cua-lien-thong')).toBeNull();

    const recoded = { ...DESK, code: '000.00.71.H79' };
    await staff.moveAgency(DESK.code, recoded.code);
    const afterReissue = new StaffUsers(db.pool, new StaticAgencyDirectory([recoded]));
    expect(await afterReissue.authenticate('can-bo-moi', 'mot-cua-lien-thong')).toMatchObject({
      agencyCode: recoded.code,
    });
    expect((await staff.list()).map((u) => u.agencyCode)).toEqual([recoded.code, recoded.code, recoded.code]);
  });
});

import { randomBytes, scryptSync } from 'node:crypto';
import { StaticAgencyDirectory, type AgencySummary } from '@lien-thong/agencies';
import { runMigrations } from '@lien-thong/postgres';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { digestClientSecret } from '../hashing/client-secret-digests';
import { ApiClients, apiClientMigrations, migrateApiClients } from './api-clients';

const POLICE: AgencySummary = {
  code: '000.00.72.H29',
  name: { vi: 'Công an phường Sài Gòn' },
  level: 'commune',
  roles: ['commune-police'],
};
const T0 = Date.parse('2026-11-23T02:00:00.000Z');
const secretOf = () => `lts_${randomBytes(32).toString('base64url')}`;

describe('API client secrets (PostgreSQL)', () => {
  let db: TestSchema;
  let now = T0;
  const clientsWith = (directory: StaticAgencyDirectory) => new ApiClients(db.pool, directory, () => now);
  const legacy = { current: secretOf(), previous: secretOf() };
  const digestsOf = async (clientId: string) =>
    (
      await db.pool.query<{ secret_digest: string; previous_digest: string | null }>(
        'SELECT secret_digest, previous_digest FROM api_clients WHERE client_id = $1',
        [clientId],
      )
    ).rows[0]!;

  beforeAll(async () => {
    db = await createTestSchema('identity api clients');
    // A client as the previous version stored it (scrypt, a salt each), rotated a moment ago.
    await runMigrations(db.pool, 'identity-api-clients', apiClientMigrations.slice(0, 1));
    const [salt, previousSalt] = [randomBytes(16), randomBytes(16)];
    await db.pool.query(
      `INSERT INTO api_clients (client_id, agency_code, description, secret_salt, secret_hash, previous_salt,
         previous_hash, previous_valid_until, created_at)
       VALUES ('ltc_old', $1, 'Phần mềm cũ', $2, $3, $4, $5, $6, $7)`,
      [
        POLICE.code,
        salt,
        scryptSync(legacy.current, salt, 32),
        previousSalt,
        scryptSync(legacy.previous, previousSalt, 32),
        new Date(T0 + 3_600_000),
        new Date(T0 - 3_600_000),
      ],
    );
    await migrateApiClients(db.pool);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a secret stored the old way still gets through, and is replaced by its SHA-256; so is the previous one in grace', async () => {
    const clients = clientsWith(new StaticAgencyDirectory([POLICE]));
    expect(await digestsOf('ltc_old')).toEqual({
      secret_digest: expect.stringMatching(/^scrypt\$16384\$8\$1\$/),
      previous_digest: expect.stringMatching(/^scrypt\$16384\$8\$1\$/),
    });
    expect(await clients.authenticate('ltc_old', legacy.current)).toMatchObject({ clientId: 'ltc_old' });
    expect(await clients.authenticate('ltc_old', legacy.previous)).toMatchObject({ clientId: 'ltc_old' });
    expect(await digestsOf('ltc_old')).toEqual({
      secret_digest: digestClientSecret(legacy.current),
      previous_digest: digestClientSecret(legacy.previous),
    });
    expect(await clients.authenticate('ltc_old', legacy.current)).not.toBeNull();
    expect(await clients.authenticate('ltc_old', secretOf())).toBeNull();
  });

  it('a client registered before roles acts as an officer; a new one may also sign for its head, nothing else', async () => {
    const clients = clientsWith(new StaticAgencyDirectory([POLICE]));
    expect((await clients.list()).find((c) => c.clientId === 'ltc_old')?.roles).toEqual(['agency-officer']);
    const officer = await clients.create(POLICE.code, 'Phần mềm một cửa');
    const head = await clients.create(POLICE.code, 'Phần mềm ký số của Trưởng Công an', ['agency-head']);
    expect((await clients.authenticate(officer.clientId, officer.clientSecret))?.roles).toEqual([
      'agency-officer',
    ]);
    expect((await clients.authenticate(head.clientId, head.clientSecret))?.roles).toEqual([
      'agency-officer',
      'agency-head',
    ]);
    for (const roles of [['administrator'], 'agency-head', ['agency-head', 'x']])
      await expect(clients.create(POLICE.code, 'Phần mềm', roles)).rejects.toMatchObject({
        code: 'API_CLIENT_INVALID',
        problems: [expect.objectContaining({ path: 'roles' })],
      });
  });

  it('stores a new secret as its SHA-256 only, and refuses a wrong one', async () => {
    const clients = clientsWith(new StaticAgencyDirectory([POLICE]));
    const { clientId, clientSecret } = await clients.create(POLICE.code, 'Phần mềm mới');
    expect(await digestsOf(clientId)).toEqual({
      secret_digest: expect.stringMatching(/^sha256\$/),
      previous_digest: null,
    });
    expect(JSON.stringify(await digestsOf(clientId))).not.toContain(clientSecret.slice(4));
    expect(await clients.authenticate(clientId, clientSecret)).toMatchObject({ agencyCode: POLICE.code });
    expect(await clients.authenticate(clientId, `${clientSecret.slice(0, -1)}x`)).toBeNull();
  });

  it('a deactivated agency’s clients are revoked; those registered before it was deactivated stay refused if it comes back', async () => {
    const active = clientsWith(new StaticAgencyDirectory([POLICE]));
    const before = await active.create(POLICE.code, 'Trước khi giải thể');
    now += 60_000;
    const deactivatedAt = new Date(now).toISOString();
    const retirement = { code: POLICE.code, at: deactivatedAt, successor: null };
    // Refused as soon as the directory says so, before (or without) the revocation being written.
    expect(
      await clientsWith(new StaticAgencyDirectory([], [retirement])).authenticate(
        before.clientId,
        before.clientSecret,
      ),
    ).toBeNull();
    // Imported again later: still refused, while a client registered since is accepted.
    now += 60_000;
    const back = clientsWith(new StaticAgencyDirectory([POLICE], [retirement]));
    expect(await back.authenticate(before.clientId, before.clientSecret)).toBeNull();
    const after = await back.create(POLICE.code, 'Sau khi hoạt động lại');
    expect(await back.authenticate(after.clientId, after.clientSecret)).not.toBeNull();

    await back.revokeAgency(POLICE.code);
    expect((await back.list(POLICE.code)).every((c) => c.revokedAt !== null)).toBe(true);
    expect(await back.authenticate(after.clientId, after.clientSecret)).toBeNull();
  });

  it('a re-coded agency’s clients keep their secrets under the new code', async () => {
    const old = clientsWith(new StaticAgencyDirectory([POLICE]));
    const client = await old.create(POLICE.code, 'Trước khi đổi mã');
    const recoded = { ...POLICE, code: '000.00.72.H79' };
    await old.moveAgency(POLICE.code, recoded.code);
    const clients = clientsWith(
      new StaticAgencyDirectory(
        [recoded],
        [{ code: POLICE.code, at: new Date(now).toISOString(), successor: recoded.code }],
      ),
    );
    expect(await clients.authenticate(client.clientId, client.clientSecret)).toMatchObject({
      agencyCode: recoded.code,
    });
    expect(await clients.list(POLICE.code)).toEqual([]);
  });
});

import { randomBytes } from 'node:crypto';
import { StaticAgencyDirectory } from '@lien-thong/agencies';
import {
  AgencyWebhooks,
  migrateAgencyNotifications,
  WebhookSecretCipher,
} from '@lien-thong/agency-notifications';
import { runMigrations } from '@lien-thong/postgres';
import { VaultKeyring } from '@lien-thong/config';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { describeRotation, rotateVaultMasterKey } from './vault-master-key-rotation';
import { PostgresPersonalDataVault, vaultMigrations } from '@lien-thong/personal-data';

/** The command's work (`npm run vault:rotate-master-key`), on a real PostgreSQL. */
describe('vault master-key rotation command', () => {
  let db: TestSchema;
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  const A = VaultKeyring.single(keyA, 'key-a');
  const AB = new VaultKeyring(
    'key-b',
    new Map([
      ['key-b', keyB],
      ['key-a', keyA],
    ]),
  );
  const B = VaultKeyring.single(keyB, 'key-b');
  const AGENCY = '000.00.71.H29';
  const applicant = {
    fullName: 'Võ Thị Sáu',
    address: '5 Đồng Khởi',
    phone: null,
    email: null,
    idNumber: '079190009999',
    dateOfBirth: null,
  };

  beforeEach(async () => {
    db = await createTestSchema('vault_rotation_cmd');
    await runMigrations(db.pool, 'personal-data-vault', vaultMigrations);
    await migrateAgencyNotifications(db.pool);
  });
  afterEach(async () => {
    await db?.drop();
  });

  it('re-wraps data keys and webhook secrets in batches, then reports that the old key is unused', async () => {
    const before = new PostgresPersonalDataVault(db.pool, A);
    const refs: string[] = [];
    for (let i = 0; i < 7; i += 1) refs.push(await before.seal(`000.00.71.H29-261201-000${i}`, applicant));
    const webhooks = new AgencyWebhooks(
      db.pool,
      new WebhookSecretCipher(A),
      new StaticAgencyDirectory([{ code: AGENCY, name: { vi: AGENCY }, level: 'commune', roles: [] }]),
    );
    const registered = await webhooks.register(AGENCY, { url: 'https://ubnd.example.gov.vn/hook' });
    if (!registered.created) throw new Error('expected a new registration');

    const status = await rotateVaultMasterKey(db.pool, AB, { statusOnly: true });
    expect(status).toMatchObject({
      rewrappedDataKeys: 0,
      dataKeys: { 'key-a': 7 },
      webhookSecrets: { 'key-a': 1 },
      stillUsedKeyIds: ['key-a'],
    });
    expect(describeRotation(status, AB.ids).at(-1)).toBe(
      'master key "key-a" is still used: run this without --status to re-wrap under "key-b"',
    );

    const progress: string[] = [];
    const report = await rotateVaultMasterKey(db.pool, AB, { batchSize: 3, log: (l) => progress.push(l) });
    expect(report).toMatchObject({
      rewrappedDataKeys: 7,
      resealedWebhookSecrets: 1,
      dataKeys: { 'key-b': 7 },
      webhookSecrets: { 'key-b': 1 },
      unusedKeyIds: ['key-a'],
      stillUsedKeyIds: [],
    });
    expect(progress).toEqual([
      're-wrapped 3 personal-data keys under "key-b"',
      're-wrapped 6 personal-data keys under "key-b"',
      're-wrapped 7 personal-data keys under "key-b"',
      're-sealed 1 webhook registrations under "key-b"',
    ]);
    expect(describeRotation(report, AB.ids).at(-1)).toMatch(/^nothing uses "key-a" any more: remove it/);

    // With key A gone from the configuration, everything still opens.
    const after = new PostgresPersonalDataVault(db.pool, B);
    for (const ref of refs) await expect(after.open(ref)).resolves.toEqual(applicant);
    const { rows } = await db.pool.query<{ secret_sealed: Buffer; secret_key_id: string }>(
      'SELECT secret_sealed, secret_key_id FROM agency_webhooks',
    );
    expect(new WebhookSecretCipher(B).open(rows[0]!.secret_sealed, AGENCY, rows[0]!.secret_key_id)).toBe(
      registered.registration.secret,
    );
  });

  it('reports a master key it is not configured with instead of declaring the old key unused', async () => {
    const stranger = new PostgresPersonalDataVault(db.pool, VaultKeyring.single(randomBytes(32), 'key-z'));
    await stranger.seal('000.00.71.H29-261201-0100', applicant);
    await new PostgresPersonalDataVault(db.pool, A).seal('000.00.71.H29-261201-0101', applicant);
    const report = await rotateVaultMasterKey(db.pool, AB);
    expect(report).toMatchObject({
      dataKeys: { 'key-b': 1, 'key-z': 1 },
      unusedKeyIds: ['key-a'],
      stillUsedKeyIds: ['key-z'],
    });
    expect(describeRotation(report, AB.ids).at(-1)).toBe(
      'master key "key-z" is used but not configured here: add it to LIEN_THONG_VAULT_READ_KEYS and run this again',
    );
  });
});

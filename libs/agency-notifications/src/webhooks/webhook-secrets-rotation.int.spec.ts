import { randomBytes, randomUUID } from 'node:crypto';
import { StaticAgencyDirectory } from '@lien-thong/agencies';
import type { RecordedEvent } from '@lien-thong/event-store';
import { VaultKeyring } from '@lien-thong/config';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { migrateAgencyNotifications } from '../agency-notifications.migrations';
import { WebhookDispatcher } from '../delivery/webhook-dispatcher';
import { startTestReceiver, type TestReceiver } from '../testing/webhook-receiver';
import { agencyNotificationOutboxProjection } from '../outbox/agency-notification-outbox.projection';
import { verifyWebhookSignature } from '../signing/webhook-signature';
import { AgencyWebhooks } from './agency-webhooks';
import { WebhookAddressPolicy } from './webhook-address-policy';
import { WebhookSecretCipher } from './webhook-secret-cipher';
import { resealWebhookSecrets, webhookSecretKeyUsage } from './webhook-secrets-rotation';

/**
 * Webhook signing secrets follow a rotation of the vault's master key: re-sealed under the new key (the
 * previous secret of a secret rotation in grace too), after which the old master key is not needed.
 */
const AGENCIES = ['000.00.01.H29', '000.00.02.H29', '000.00.03.H29'];
const LOOPBACK = WebhookAddressPolicy.fromSetting('127.0.0.1');

describe('webhook secrets under a vault master-key rotation', () => {
  let db: TestSchema;
  let receiver: TestReceiver;
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  const directory = new StaticAgencyDirectory(
    AGENCIES.map((code) => ({ code, name: { vi: code }, level: 'commune', roles: [] })),
  );
  const webhooksWith = (cipher: WebhookSecretCipher) =>
    new AgencyWebhooks(db.pool, cipher, directory, { addressPolicy: LOOPBACK });
  const onlyA = new WebhookSecretCipher(VaultKeyring.single(keyA, 'key-a'));
  const rotating = new WebhookSecretCipher(
    new VaultKeyring(
      'key-b',
      new Map([
        ['key-b', keyB],
        ['key-a', keyA],
      ]),
    ),
  );
  const onlyB = new WebhookSecretCipher(VaultKeyring.single(keyB, 'key-b'));

  beforeAll(async () => {
    db = await createTestSchema('webhook_secret_rotation');
    await migrateAgencyNotifications(db.pool);
    receiver = await startTestReceiver(() => 200);
  });
  afterAll(async () => {
    await receiver?.close();
    await db?.drop();
  });

  it('re-seals every secret under the new key; deliveries are then signed with only the new key configured', async () => {
    const secrets = new Map<string, string[]>();
    for (const agency of AGENCIES) {
      const created = await webhooksWith(onlyA).register(agency, { url: receiver.url });
      if (!created.created) throw new Error('expected a new registration');
      secrets.set(agency, [created.registration.secret]);
    }
    // One agency rotated its signing secret before, one during the change of master key: both secrets
    // of each stay valid for the grace period and must both survive.
    secrets.get(AGENCIES[0]!)!.unshift((await webhooksWith(onlyA).rotateSecret(AGENCIES[0]!)).secret);
    secrets.get(AGENCIES[1]!)!.unshift((await webhooksWith(rotating).rotateSecret(AGENCIES[1]!)).secret);
    expect(await webhookSecretKeyUsage(db.pool)).toEqual({ 'key-a': 4, 'key-b': 1 });

    expect(await resealWebhookSecrets(db.pool, rotating, 2)).toBe(2);
    expect(await resealWebhookSecrets(db.pool, rotating, 2)).toBe(1);
    expect(await resealWebhookSecrets(db.pool, rotating, 2)).toBe(0);
    expect(await webhookSecretKeyUsage(db.pool)).toEqual({ 'key-b': 5 });

    // Owe each agency a notification and deliver with key A gone.
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      for (const [i, agency] of AGENCIES.entries())
        await agencyNotificationOutboxProjection().handle(handoff(agency, i + 1), client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const dispatcher = new WebhookDispatcher(db.pool, onlyB, { addressPolicy: LOOPBACK });
    expect(await dispatcher.dispatchDue()).toBe(3);
    const { rows } = await db.pool.query<{ agency_code: string; status: string }>(
      'SELECT agency_code, status FROM agency_notification_outbox ORDER BY agency_code',
    );
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
    for (const agency of AGENCIES) {
      const request = receiver.received.find((r) => r.body.includes(`"agencyCode":"${agency}"`))!;
      const signatures = String(request.headers['x-lienthong-signature']).split(',');
      expect(signatures).toHaveLength(secrets.get(agency)!.length);
      for (const secret of secrets.get(agency)!)
        expect(
          verifyWebhookSignature({
            body: request.body,
            timestamp: request.headers['x-lienthong-timestamp'] as string,
            signature: request.headers['x-lienthong-signature'] as string,
            secret,
          }),
        ).toEqual({ ok: true });
    }
  });
});

function handoff(agencyCode: string, position: number): RecordedEvent {
  return {
    id: randomUUID(),
    type: 'StepHandedOff',
    schemaVersion: 1,
    data: {
      stepId: 'a',
      fromAgencyCode: '000.00.71.H29',
      toAgencyCode: agencyCode,
      handedOffAt: '2026-11-24T08:00:00+07:00',
      deadline: '2026-11-26T17:00:00+07:00',
      previousStepId: null,
      previousStepOutcome: null,
    },
    metadata: { occurredAt: '2026-11-24T08:00:00+07:00', actor: {}, correlationId: randomUUID() },
    streamName: `dossier-000.00.71.H29-261124-000${position}`,
    revision: 3,
    position: BigInt(position),
    recordedAt: new Date(Date.now() + 1_000).toISOString(),
    hash: 'h',
    previousHash: null,
  };
}

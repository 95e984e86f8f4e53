import { randomBytes, randomUUID } from 'node:crypto';
import { StaticAgencyDirectory } from '@lien-thong/agencies';
import type { AgencyNotificationV1 } from '@lien-thong/contracts';
import type { RecordedEvent } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { migrateAgencyNotifications } from '../agency-notifications.migrations';
import { readDeliveryLog, type DeliveryLogEntry } from '../deliveries/delivery-log';
import { agencyNotificationOutboxProjection } from '../outbox/agency-notification-outbox.projection';
import { OutboxStore } from '../outbox/outbox-store';
import { verifyWebhookSignature } from '../signing/webhook-signature';
import { AgencyWebhooks } from '../webhooks/agency-webhooks';
import { WebhookAddressPolicy } from '../webhooks/webhook-address-policy';
import { WebhookSecretCipher } from '../webhooks/webhook-secret-cipher';
import type { BackoffPolicy } from './delivery-backoff';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher';
import { startTestReceiver, type ReceivedRequest, type TestReceiver } from '../testing/webhook-receiver';
import { httpWebhookSender, type SendResult } from './webhook-sender';

const AGENCIES = [
  '000.00.01.H29',
  '000.00.02.H29',
  '000.00.03.H29',
  '000.00.04.H29',
  '000.00.05.H29',
  '000.00.06.H29',
  '000.00.07.H29',
];
// The receivers listen on loopback, which the operator setting must allow explicitly.
const LOOPBACK_ALLOWED = WebhookAddressPolicy.fromSetting('127.0.0.0/8');
const loopbackSender = httpWebhookSender({ policy: LOOPBACK_ALLOWED });
const FAST: BackoffPolicy = { baseDelayMs: 300, maxDelayMs: 1_200, maxAttempts: 5, maxAgeMs: 3_600_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('webhook dispatcher (outbox on PostgreSQL, a local HTTP receiver)', () => {
  let db: TestSchema;
  let cipher: WebhookSecretCipher;
  let webhooks: AgencyWebhooks;
  const receivers: TestReceiver[] = [];
  const dispatchers: WebhookDispatcher[] = [];
  let position = 0n;

  const dispatcher = (options: WebhookDispatcherOptions = {}) => {
    const d = new WebhookDispatcher(db.pool, cipher, {
      addressPolicy: LOOPBACK_ALLOWED,
      backoff: FAST,
      random: () => 0.5,
      pollIntervalMs: 20,
      requestTimeoutMs: 2_000,
      leaseMs: 5_000,
      ...options,
    });
    dispatchers.push(d);
    return d;
  };
  async function receiver(respond: Parameters<typeof startTestReceiver>[0]): Promise<TestReceiver> {
    const r = await startTestReceiver(respond);
    receivers.push(r);
    return r;
  }
  async function register(agencyCode: string, url: string): Promise<string> {
    const result = await webhooks.register(agencyCode, { url });
    if (!result.created) throw new Error('expected a new registration');
    return result.registration.secret;
  }
  /** Handoffs to the agency, through the outbox projection (as the projection runner would apply them). */
  async function owe(agencyCode: string, count = 1): Promise<string[]> {
    const projection = agencyNotificationOutboxProjection();
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      for (let i = 0; i < count; i += 1) {
        position += 1n;
        const event: RecordedEvent = {
          id: randomUUID(),
          type: 'StepHandedOff',
          schemaVersion: 1,
          data: {
            stepId: `s${i}`,
            fromAgencyCode: '000.00.71.H29',
            toAgencyCode: agencyCode,
            handedOffAt: '2025-11-24T08:00:00+07:00',
            deadline: '2025-11-26T17:00:00+07:00',
            previousStepId: null,
            previousStepOutcome: null,
          },
          metadata: { occurredAt: '2025-11-24T08:00:00+07:00', actor: {}, correlationId: randomUUID() },
          streamName: `dossier-000.00.71.H29-251124-${String(position).padStart(4, '0')}`,
          revision: 3,
          position,
          recordedAt: new Date(Date.now() + 1_000).toISOString(),
          hash: 'h',
          previousHash: null,
        };
        await projection.handle(event, client);
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query<{ id: string }>(
      'SELECT id FROM agency_notification_outbox WHERE agency_code = $1 ORDER BY event_position',
      [agencyCode],
    );
    return rows.map((r) => r.id);
  }
  const log = (agencyCode: string, status?: string): Promise<DeliveryLogEntry[]> =>
    readDeliveryLog(db.pool, agencyCode, { status, limit: 500 });
  async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }
  const verified = (r: ReceivedRequest, secret: string) =>
    verifyWebhookSignature({
      body: r.body,
      timestamp: r.headers['x-lienthong-timestamp'] as string,
      signature: r.headers['x-lienthong-signature'] as string,
      secret,
    });

  beforeAll(async () => {
    db = await createTestSchema('agency_webhook_dispatch');
    await migrateAgencyNotifications(db.pool);
    cipher = new WebhookSecretCipher(randomBytes(32));
    webhooks = new AgencyWebhooks(
      db.pool,
      cipher,
      new StaticAgencyDirectory(
        AGENCIES.map((code) => ({ code, name: { vi: code }, level: 'commune', roles: [] })),
      ),
      { addressPolicy: LOOPBACK_ALLOWED },
    );
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await db?.drop();
  });

  it('retries a receiver that fails twice with backoff, then delivers the same signed body under the same id', async () => {
    const agency = AGENCIES[0]!;
    const r = await receiver((_req, previous) => (previous < 2 ? 500 : 204));
    const secret = await register(agency, r.url);
    const [id] = await owe(agency);
    const d = dispatcher();

    expect(await d.dispatchDue()).toBe(1);
    const [first] = await log(agency);
    expect(first).toMatchObject({
      deliveryId: id,
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500: receiver says no',
      deliveredAt: null,
    });
    // Backoff: 300 ms nominal, jitter pinned at the middle: 225 ms after the failure.
    const wait = Date.parse(first!.nextAttemptAt!) - Date.parse(first!.lastAttemptAt!);
    expect(wait).toBeGreaterThanOrEqual(225);
    expect(await d.dispatchDue()).toBe(0);

    await sleep(400);
    expect(await d.dispatchDue()).toBe(1);
    expect((await log(agency))[0]).toMatchObject({ attempts: 2, lastStatusCode: 500, status: 'pending' });
    await sleep(700);
    expect(await d.dispatchDue()).toBe(1);
    expect((await log(agency))[0]).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 204,
      lastError: null,
      nextAttemptAt: null,
    });

    expect(r.received.map((q) => q.deliveryId)).toEqual([id, id, id]);
    expect(new Set(r.received.map((q) => q.body)).size).toBe(1);
    for (const q of r.received) {
      expect(verified(q, secret)).toEqual({ ok: true });
      expect(q.headers['content-type']).toBe('application/json');
      expect(q.headers['x-lienthong-event']).toBe('step.handed-off');
    }
    const body = JSON.parse(r.received[0]!.body) as AgencyNotificationV1;
    expect(body).toMatchObject({ version: 1, id, type: 'step.handed-off', agencyCode: agency, stepId: 's0' });
  });

  it('never lets two dispatchers deliver the same notification at the same time (each once in all)', async () => {
    const agency = AGENCIES[1]!;
    const r = await receiver(async () => {
      await sleep(15);
      return 200;
    });
    await register(agency, r.url);
    const ids = await owe(agency, 40);
    const sentBy: [number, number] = [0, 0];
    const counting = (i: 0 | 1) => ({
      sender: (request: Parameters<typeof loopbackSender>[0]) => {
        sentBy[i] += 1;
        return loopbackSender(request);
      },
      batchSize: 4,
    });
    dispatcher(counting(0)).start();
    dispatcher(counting(1)).start();
    await until('every notification delivered', async () =>
      (await log(agency, 'delivered')).length === ids.length ? true : undefined,
    );
    expect(r.received.map((q) => q.deliveryId).sort()).toEqual([...ids].sort());
    expect(r.maxConcurrentPerDelivery()).toBe(1);
    expect(sentBy[0] + sentBy[1]).toBe(ids.length);
    expect(sentBy[0]).toBeGreaterThan(0);
    expect(sentBy[1]).toBeGreaterThan(0);
  });

  it('redelivers, under the same id, what a dispatcher that died mid-delivery had claimed once its lease expires', async () => {
    const agency = AGENCIES[2]!;
    const r = await receiver(() => 200);
    const secret = await register(agency, r.url);
    const [id] = await owe(agency);
    // Dispatcher A sends, then "dies" before recording the outcome: its sender never returns.
    let revive: (result: SendResult) => void = () => undefined;
    const a = dispatcher({
      leaseMs: 400,
      requestTimeoutMs: 200,
      sender: async (request) => {
        await loopbackSender(request);
        return new Promise<SendResult>((resolve) => (revive = resolve));
      },
    });
    const aRound = a.dispatchDue();
    await until('A delivered once', () => Promise.resolve(r.received.length === 1 ? true : undefined));

    const b = dispatcher({ leaseMs: 400, requestTimeoutMs: 200 });
    expect(await b.dispatchDue()).toBe(0); // still leased to A
    expect((await log(agency))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    await sleep(450);
    expect(await b.dispatchDue()).toBe(1);
    expect((await log(agency))[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
    expect(r.received.map((q) => q.deliveryId)).toEqual([id, id]);
    expect(r.received.every((q) => verified(q, secret).ok)).toBe(true);

    // A comes back with a failure: its claim is gone, nothing is overwritten.
    revive({ ok: false, statusCode: 500, error: 'HTTP 500' });
    expect(await aRound).toBe(1);
    expect((await log(agency))[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
  });

  it('gives up after the last attempt or a timeout-ridden run, and keeps the failure in the delivery log', async () => {
    const agency = AGENCIES[3]!;
    const r = await receiver(async (_req, previous) => {
      if (previous === 0) await sleep(400);
      return 503;
    });
    await register(agency, r.url);
    const [id] = await owe(agency);
    const d = dispatcher({ backoff: { ...FAST, maxAttempts: 2 }, requestTimeoutMs: 150, leaseMs: 1_000 });
    expect(await d.dispatchDue()).toBe(1);
    expect((await log(agency))[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: null,
      lastError: 'timed out after 150 ms',
    });
    await sleep(400);
    expect(await d.dispatchDue()).toBe(1);
    const failed = await log(agency, 'failed');
    expect(failed).toEqual([
      expect.objectContaining({
        deliveryId: id,
        status: 'failed',
        attempts: 2,
        lastStatusCode: 503,
        lastError: 'HTTP 503: receiver says no (gave up: 2 attempts)',
        nextAttemptAt: null,
      }),
    ]);
    await sleep(200);
    expect(await d.dispatchDue()).toBe(0);
    expect(await log(agency, 'pending')).toEqual([]);
  });

  it('signs with both secrets while a rotation is in grace; a deleted webhook cancels what is pending', async () => {
    const agency = AGENCIES[4]!;
    const r = await receiver(() => 200);
    const old = await register(agency, r.url);
    const rotated = await webhooks.rotateSecret(agency);
    expect(rotated.secret).not.toBe(old);
    await owe(agency);
    expect(await dispatcher().dispatchDue()).toBe(1);
    const [q] = r.received;
    expect(String(q!.headers['x-lienthong-signature']).split(',')).toHaveLength(2);
    expect(verified(q!, rotated.secret)).toEqual({ ok: true });
    expect(verified(q!, old)).toEqual({ ok: true });

    await owe(agency, 2);
    await webhooks.remove(agency);
    expect(await dispatcher().dispatchDue()).toBe(0);
    expect((await log(agency)).map((e) => e.status).sort()).toEqual(['cancelled', 'cancelled', 'delivered']);
    expect(r.received).toHaveLength(1);
  });

  it('lets the outcome of a claim be recorded only by its holder', async () => {
    const store = new OutboxStore(db.pool);
    await register(AGENCIES[5]!, 'http://127.0.0.1:9/unused');
    const ids = await owe(AGENCIES[5]!);
    const [stale] = (await store.claimDue(10, 50)).filter((c) => c.id === ids[ids.length - 1]);
    expect(stale).toBeDefined();
    await sleep(80);
    const [fresh] = (await store.claimDue(10, 5_000)).filter((c) => c.id === stale!.id);
    expect(fresh!.attempts).toBe(stale!.attempts + 1);
    expect(await store.complete(stale!, { status: 'delivered', statusCode: 200 })).toBe(false);
    expect(await store.complete(fresh!, { status: 'failed', statusCode: 410, error: 'HTTP 410' })).toBe(true);
  });
  it('refuses at send time a registered name that resolves to loopback: failed at once, nothing reaches the receiver', async () => {
    const agency = AGENCIES[6]!;
    const r = await receiver(() => 200);
    const port = new URL(r.url).port;
    // Registration does not resolve names: a public-looking name is accepted under the strict policy...
    const strictWebhooks = new AgencyWebhooks(
      db.pool,
      cipher,
      new StaticAgencyDirectory([{ code: agency, name: { vi: agency }, level: 'commune', roles: [] }]),
    );
    await expect(strictWebhooks.register(agency, { url: r.url })).rejects.toMatchObject({
      code: 'WEBHOOK_REGISTRATION_INVALID',
      problems: [expect.objectContaining({ code: 'ADDRESS_NOT_ALLOWED' })],
    });
    await strictWebhooks.register(agency, { url: `http://hooks.agency-7.example.vn:${port}/hook` });
    const [id] = await owe(agency);
    // ...and the dispatcher resolves it (here: to the receiver's loopback address) and refuses to connect.
    const resolved: string[] = [];
    const d = dispatcher({
      sender: httpWebhookSender({
        policy: WebhookAddressPolicy.strict(),
        resolve: (hostname) => {
          resolved.push(hostname);
          return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
        },
      }),
    });
    expect(await d.dispatchDue()).toBe(1);
    expect(resolved).toEqual(['hooks.agency-7.example.vn']);
    expect(await log(agency)).toEqual([
      expect.objectContaining({
        deliveryId: id,
        status: 'failed',
        attempts: 1,
        lastStatusCode: null,
        lastError:
          'refused before connecting: hooks.agency-7.example.vn resolves to 127.0.0.1; 127.0.0.1 is a loopback ' +
          'address; webhooks go only to public addresses (nothing was sent) (not retried)',
        nextAttemptAt: null,
      }),
    ]);
    await sleep(50);
    expect(await d.dispatchDue()).toBe(0);
    expect(r.received).toHaveLength(0);

    // The same receiver is reachable: allowed by the operator, the next notification arrives.
    const next = (await owe(agency)).at(-1);
    const allowed = dispatcher({
      sender: httpWebhookSender({
        policy: LOOPBACK_ALLOWED,
        resolve: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
      }),
    });
    expect(await allowed.dispatchDue()).toBe(1);
    expect(r.received.map((q) => q.deliveryId)).toEqual([next]);
  });
});

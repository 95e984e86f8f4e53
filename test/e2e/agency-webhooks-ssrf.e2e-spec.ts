import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import {
  agencyNotificationOutboxProjection,
  httpWebhookSender,
  WebhookAddressPolicy,
  WebhookDispatcher,
  WebhookSecretCipher,
} from '@lien-thong/agency-notifications';
import type { RecordedEvent } from '@lien-thong/event-store';
import { PG_POOL } from '@lien-thong/postgres';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/**
 * Webhooks never reach private or loopback addresses (issue 16). The API runs with the default policy
 * (LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS unset); a real listener on 127.0.0.1 counts every request that
 * reaches it, and none may. Registration is refused for every spelling of an internal address; a public
 * name that resolves to loopback when the worker sends is refused then, before any connection.
 */
const DESK = '000.00.71.H29';

describe('agency webhooks never reach private or loopback addresses', () => {
  let t: ApiTestApp;
  let listener: Server;
  let port: number;
  let hits = 0;
  let agency: () => ReturnType<ApiTestApp['http']>;

  beforeAll(async () => {
    listener = createServer((req, res) => {
      hits += 1;
      req.resume();
      res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as AddressInfo).port;
    t = await startApiTestApp('e2e_webhooks_ssrf', { overrides: { seed: 'sample' } });
    // The agency's own software, as in production: an API client and its token.
    const client = (
      await t
        .http()
        .post('/admin/clients')
        .send({ agencyCode: DESK, description: 'Phần mềm UBND xã' })
        .expect(201)
    ).body as { clientId: string; clientSecret: string };
    const token = (
      await t
        .anonymous()
        .post('/auth/token')
        .send({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        })
        .expect(200)
    ).body.access_token as string;
    agency = () => t.anonymous().set('authorization', `Bearer ${token}`);
  });
  afterAll(async () => {
    await t?.close();
    listener?.closeAllConnections();
    await new Promise((resolve) => listener?.close(resolve));
  });

  it('refuses with 400 every spelling of an internal address, writes nothing, and nothing reaches the listener', async () => {
    const urls = [
      `http://127.0.0.1:${port}/x`,
      `http://2130706433:${port}/x`,
      `http://0x7f.1:${port}/x`,
      `http://0177.0.0.1:${port}/x`,
      `http://[::1]:${port}/x`,
      `http://[::ffff:127.0.0.1]:${port}/x`,
      `http://localhost:${port}/x`,
      `http://hooks.localhost:${port}/x`,
      'http://169.254.169.254/latest/meta-data',
      'http://[fd00:ec2::254]/latest/meta-data',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://10.0.0.1/hook',
      'http://192.168.1.1/hook',
      'http://100.64.0.1/hook',
      'http://0.0.0.0/hook',
      `http://intranet:${port}/hook`,
    ];
    for (const url of urls) {
      const refused = await agency().put(`/agencies/${DESK}/webhook`).send({ url });
      expect([url, refused.status, refused.body.code]).toEqual([url, 400, 'WEBHOOK_REGISTRATION_INVALID']);
      expect(refused.body.problems).toEqual([
        expect.objectContaining({ path: 'url', code: 'ADDRESS_NOT_ALLOWED' }),
      ]);
      expect(refused.body.message).toMatch(/^url: must reach a public internet address: /);
      expect(refused.body.messageVi).toBe(
        'Đăng ký webhook không hợp lệ: URL phải trỏ tới một địa chỉ công khai trên Internet, không được trỏ tới máy cục bộ hay mạng nội bộ',
      );
    }
    await agency().get(`/agencies/${DESK}/webhook`).expect(404);
    const rows = await t.db.pool.query('SELECT 1 FROM agency_webhooks');
    expect(rows.rowCount).toBe(0);
    expect(hits).toBe(0);
  });

  it('keeps a registration unchanged when an update names an internal address', async () => {
    const url = 'https://mot-cua.example.gov.vn/lien-thong/webhook';
    await agency().put(`/agencies/${DESK}/webhook`).send({ url }).expect(201);
    await agency()
      .put(`/agencies/${DESK}/webhook`)
      .send({ url: `http://127.0.0.1:${port}/x` })
      .expect(400);
    expect((await agency().get(`/agencies/${DESK}/webhook`).expect(200)).body.url).toBe(url);
    await agency().delete(`/agencies/${DESK}/webhook`).expect(204);
    expect(hits).toBe(0);
  });

  it('refuses at send time a name that resolves to 127.0.0.1: no connection, the refusal in the delivery log', async () => {
    const name = 'hooks.ubnd-xa.example.vn';
    await agency()
      .put(`/agencies/${DESK}/webhook`)
      .send({ url: `http://${name}:${port}/lien-thong/webhook` })
      .expect(201);
    const deliveryId = await oweHandoff(t.app.get<Pool>(PG_POOL), DESK);
    // The worker's dispatcher, with the resolver replaced: there is no outside DNS here, and the test
    // needs the name to answer 127.0.0.1 (as a hostile or careless DNS record would).
    const resolved: string[] = [];
    const dispatcher = new WebhookDispatcher(t.app.get<Pool>(PG_POOL), t.app.get(WebhookSecretCipher), {
      sender: httpWebhookSender({
        policy: WebhookAddressPolicy.fromSetting(undefined),
        resolve: (host) => {
          resolved.push(host);
          return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
        },
      }),
    });
    expect(await dispatcher.dispatchDue()).toBe(1);
    expect(resolved).toEqual([name]);
    const log = (await agency().get(`/agencies/${DESK}/deliveries`).expect(200)).body.deliveries as unknown[];
    expect(log).toEqual([
      expect.objectContaining({
        deliveryId,
        status: 'failed',
        attempts: 1,
        lastStatusCode: null,
        lastError:
          `refused before connecting: ${name} resolves to 127.0.0.1; 127.0.0.1 is a loopback address; ` +
          'webhooks go only to public addresses (nothing was sent) (not retried)',
        nextAttemptAt: null,
      }),
    ]);
    expect(await dispatcher.dispatchDue()).toBe(0);
    expect(hits).toBe(0);
  });
});

/** A handoff owed to the agency, through the outbox projection as the projection runner applies it. */
async function oweHandoff(pool: Pool, agencyCode: string): Promise<string> {
  const event: RecordedEvent = {
    id: randomUUID(),
    type: 'StepHandedOff',
    schemaVersion: 1,
    data: {
      stepId: 'register-birth',
      fromAgencyCode: agencyCode,
      toAgencyCode: agencyCode,
      handedOffAt: '2026-11-24T08:00:00+07:00',
      deadline: '2026-11-26T17:00:00+07:00',
      previousStepId: null,
      previousStepOutcome: null,
    },
    metadata: { occurredAt: '2026-11-24T08:00:00+07:00', actor: {}, correlationId: randomUUID() },
    streamName: `dossier-${agencyCode}-261124-0001`,
    revision: 3,
    position: 1n,
    recordedAt: new Date(Date.now() + 1_000).toISOString(),
    hash: 'h',
    previousHash: null,
  };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await agencyNotificationOutboxProjection().handle(event, client);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  const { rows } = await pool.query<{ id: string }>(
    'SELECT id FROM agency_notification_outbox WHERE agency_code = $1',
    [agencyCode],
  );
  if (rows.length !== 1) throw new Error(`expected one notification owed, found ${rows.length}`);
  return rows[0]!.id;
}

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgencyNotificationV1 } from '@lien-thong/contracts';
import { verifyWebhookSignature, WebhookDispatcher } from '@lien-thong/agency-notifications';
import { TEST_PROCEDURES } from '@lien-thong/procedures';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/**
 * Notifications to agencies end to end: an agency registers a webhook over HTTP, a dossier runs under
 * the coordination workflow, the outbox projection owes the agency the handoff, the dispatcher (the
 * one the worker starts, here in-process) POSTs it signed, and the agency reads its delivery log.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe('agency webhooks (registration, signed delivery of a handoff, delivery log)', () => {
  let t: ApiTestApp;
  let server: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  const http = () => t.http();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lien-thong/webhook`;
    t = await startApiTestApp('e2e_agency_webhooks', {
      // The receiver listens on loopback: allowed explicitly, as an operator would for a local network.
      overrides: { seed: 'sample', calendar: 'always-open', webhookAllowedNetworks: '127.0.0.1' },
      projections: true,
      coordination: true,
    });
    for (const procedure of TEST_PROCEDURES) {
      await t.as('procedure-designer', null, 'designer').post('/procedures').send(procedure).expect(201);
      await t
        .as('procedure-designer', null, 'designer')
        .post(`/procedures/${procedure.code}/versions`)
        .expect(201);
    }
    t.app.get(WebhookDispatcher).start();
  });
  afterAll(async () => {
    await t?.app.get(WebhookDispatcher).stop();
    await t?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('refuses an unknown agency, a URL that is not http(s) and an unknown kind, naming the field', async () => {
    expect(
      (await http().put('/agencies/000.00.99.H29/webhook').send({ url: receiverUrl }).expect(404)).body.code,
    ).toBe('AGENCY_NOT_FOUND');
    const bad = await http()
      .put(`/agencies/${DESK}/webhook`)
      .send({ url: 'ftp://desk.example.gov.vn/hook', events: ['step.handed-off', 'dossier.exploded'] })
      .expect(400);
    expect(bad.body.code).toBe('WEBHOOK_REGISTRATION_INVALID');
    expect((bad.body.problems as { path: string }[]).map((p) => p.path)).toEqual(['url', 'events[1]']);
    expect(bad.body.message).toContain('url: must use http or https, not ftp');
    await http().get(`/agencies/${DESK}/webhook`).expect(404);
  });

  it('delivers a handoff to the receiving agency, signed, and shows it in the delivery log', async () => {
    const created = await http()
      .put(`/agencies/${DESK}/webhook`)
      .send({ url: receiverUrl, events: ['step.handed-off', 'step.overdue'] })
      .expect(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    const shown = (await http().get(`/agencies/${DESK}/webhook`).expect(200)).body;
    expect(shown).toMatchObject({
      agencyCode: DESK,
      url: receiverUrl,
      events: ['step.handed-off', 'step.overdue'],
    });
    expect(JSON.stringify(shown)).not.toContain(secret);
    // Updating the URL or kinds keeps the secret (and does not show it again).
    const updated = await http().put(`/agencies/${DESK}/webhook`).send({ url: receiverUrl }).expect(200);
    expect(updated.body).toMatchObject({ events: null });
    expect(updated.body.secret).toBeUndefined();

    const intake = await t
      .as('reception-officer', DESK, 'can-bo-1')
      .post('/dossiers')
      .send({
        procedureCode: '9.000001',
        channel: 'online',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners: { b: POLICE },
        applicant: { fullName: 'Phạm Văn Thử', address: '1 Hàm Nghi', idNumber: '079000000001' },
        documents: [],
      })
      .expect(201);
    const code = intake.body.dossierCode as string;

    const delivery = await waitFor('the handoff of step a delivered to the desk', () =>
      received.find((r) => (JSON.parse(r.body) as AgencyNotificationV1).dossierCode === code),
    );
    const body = JSON.parse(delivery.body) as AgencyNotificationV1;
    expect(body).toMatchObject({
      version: 1,
      type: 'step.handed-off',
      dossierCode: code,
      agencyCode: DESK,
      stepId: 'a',
      source: { eventType: 'StepHandedOff' },
    });
    expect(Date.parse(body.deadline!)).toBeGreaterThan(Date.parse(body.occurredAt));
    expect(delivery.headers['x-lienthong-delivery']).toBe(body.id);
    expect(delivery.headers['x-lienthong-event']).toBe('step.handed-off');
    expect(
      verifyWebhookSignature({
        body: delivery.body,
        timestamp: delivery.headers['x-lienthong-timestamp'] as string,
        signature: delivery.headers['x-lienthong-signature'] as string,
        secret,
      }),
    ).toEqual({ ok: true });
    expect(
      verifyWebhookSignature({
        body: delivery.body.replace('"stepId":"a"', '"stepId":"b"'),
        timestamp: delivery.headers['x-lienthong-timestamp'] as string,
        signature: delivery.headers['x-lienthong-signature'] as string,
        secret,
      }),
    ).toEqual({ ok: false, reason: 'no-match' });

    const entry = await waitFor('the delivery logged as delivered', async () => {
      const log = await http().get(`/agencies/${DESK}/deliveries?status=delivered&limit=10`).expect(200);
      return (log.body.deliveries as { deliveryId: string }[]).find((d) => d.deliveryId === body.id);
    });
    expect(entry).toMatchObject({
      type: 'step.handed-off',
      dossierCode: code,
      stepId: 'a',
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
    });
    // Nothing owed to the police: they have no webhook.
    expect((await http().get(`/agencies/${POLICE}/deliveries`).expect(200)).body.deliveries).toEqual([]);
    await http().get(`/agencies/${DESK}/deliveries?status=lost`).expect(400);
    await http().get(`/agencies/000.00.99.H29/deliveries`).expect(404);
  });

  it('rotates the secret (shown once) and removes the webhook', async () => {
    const rotated = await http().post(`/agencies/${DESK}/webhook/rotate-secret`).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.previousSecretValidUntil).not.toBeNull();
    await http().delete(`/agencies/${DESK}/webhook`).expect(204);
    await http().get(`/agencies/${DESK}/webhook`).expect(404);
    await http().delete(`/agencies/${DESK}/webhook`).expect(404);
    expect(
      (await http().get(`/agencies/${DESK}/deliveries`).expect(200)).body.deliveries.length,
    ).toBeGreaterThan(0);
  });
});

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

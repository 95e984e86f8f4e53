import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgencyNotificationV1 } from '@lien-thong/contracts';
import { verifyWebhookSignature, WebhookDispatcher } from '@lien-thong/agency-notifications';
import { startApiTestApp, TestClock, type ApiTestApp } from '../support/api-test-app';
import { until } from '../support/until';

/**
 * Who signs the apology and when the new appointment may fall (issue 18, item 4), and the escalation
 * to the supervising agency the directory names, told by webhook and in its inbox (item 5): through
 * HTTP on the Vietnamese civil-service calendar with the sample directory (its invented heads), real
 * PostgreSQL, the read models and the webhook dispatcher.
 */
const DESK = '000.00.71.H29'; // Ủy ban nhân dân phường Sài Gòn
const POLICE = '000.00.72.H29'; // Công an phường Sài Gòn, supervised by the city police
const CITY_POLICE = '000.00.62.H29'; // Công an Thành phố Hồ Chí Minh
const INSURANCE = '000.00.61.H29'; // Bảo hiểm xã hội Thành phố: no supervising agency in the directory
const JUSTICE = '000.00.05.H29'; // Sở Tư pháp: no part in the dossier

interface StoredEvent {
  type: string;
  data: Record<string, unknown>;
}

describe('apology signed by the head, escalation to the supervising agency (sample directory, civil-service calendar)', () => {
  let t: ApiTestApp;
  let server: Server;
  let secret: string;
  const deliveries: { headers: IncomingHttpHeaders; body: string }[] = [];
  let code: string;
  // Monday 2/3/2026 09:00, an ordinary working week.
  const clock = new TestClock(Date.parse('2026-03-02T09:00:00+07:00'));

  const as = (roles: string | string[], agency: string | null, person: string) =>
    t.as(roles as never, agency, person);
  const officer = (agency: string) => as('agency-officer', agency, `can-bo-${agency}`);
  const head = (agency: string) => as('agency-head', agency, `thu-truong-${agency}`);
  const act = (agency: string, path: string, body: object = {}) =>
    as(['agency-officer', 'agency-head'], agency, `can-bo-${agency}`)
      .post(`/dossiers/${code}${path}`)
      .send({ agencyCode: agency, ...body });
  const handOff = (stepId: string, from: string, to: string) =>
    as(['agency-officer', 'agency-head'], from, `can-bo-${from}`)
      .post(`/dossiers/${code}/steps/${stepId}/handoff`)
      .send({ fromAgencyCode: from, toAgencyCode: to })
      .expect(200);
  const events = async (type: string): Promise<StoredEvent[]> =>
    (
      await t.db.pool.query<StoredEvent>(
        'SELECT type, data FROM events WHERE stream_name = $1 AND type = $2 ORDER BY revision',
        [`dossier-${code}`, type],
      )
    ).rows;
  const apology = (newAppointmentAt: string, extra: object = {}) => ({
    agencyCode: POLICE,
    reason: 'Cần xác minh thêm thông tin cư trú',
    newAppointmentAt,
    ...extra,
  });

  beforeAll(async () => {
    // The city police's software: a local webhook receiver (loopback allowed for this test).
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    t = await startApiTestApp('e2e_lateness_rules', {
      overrides: { seed: 'sample', webhookAllowedNetworks: '127.0.0.1' },
      clock,
      projections: true,
    });
    const registered = await t
      .http()
      .put(`/agencies/${CITY_POLICE}/webhook`)
      .send({ url, events: ['dossier.escalated'] })
      .expect(201);
    secret = registered.body.secret as string;
    t.app.get(WebhookDispatcher).start();

    // Received online on Monday 09:00 (3 working days from Tuesday: due Thursday 5/3 17:00), through the
    // desk's step to the ward police, who hold it past its one-day budget.
    const received = await as('reception-officer', DESK, 'can-bo-tiep-nhan')
      .post('/dossiers')
      .send({
        procedureCode: '1.001193',
        channel: 'online',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners: { 'register-residence': POLICE },
        applicant: { fullName: 'Lý Thị Hoa', address: '5 Pasteur, phường Sài Gòn', idNumber: '079190004321' },
        documents: [
          { code: 'to-khai-lien-thong', copies: 1, original: true },
          { code: 'giay-chung-sinh', copies: 1, original: true },
        ],
      })
      .expect(201);
    code = received.body.dossierCode as string;
    expect(received.body.appointmentAt).toBe('2026-03-05T17:00:00.000+07:00');
    await as('reception-officer', DESK, 'can-bo-tiep-nhan')
      .post(`/dossiers/${code}/transfer`)
      .send({ toAgencyCode: DESK })
      .expect(200);
    await handOff('register-birth', DESK, DESK);
    await act(DESK, '/steps/register-birth/receive').expect(200);
    await act(DESK, '/steps/register-birth/complete', { resultSummary: 'Đã đăng ký khai sinh' }).expect(200);
    await handOff('register-residence', DESK, POLICE);
    await act(POLICE, '/steps/register-residence/receive').expect(200);
    clock.set('2026-03-04T10:00:00+07:00');
    await as('administrator', null, 'quan-tri')
      .post(`/dossiers/${code}/steps/register-residence/overdue`)
      .expect(200);
  }, 60_000);
  afterAll(async () => {
    await t?.app.get(WebhookDispatcher).stop();
    await t?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("lets only the responsible agency's head sign form 04, on a working day after the current appointment, once", async () => {
    // Decree 61/2018 art. 19; Circular 03/2025 form 04: signed by the head of the agency that caused the delay.
    const url = `/dossiers/${code}/apology`;
    const byOfficer = await officer(POLICE).post(url).send(apology('2026-03-09T17:00:00+07:00'));
    expect([byOfficer.status, byOfficer.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    const byAdmin = await as(['administrator', 'agency-head'], null, 'quan-tri')
      .post(url)
      .send(apology('2026-03-09T17:00:00+07:00'));
    expect(byAdmin.status).toBe(403);
    const byStranger = await head(JUSTICE)
      .post(url)
      .send({ ...apology('2026-03-09T17:00:00+07:00'), agencyCode: JUSTICE });
    expect([byStranger.status, byStranger.body.code]).toEqual([403, 'AGENCY_MISMATCH']);
    const freeText = await head(POLICE)
      .post(url)
      .send(apology('2026-03-09T17:00:00+07:00', { signedBy: 'ai-do' }));
    expect(freeText.status).toBe(400);
    expect(freeText.body.message).toContain('signedBy');

    // Saturday, the lunch break, and before the current appointment: refused, naming why.
    for (const [at, refusal] of [
      ['2026-03-07T10:00:00+07:00', 'DOSSIER_APPOINTMENT_NOT_WORKING_DAY'],
      ['2026-03-09T12:00:00+07:00', 'DOSSIER_APPOINTMENT_NOT_WORKING_DAY'],
      ['2026-03-05T10:00:00+07:00', 'DOSSIER_APPOINTMENT_NOT_LATER'],
    ] as const) {
      const res = await head(POLICE).post(url).send(apology(at));
      expect([res.status, res.body.code]).toEqual([422, refusal]);
    }
    expect(await events('ApologyIssued')).toEqual([]);

    await head(POLICE).post(url).send(apology('2026-03-09T17:00:00+07:00')).expect(200);
    const [issued] = await events('ApologyIssued');
    expect(issued!.data).toMatchObject({
      responsibleAgencyCode: POLICE,
      signedBy: `thu-truong-${POLICE}`,
      signer: { name: 'Trịnh Văn Phúc', title: 'Trưởng Công an phường Sài Gòn' },
      previousAppointmentAt: '2026-03-05T17:00:00.000+07:00',
      newAppointmentAt: '2026-03-09T17:00:00+07:00',
      // One working day before Thursday's appointment: Wednesday 17:00; signed Wednesday 10:00.
      noticeDueBy: '2026-03-04T17:00:00.000+07:00',
      withinNoticePeriod: true,
    });
    const again = await head(POLICE).post(url).send(apology('2026-03-10T17:00:00+07:00'));
    expect([again.status, again.body.code]).toEqual([422, 'DOSSIER_REAPPOINTMENT_LIMIT_REACHED']);
  });

  it('escalates to the supervising agency the directory names, which hears it by webhook and sees it in its inbox', async () => {
    const url = `/dossiers/${code}/escalation`;
    const wrong = await head(POLICE)
      .post(url)
      .send({ to: 'supervising-agency', toAgencyCode: '000.00.00.H29', reason: 'Quá hạn' });
    expect([wrong.status, wrong.body.code]).toEqual([422, 'DOSSIER_ESCALATION_NOT_SUPERVISING']);
    expect(wrong.body.message).toContain(CITY_POLICE);
    await head(POLICE)
      .post(url)
      .send({ to: 'supervising-agency', reason: 'Bước đăng ký thường trú quá hạn' })
      .expect(200);
    const [escalated] = await events('DossierEscalated');
    expect(escalated!.data).toMatchObject({
      to: 'supervising-agency',
      toAgencyCode: CITY_POLICE,
      fromAgencyCode: POLICE,
    });

    // The city police's software is told (signed), and its inbox lists the dossier.
    const delivered = await until('dossier.escalated at the city police', () =>
      deliveries.find((r) => r.headers['x-lienthong-event'] === 'dossier.escalated'),
    );
    const notification = JSON.parse(delivered.body) as AgencyNotificationV1;
    expect(notification).toMatchObject({
      type: 'dossier.escalated',
      dossierCode: code,
      agencyCode: CITY_POLICE,
      details: {
        to: 'supervising-agency',
        fromAgencyCode: POLICE,
        reason: 'Bước đăng ký thường trú quá hạn',
      },
    });
    expect(
      verifyWebhookSignature({
        body: delivered.body,
        timestamp: delivered.headers['x-lienthong-timestamp'] as string,
        signature: delivered.headers['x-lienthong-signature'] as string,
        secret,
      }),
    ).toEqual({ ok: true });
    await t.settle();
    const inbox = (await officer(CITY_POLICE).get(`/agencies/${CITY_POLICE}/inbox`).expect(200)).body as {
      items: unknown[];
      escalations: { dossierCode: string; fromAgencyCode: string; to: string }[];
    };
    expect(inbox.items).toEqual([]);
    expect(inbox.escalations).toEqual([
      expect.objectContaining({ dossierCode: code, fromAgencyCode: POLICE, to: 'supervising-agency' }),
    ]);
    // It may now follow the dossier; an agency with no part still may not.
    await officer(CITY_POLICE).get(`/dossiers/${code}`).expect(200);
    await officer(JUSTICE).get(`/dossiers/${code}`).expect(403);
  });

  it('refuses a supervising agency the directory does not name; escalated to the head, the agency itself is told; gone once the result is ready', async () => {
    await act(POLICE, '/steps/register-residence/complete', {
      resultSummary: 'Đã đăng ký thường trú',
    }).expect(200);
    await handOff('issue-health-card', POLICE, INSURANCE);
    const none = await head(INSURANCE)
      .post(`/dossiers/${code}/escalation`)
      .send({ to: 'supervising-agency', reason: 'Chậm' });
    expect([none.status, none.body.code]).toEqual([422, 'DOSSIER_NO_SUPERVISING_AGENCY']);
    await head(INSURANCE)
      .post(`/dossiers/${code}/escalation`)
      .send({ to: 'head', reason: 'Chậm' })
      .expect(200);
    await t.settle();
    const insurance = (await officer(INSURANCE).get(`/agencies/${INSURANCE}/inbox`).expect(200)).body as {
      escalations: { dossierCode: string; to: string }[];
    };
    expect(insurance.escalations).toEqual([expect.objectContaining({ dossierCode: code, to: 'head' })]);

    await act(INSURANCE, '/steps/issue-health-card/receive').expect(200);
    await act(INSURANCE, '/steps/issue-health-card/complete', { resultSummary: 'Đã cấp thẻ' }).expect(200);
    await handOff('return-result', INSURANCE, DESK);
    await act(DESK, '/steps/return-result/receive').expect(200);
    await act(DESK, '/steps/return-result/complete', { resultSummary: 'Sẵn sàng trả' }).expect(200);
    await as('reception-officer', DESK, 'can-bo-tiep-nhan')
      .post(`/dossiers/${code}/result-ready`)
      .send({ deskUnitCode: DESK })
      .expect(200);
    await t.settle();
    for (const agency of [CITY_POLICE, INSURANCE]) {
      const page = (await officer(agency).get(`/agencies/${agency}/inbox`).expect(200)).body as {
        escalations: unknown[];
      };
      expect(page.escalations).toEqual([]);
    }
  });
});

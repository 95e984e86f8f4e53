import type { Pool } from 'pg';
import { AGENCY_DIRECTORY } from '@lien-thong/agencies';
import {
  ApplicantNoticeDispatcher,
  ApplicantNoticeOutbox,
  noticeSendersFor,
  type ApplicantNoticeDispatcherDeps,
} from '@lien-thong/applicant-notifications';
import { LocalMailbox, TextGatewaySimulator } from '@lien-thong/applicant-notifications/testing';
import { BoundProcedures, DossierCommandService } from '@lien-thong/dossiers';
import { PERSONAL_DATA_VAULT } from '@lien-thong/personal-data';
import { PG_POOL } from '@lien-thong/postgres';
import { TEST_PROCEDURES } from '@lien-thong/procedures';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { until } from '../support/until';

/**
 * The applicant hears about their dossier (issue 18, item 11), end to end: real PostgreSQL, the
 * coordination workflow on Temporal, the outbox projection, and the dispatcher the worker runs (driven
 * round by round here), sending e-mail to a local SMTP sink and texts to a local SMS gateway simulator,
 * both on loopback. Each sending is a dossier event; erased personal data gets nothing.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const INSURANCE = '000.00.61.H29';

interface StoredEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

describe('applicant notices (e-mail to a local SMTP sink, texts to a local gateway)', () => {
  let t: ApiTestApp;
  let mailbox: LocalMailbox;
  let gateway: TextGatewaySimulator;
  let dispatcher: ApplicantNoticeDispatcher;

  const applicant = (email: string | null, phone: string | null) => ({
    fullName: 'Lê Thị Thông Báo',
    address: '5 Nguyễn Huệ, phường Sài Gòn',
    idNumber: '079190009999',
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
  });

  const events = async (stream: string): Promise<StoredEvent[]> =>
    (
      await t.db.pool.query<StoredEvent>(
        'SELECT type, data, metadata FROM events WHERE stream_name = $1 ORDER BY revision',
        [stream],
      )
    ).rows;
  const noticesIn = async (stream: string) =>
    (await events(stream)).filter(
      (e) => e.type === 'ApplicantNotified' || e.type === 'ApplicantNoticeNotSent',
    );
  const eventOf = (code: string, type: string, stepId?: string) =>
    until(`${type}${stepId ? ` ${stepId}` : ''} on ${code}`, async () =>
      (await events(`dossier-${code}`)).find(
        (e) => e.type === type && (stepId === undefined || e.data.stepId === stepId),
      ),
    );
  /** What the worker's dispatcher does on its next round, once the outbox has caught up. */
  const dispatch = async (d = dispatcher) => {
    await t.settle();
    return d.dispatchDue();
  };
  const staff = (agency: string) => t.as(['agency-officer', 'agency-head'], agency, `can-bo-${agency}`);
  const desk = () => t.as('reception-officer', DESK, 'cb-mot-cua');

  async function receiveOnline(email: string | null, phone: string | null): Promise<string> {
    const res = await desk()
      .post('/dossiers')
      .send({
        procedureCode: '9.000001',
        channel: 'online',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners: { b: POLICE },
        applicant: applicant(email, phone),
        documents: [],
      })
      .expect(201);
    return res.body.dossierCode as string;
  }

  beforeAll(async () => {
    mailbox = await LocalMailbox.start({ refuse: ['khong-ton-tai@example.vn'] });
    gateway = await TextGatewaySimulator.start({ token: 'gateway-test-token' });
    t = await startApiTestApp('e2e_applicant_notices', {
      overrides: {
        seed: 'sample',
        calendar: 'always-open',
        smtpUrl: mailbox.url,
        smsGateway: { url: gateway.url, token: 'gateway-test-token', channel: 'sms' },
      },
      coordination: true,
    });
    for (const procedure of TEST_PROCEDURES) {
      await t.as('procedure-designer', null, 'designer').post('/procedures').send(procedure).expect(201);
      await t
        .as('procedure-designer', null, 'designer')
        .post(`/procedures/${procedure.code}/versions`)
        .expect(201);
    }
    dispatcher = t.app.get(ApplicantNoticeDispatcher);
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await t?.close();
    await mailbox?.close();
    await gateway?.close();
  });

  it('acknowledges an online intake, sends the supplement request, the apology and the early result by e-mail and SMS, each recorded in the dossier', async () => {
    const email = 'thongbao@example.vn';
    const phone = '0903000111';
    const code = await receiveOnline(email, phone);
    const received = (await events(`dossier-${code}`))[0]!;
    await dispatch();

    // The acknowledgement: the code, the appointment as form 01 prints it, the lookup key, in Vietnamese.
    const [ack] = mailbox.to(email);
    expect(ack!.subject).toBe(`Đã tiếp nhận hồ sơ ${code} / Dossier ${code} received`);
    expect(ack!.text).toContain(`Mã hồ sơ: ${code}. Mã tra cứu: ${received.data.lookupKey as string}.`);
    expect(ack!.text).toContain('Ủy ban nhân dân phường Sài Gòn đã tiếp nhận hồ sơ trực tuyến');
    expect(ack!.text).toContain('Thủ tục: Thủ tục kiểm thử: bốn bước tuần tự (9.000001).');
    expect(ack!.text).toMatch(/Ngày hẹn trả kết quả: \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\./);
    expect(ack!.text).toContain('---- English ----');
    expect(ack!.headers['x-lienthong-reference']).toBe(code);
    expect(gateway.accepted).toEqual([
      expect.objectContaining({ channel: 'sms', to: phone, reference: code }),
    ]);
    expect(gateway.accepted[0]!.text).toContain(`Hồ sơ ${code} đã được tiếp nhận`);
    const first = await noticesIn(`dossier-${code}`);
    expect(first.map((e) => [e.type, e.data.kind, e.data.channel])).toEqual([
      ['ApplicantNotified', 'intake-acknowledged', 'email'],
      ['ApplicantNotified', 'intake-acknowledged', 'sms'],
    ]);
    expect(first[0]!.data.cause).toEqual({ eventId: expect.any(String), eventType: 'DossierReceived' });
    expect(first[0]!.data.providerMessageId).toBe(ack!.messageId);
    expect(first[1]!.data.providerMessageId).toBe('sim-1');
    expect(first[0]!.metadata.actor).toEqual({ system: 'applicant-notifications' });
    // Personal data never goes into an event.
    expect(JSON.stringify(first)).not.toContain(email);
    expect(JSON.stringify(first)).not.toContain(phone);

    // Another round sends nothing again.
    expect(await dispatch()).toBe(0);
    expect(mailbox.to(email)).toHaveLength(1);

    // The desk's step: received, then a supplement asked (form 02): the items and the reason.
    await eventOf(code, 'StepHandedOff', 'a');
    await staff(DESK).post(`/dossiers/${code}/steps/a/receive`).send({ agencyCode: DESK }).expect(200);
    await staff(DESK)
      .post(`/dossiers/${code}/steps/a/supplement-request`)
      .send({
        agencyCode: DESK,
        items: [
          {
            documentCode: null,
            action: 'add',
            description: 'Bản sao Giấy khai sinh',
            copyKind: 'certified-copy',
            copies: 2,
          },
        ],
        reason: 'Thiếu giấy tờ chứng minh nhân thân',
      })
      .expect(200);
    await dispatch();
    const supplement = mailbox.to(email)[1]!;
    expect(supplement.subject).toBe(
      `Yêu cầu bổ sung, hoàn thiện hồ sơ ${code} / Supplement requested for dossier ${code}`,
    );
    expect(supplement.text).toContain('Lý do: Thiếu giấy tờ chứng minh nhân thân');
    expect(supplement.text).toContain('1. Bổ sung: Bản sao Giấy khai sinh (2 bản sao chứng thực)');
    await desk().post(`/dossiers/${code}/supplement-received`).send({}).expect(200);

    // The head of the desk's unit apologises and sets a new appointment (form 04), two days on (a result
    // ready on a day before the appointment is early).
    const newAppointment = new Date(Date.now() + 2 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await t
      .as('agency-head', DESK, 'thu-truong-sai-gon')
      .post(`/dossiers/${code}/apology`)
      .send({
        agencyCode: DESK,
        reason: 'Cần xác minh thêm thông tin cư trú',
        newAppointmentAt: newAppointment,
      })
      .expect(200);
    await dispatch();
    const apology = mailbox.to(email)[2]!;
    expect(apology.subject).toContain(`Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${code}`);
    expect(apology.text).toContain('Ủy ban nhân dân phường Sài Gòn xin lỗi Ông/Bà');
    expect(apology.text).toContain('Lý do: Cần xác minh thêm thông tin cư trú');
    expect(apology.text).toContain('Chủ tịch Ủy ban nhân dân phường Sài Gòn: Ngô Thị Ngọc');

    // Every step done well before the new appointment: the early result is announced.
    await staff(DESK)
      .post(`/dossiers/${code}/steps/a/complete`)
      .send({ agencyCode: DESK, resultSummary: 'Đã xác minh' })
      .expect(200);
    for (const [stepId, agency] of [
      ['b', POLICE],
      ['c', INSURANCE],
      ['return-result', DESK],
    ] as const) {
      await eventOf(code, 'StepHandedOff', stepId);
      await staff(agency)
        .post(`/dossiers/${code}/steps/${stepId}/receive`)
        .send({ agencyCode: agency })
        .expect(200);
      await staff(agency)
        .post(`/dossiers/${code}/steps/${stepId}/complete`)
        .send({ agencyCode: agency, resultSummary: 'Xong' })
        .expect(200);
    }
    const ready = await eventOf(code, 'ResultReady');
    expect(ready.data.outcomeAgainstAppointment).toBe('early');
    await dispatch();
    const early = mailbox.to(email)[3]!;
    expect(early.subject).toBe(`Hồ sơ ${code} đã có kết quả trước hạn / Dossier ${code}: result ready early`);
    expect(early.text).toContain('Mời Ông/Bà nhận kết quả tại Ủy ban nhân dân phường Sài Gòn.');

    const all = await noticesIn(`dossier-${code}`);
    expect(all.map((e) => `${e.data.kind as string}/${e.data.channel as string}`)).toEqual([
      'intake-acknowledged/email',
      'intake-acknowledged/sms',
      'supplement-requested/email',
      'supplement-requested/sms',
      'apology/email',
      'apology/sms',
      'result-ready-early/email',
      'result-ready-early/sms',
    ]);

    // The timeline says it, in Vietnamese.
    const timeline = (await t.http().get(`/dossiers/${code}/timeline`).expect(200)).body as {
      entries?: { summary?: { vi?: string } }[];
    };
    expect(JSON.stringify(timeline)).toContain(
      'Đã gửi văn bản xin lỗi và hẹn lại (mẫu 04) cho người nộp qua thư điện tử',
    );
  });

  it('sends nothing once the personal data is erased, and says why nothing was sent', async () => {
    const email = 'da-xoa@example.vn';
    const supplement = await desk()
      .post('/intakes/supplement-requests')
      .send({
        procedureCode: '9.000001',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicant: applicant(email, '0903000222'),
        items: [{ documentCode: null, action: 'add', description: 'Tờ khai' }],
        reason: 'Hồ sơ chưa đủ thành phần',
      })
      .expect(201);
    const ref = supplement.body.intakeRef as string;
    await t
      .as('administrator', null, 'quan-tri')
      .post(`/intakes/${ref}/personal-data/erase`)
      .send({ reason: 'Yêu cầu xóa dữ liệu cá nhân' })
      .expect(200);
    const sms = gateway.accepted.length;
    await dispatch();
    expect(mailbox.to(email)).toEqual([]);
    expect(gateway.accepted).toHaveLength(sms);
    const notices = await noticesIn(`intake-${ref}`);
    expect(notices).toEqual([
      expect.objectContaining({
        type: 'ApplicantNoticeNotSent',
        data: expect.objectContaining({
          kind: 'supplement-requested',
          channel: null,
          reason: 'personal-data-erased',
          cause: expect.objectContaining({ eventType: 'DossierSupplementRequestedAtIntake' }),
        }),
      }),
    ]);

    // An applicant with neither e-mail nor phone: recorded as not sent, for lack of an address.
    const code = await receiveOnline(null, null);
    await dispatch();
    const none = await noticesIn(`dossier-${code}`);
    expect(none.map((e) => [e.type, e.data.reason])).toEqual([['ApplicantNoticeNotSent', 'no-contact']]);
  });

  it('records an address the mail server refuses at once, retries a gateway that is down until it answers, and finishes the notice of a dispatcher that died', async () => {
    const deps: ApplicantNoticeDispatcherDeps = {
      pool: t.app.get<Pool>(PG_POOL),
      dossiers: t.app.get(DossierCommandService),
      vault: t.app.get(PERSONAL_DATA_VAULT),
      directory: t.app.get(AGENCY_DIRECTORY),
      procedures: t.app.get(BoundProcedures),
      clock: { now: () => new Date() },
      senders: noticeSendersFor({
        smtpUrl: mailbox.url,
        smsGateway: { url: gateway.url, token: 'gateway-test-token', channel: 'sms' },
      }),
    };
    const fast = new ApplicantNoticeDispatcher(deps, {
      backoff: { baseDelayMs: 50, maxDelayMs: 100, maxAttempts: 5, maxAgeMs: 60_000 },
    });
    try {
      gateway.failNext(2);
      const code = await receiveOnline('khong-ton-tai@example.vn', '0903000333');
      await dispatch(fast);
      // The refused address is recorded at once; the SMS waits for the gateway.
      expect(
        (await noticesIn(`dossier-${code}`)).map((e) => [e.type, e.data.channel, e.data.reason]),
      ).toEqual([['ApplicantNoticeNotSent', 'email', 'delivery-failed']]);
      const refused = (await noticesIn(`dossier-${code}`))[0]!;
      expect(refused.data.detail).toContain('550');
      expect(refused.data.detail).not.toContain('khong-ton-tai@example.vn');
      await until('the SMS sent after the gateway came back', async () => {
        await fast.dispatchDue();
        const notices = await noticesIn(`dossier-${code}`);
        return notices.length === 2 ? notices : undefined;
      });
      expect((await noticesIn(`dossier-${code}`)).map((e) => [e.type, e.data.channel])).toEqual([
        ['ApplicantNoticeNotSent', 'email'],
        ['ApplicantNotified', 'sms'],
      ]);
      expect(gateway.requests.filter((r) => r.status === 503)).toHaveLength(2);
      expect(gateway.accepted.filter((m) => m.reference === code)).toHaveLength(1);
      // A dispatcher that dies holding a notice (claimed, never finished): nothing is sent while its
      // lease runs; then another one sends it, once.
      const email = 'bi-gian-doan@example.vn';
      const held = await receiveOnline(email, null);
      await t.settle();
      const dead = await new ApplicantNoticeOutbox(deps.pool).claimDue(10, 500);
      expect(dead.map((c) => c.streamName)).toEqual([`dossier-${held}`]);
      expect(await fast.dispatchDue()).toBe(0);
      expect(mailbox.to(email)).toEqual([]);
      await until('the notice sent after the lease', async () => {
        await fast.dispatchDue();
        return mailbox.to(email).length > 0 ? true : undefined;
      });
      expect(await fast.dispatchDue()).toBe(0);
      expect(mailbox.to(email)).toHaveLength(1);
      expect((await noticesIn(`dossier-${held}`)).map((e) => e.type)).toEqual(['ApplicantNotified']);
    } finally {
      await fast.stop();
    }
  });
});

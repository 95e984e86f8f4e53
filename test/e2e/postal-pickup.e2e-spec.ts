import { randomBytes } from 'node:crypto';
import { PostalSimulator } from '@lien-thong/channels';
import { PERSONAL_DATA_VAULT, type PersonalDataVault } from '@lien-thong/personal-data';
import { startApiTestApp, TestClock, type ApiTestApp } from '../support/api-test-app';

/**
 * Thu gom hồ sơ tại nhà (issue 24) against the postal simulator: an applicant asks the public postal
 * service to pick the dossier up at home and gets the tracking number; the desk of the receiving unit
 * sees where the postal service has it, and receives it when it arrives, the pick-up and its tracking
 * number recorded in the dossier and shown in its timeline. Bad requests and a postal outage keep
 * nothing; no other unit sees or receives the pick-up.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const OTHER_DESK = '000.00.73.H29';

describe('postal pick-up at the applicant’s address, handed to the desk', () => {
  const post = new PostalSimulator(randomBytes(16).toString('hex'));
  const clock = new TestClock(Date.parse('2026-03-09T08:00:00+07:00')); // Monday
  let t: ApiTestApp;
  const desk = (unit = DESK) => t.as('reception-officer', unit, `mot-cua@${unit}`);
  const request = (overrides: Record<string, unknown> = {}) => ({
    procedureCode: '1.001193',
    receivingUnitCode: DESK,
    applicant: {
      fullName: 'Lý Thị Bưu',
      address: '15 Nguyễn Huệ, phường Sài Gòn, Thành phố Hồ Chí Minh',
      idNumber: '079190006666',
      phone: '0903000111',
    },
    ...overrides,
  });
  const rows = async () =>
    Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM postal_pickups')).rows[0]!.n);
  const received = {
    applicantCommuneCode: DESK,
    stepOwners: { 'register-residence': POLICE },
    documents: [
      { code: 'to-khai-lien-thong', copies: 1, original: true },
      { code: 'giay-chung-sinh', copies: 1, original: true },
    ],
  };

  beforeAll(async () => {
    process.env.LIEN_THONG_POSTAL_URL = await post.start();
    process.env.LIEN_THONG_POSTAL_TOKEN = post.token;
    t = await startApiTestApp('e2e_postal_pickup', {
      overrides: { seed: 'sample' },
      clock,
      projections: true,
    });
  });
  afterAll(async () => {
    await t?.close();
    await post.stop();
    delete process.env.LIEN_THONG_POSTAL_URL;
    delete process.env.LIEN_THONG_POSTAL_TOKEN;
  });

  it('books the pick-up, shows where it is, and receives it with its tracking number recorded', async () => {
    const asked = await t.anonymous().post('/public/postal-pickups').send(request()).expect(201);
    const { pickupRef, trackingNumber } = asked.body as { pickupRef: string; trackingNumber: string };
    expect(pickupRef).toMatch(/^BC-260309-[0-9A-Z]{8}$/);
    expect(trackingNumber).toMatch(/^RR\d{9}VN$/);
    // The postal service was asked to go to the applicant's address and bring it to the desk.
    expect(post.shipmentFor(pickupRef)).toMatchObject({
      kind: 'pickup',
      trackingNumber,
      sender: { name: 'Lý Thị Bưu', address: expect.stringContaining('15 Nguyễn Huệ'), phone: '0903000111' },
      recipient: { unitCode: DESK },
    });

    const statusOf = async () =>
      (
        (await desk().get('/channels/postal/pickups').expect(200)).body.items as {
          pickupRef: string;
          postalStatus: string | null;
          applicant: { fullName: string };
        }[]
      ).find((p) => p.pickupRef === pickupRef);
    expect(await statusOf()).toMatchObject({
      postalStatus: 'accepted',
      applicant: { fullName: 'Lý Thị Bưu' },
    });
    post.pickUp(trackingNumber);
    expect(await statusOf()).toMatchObject({ postalStatus: 'in-transit' });
    const handedOver = new Date(Date.parse('2026-03-09T10:30:00+07:00'));
    post.deliver(trackingNumber, handedOver);
    expect(await statusOf()).toMatchObject({ postalStatus: 'delivered' });
    await desk(OTHER_DESK).get(`/channels/postal/pickups?unit=${DESK}`).expect(403);
    await desk(OTHER_DESK).post(`/channels/postal/pickups/${pickupRef}/receive`).send(received).expect(403);

    clock.advance(3 * 3_600_000);
    const receipt = await desk()
      .post(`/channels/postal/pickups/${pickupRef}/receive`)
      .send(received)
      .expect(201);
    expect(receipt.body).toMatchObject({
      channel: 'post',
      alreadyReceived: false,
      applicant: { fullName: 'Lý Thị Bưu', phone: '0903000111' },
    });
    const code = receipt.body.dossierCode as string;
    // A retry (the answer lost): the same dossier.
    const again = await desk()
      .post(`/channels/postal/pickups/${pickupRef}/receive`)
      .send(received)
      .expect(201);
    expect(again.body).toMatchObject({ dossierCode: code, alreadyReceived: true });
    // No longer waiting.
    expect(await statusOf()).toBeUndefined();

    // The dossier records the pick-up, and its timeline shows the tracking number.
    const events = await t.db.pool.query<{ data: { postalPickup?: object } }>(
      "SELECT data FROM events WHERE stream_name = $1 AND type = 'DossierReceived'",
      [`dossier-${code}`],
    );
    expect(events.rows[0]!.data.postalPickup).toEqual({
      trackingNumber,
      requestedAt: '2026-03-09T08:00:00.000+07:00',
      handedOverAt: '2026-03-09T10:30:00.000+07:00',
    });
    await t.settle();
    const timeline = await t.as('auditor', null, 'thanh-tra').get(`/dossiers/${code}/timeline`).expect(200);
    const first = (timeline.body.entries as { summary: { vi: string } }[])[0]!.summary.vi;
    expect(first).toContain(`thu gom tại nhà`);
    expect(first).toContain(`số hiệu bưu gửi ${trackingNumber}`);
    // Erasing the dossier's personal data erases the copy the pick-up kept (sealed under the tracking number).
    const vault = t.app.get<PersonalDataVault>(PERSONAL_DATA_VAULT, { strict: false });
    const { rows } = await t.db.pool.query<{ applicant_ref: string }>(
      'SELECT applicant_ref FROM postal_pickups WHERE pickup_ref = $1',
      [pickupRef],
    );
    // (Erasure is for a closed dossier: the applicant withdraws it first.)
    await desk().post(`/dossiers/${code}/withdrawal`).send({ reason: 'Người nộp rút hồ sơ' }).expect(200);
    await t
      .as('administrator', null, 'quan-tri')
      .post(`/dossiers/${code}/personal-data/erase`)
      .send({ reason: 'Người nộp yêu cầu xóa dữ liệu cá nhân' })
      .expect(200);
    expect(await vault.open(rows[0]!.applicant_ref)).toBe('erased');
  });

  it('refuses a bad request with a clear 4xx, and keeps nothing while the postal service is down', async () => {
    const before = await rows();
    const cases: [string, object, number, string][] = [
      [
        'no phone',
        request({ applicant: { fullName: 'A', address: 'B', idNumber: '079190006667' } }),
        400,
        'PICKUP_INVALID',
      ],
      [
        'a procedure not received by post',
        request({ procedureCode: '2.000986' }),
        422,
        'PICKUP_CHANNEL_NOT_ALLOWED',
      ],
      ['an unknown unit', request({ receivingUnitCode: '000.00.99.H29' }), 400, 'PICKUP_INVALID'],
      ['no applicant', request({ applicant: undefined }), 400, 'BAD_REQUEST'],
    ];
    for (const [what, body, status, code] of cases) {
      const res = await t.anonymous().post('/public/postal-pickups').send(body);
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status, code });
    }
    post.failNext(1);
    const down = await t.anonymous().post('/public/postal-pickups').send(request());
    expect([down.status, down.body.code]).toEqual([503, 'POSTAL_UNAVAILABLE']);
    expect(await rows()).toBe(before);
    await desk().post('/channels/postal/pickups/BC-000000-XXXXXXXX/receive').send(received).expect(404);
  });
});

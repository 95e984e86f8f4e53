import { PublicLookupMisses } from '@lien-thong/dossier-tracing';
import { startApiTestApp, TestClock, type ApiTestApp, AGENCY_STAFF } from '../support/api-test-app';
import { publishQuickProcedure } from '../support/quick-procedures';

/**
 * Tracing a dossier through HTTP against real PostgreSQL with the read models running: timeline,
 * control slip (form 06 data), register (form 07 data), list filters, time travel, public lookup,
 * erasure of personal data, integrity.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const INSURANCE = '000.00.61.H29';
const applicant = {
  fullName: 'Trần Văn Bình',
  address: '5 Nguyễn Huệ, phường Sài Gòn, Thành phố Hồ Chí Minh',
  phone: '0912345678',
  email: 'binh@example.vn',
  idNumber: '079088004321',
  dateOfBirth: '1988-02-01',
};
const HOUR = 3_600_000;

describe('tracing a dossier through HTTP', () => {
  let t: ApiTestApp;
  let code: string;
  let lookupKey: string;
  const clock = new TestClock(Date.parse('2026-03-09T08:00:00+07:00')); // Monday
  const http = () => t.http();
  const act = (path: string, body: object = {}, who = DESK) =>
    t.as(AGENCY_STAFF, who, `officer@${who}`).post(`/dossiers/${code}${path}`).send(body);

  beforeAll(async () => {
    t = await startApiTestApp('e2e_tracing', { overrides: { seed: 'sample' }, clock, projections: true });
    const received = await t
      .as('reception-officer', DESK, 'can-bo-tiep-nhan-2')
      .post('/dossiers')
      .send({
        procedureCode: '1.001193',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners: { 'register-residence': POLICE },
        applicant,
        documents: [
          { code: 'to-khai-lien-thong', copies: 1, original: true },
          { code: 'giay-chung-sinh', copies: 1, original: true },
        ],
      })
      .expect(201);
    code = received.body.dossierCode as string;
    lookupKey = received.body.lookupKey as string;
    clock.advance(HOUR);
    await act('/transfer', { toAgencyCode: DESK }).expect(200);
    await act('/steps/register-birth/handoff', { fromAgencyCode: DESK, toAgencyCode: DESK }).expect(200);
    await act('/steps/register-birth/receive', { agencyCode: DESK }).expect(200);
    clock.advance(2 * HOUR);
    await act('/steps/register-birth/complete', {
      agencyCode: DESK,
      resultSummary: 'Đã đăng ký khai sinh',
    }).expect(200);
    await act('/steps/register-residence/handoff', { fromAgencyCode: DESK, toAgencyCode: POLICE }).expect(
      200,
    );
    await act('/steps/register-residence/receive', { agencyCode: POLICE }, POLICE).expect(200);
    // The police hold it past its one-working-day budget: overdue, naming the police.
    clock.advance(30 * HOUR);
    const overdue = await http()
      .post(`/dossiers/${code}/steps/register-residence/overdue`)
      .send({})
      .expect(200);
    expect(overdue.body.recorded).toEqual(['StepOverdue']);
    await t.settle();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the dossier by the agency holding it, and as overdue', async () => {
    const byPolice = (await http().get(`/dossiers?holder=${POLICE}`).expect(200)).body;
    expect((byPolice.items as { code: string }[]).map((i) => i.code)).toEqual([code]);
    expect((await http().get(`/dossiers?holder=${INSURANCE}`).expect(200)).body.items).toEqual([]);
    const overdue = (await http().get('/dossiers?overdue=true').expect(200)).body;
    expect((overdue.items as { code: string }[]).map((i) => i.code)).toContain(code);
    expect((await http().get('/dossiers?limit=500').expect(400)).body.code).toBeDefined();
    expect((await http().get('/dossiers?colour=red').expect(400)).body.code).toBe('QUERY_PARAMETER_UNKNOWN');
  });

  it('shows every event in the timeline, with actor and time', async () => {
    const timeline = (await http().get(`/dossiers/${code}/timeline`).expect(200)).body;
    expect((timeline.entries as { type: string }[]).map((e) => e.type)).toEqual([
      'DossierReceived',
      'DossierTransferred',
      'StepHandedOff',
      'StepReceived',
      'StepCompleted',
      'StepHandedOff',
      'StepReceived',
      'StepOverdue',
    ]);
    expect(timeline.entries[0]).toMatchObject({
      revision: 0,
      occurredAt: '2026-03-09T08:00:00.000+07:00',
      actor: { personId: 'can-bo-tiep-nhan-2', agencyCode: DESK },
    });
    expect(timeline.entries[6].actor).toMatchObject({ agencyCode: POLICE });
    expect(JSON.stringify(timeline)).not.toContain('Trần Văn Bình');
  });

  it('shows the control slip: one row per handoff, with early / on time / late', async () => {
    const slip = (await http().get(`/dossiers/${code}/control-slip`).expect(200)).body;
    const rows = slip.rows as {
      kind: string;
      stepId: string | null;
      toAgencyCode: string;
      outcome: string | null;
    }[];
    expect(rows.map((r) => [r.kind, r.stepId, r.toAgencyCode])).toEqual([
      ['transfer', null, DESK],
      ['handoff', 'register-birth', DESK],
      ['handoff', 'register-residence', POLICE],
    ]);
    expect(rows[1]!.outcome).toBe('early');
    expect(JSON.stringify(rows[2])).toContain('overdue');
  });

  it('travels back in time: by revision and by instant', async () => {
    const atReceipt = (await http().get(`/dossiers/${code}/as-of?revision=0`).expect(200)).body;
    expect(atReceipt).toMatchObject({ revision: 0, latestRevision: 7, state: { status: 'accepted' } });
    const before = (
      await http().get(`/dossiers/${code}/as-of`).query({ instant: '2026-03-09T11:30:00+07:00' }).expect(200)
    ).body;
    expect(before.state.status).toBe('in-processing');
    expect(Object.keys(before.state.completedSteps)).toEqual(['register-birth']);
    expect(Object.keys(before.state.activeSteps)).toEqual(['register-residence']);
    await http().get(`/dossiers/${code}/as-of?revision=99`).expect(400);
    await http().get(`/dossiers/${code}/as-of?revision=1&instant=2026-03-09T11:30:00%2B07:00`).expect(400);
  });

  it('the public lookup shows status, steps done and the due date, and no personal data', async () => {
    // The code alone is not enough: the lookup key printed on the receipt goes with it.
    await t.anonymous().get(`/public/dossiers/${code}`).expect(400);
    const pub = (await t.anonymous().get(`/public/dossiers/${code}`).query({ key: lookupKey }).expect(200))
      .body;
    expect(pub).toMatchObject({ code, status: 'in-processing', procedureCode: '1.001193' });
    expect((pub.stepsDone as { stepId: string }[]).map((s) => s.stepId)).toEqual(['register-birth']);
    const text = JSON.stringify(pub);
    for (const secret of [
      'Trần Văn Bình',
      '079088004321',
      '0912345678',
      'binh@example.vn',
      'officer@',
      'can-bo',
      'vault',
    ])
      expect(text).not.toContain(secret);
    await t
      .anonymous()
      .get('/public/dossiers/000.00.71.H29-990101-0009')
      .query({ key: lookupKey })
      .expect(404);
    await t.anonymous().get(`/public/dossiers/${code}`).query({ key: 'AAAAA-AAAAA' }).expect(404);
  });

  it('throttles an address that keeps missing (walking codes or guessing keys), hits included, until its budget refills', async () => {
    let now = Date.now();
    t.app.get(PublicLookupMisses).withClock(() => now);
    const look = (c: string, key: string) => t.anonymous().get(`/public/dossiers/${c}`).query({ key });
    // Two misses were spent above; walk codes until the budget (10) is gone.
    let misses = 2;
    for (let n = 1; misses < 10; n += 1, misses += 1)
      await look(`000.00.71.H29-260309-${String(n + 100).padStart(4, '0')}`, lookupKey).expect(404);
    const refused = await look(code, lookupKey).expect(429);
    expect(refused.body).toMatchObject({ code: 'LOOKUP_MISSES_EXCEEDED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    now += Number(refused.headers['retry-after']) * 1000;
    await look(code, lookupKey).expect(200);
  });

  it('the register lists the dossier for its period', async () => {
    const reg = (
      await http()
        .get('/register')
        .query({ from: '2026-03-01T00:00:00+07:00', to: '2026-04-01T00:00:00+07:00', unit: DESK })
        .expect(200)
    ).body;
    expect((reg.items as { code: string }[]).map((e) => e.code)).toEqual([code]);
    expect(reg.items[0]).toMatchObject({ applicant: { fullName: 'Trần Văn Bình' } });
  });

  it('renders forms 01, 06 and 07 from the history as HTML and PDF with Vietnamese diacritics', async () => {
    const html = await http().get(`/dossiers/${code}/forms/01.html`).expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    for (const fact of [
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      code,
      'Mã tra cứu',
      lookupKey,
      'Trần Văn Bình',
      'Giấy chứng sinh',
      '08:00 ngày 09/03/2026',
    ])
      expect(html.text).toContain(fact);
    const pdf = await http()
      .get(`/dossiers/${code}/forms/01.pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const slip = await http().get(`/dossiers/${code}/forms/06.html`).expect(200);
    expect(slip.text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(slip.text).toContain('Công an phường Sài Gòn');
    const en = await http().get(`/dossiers/${code}/forms/06.html?lang=en`).expect(200);
    expect(en.text).toContain('CONTROL SLIP');
    const register = await http()
      .get('/register/forms/07.html')
      .query({ from: '2026-03-01T00:00:00+07:00', to: '2026-04-01T00:00:00+07:00', unit: DESK })
      .expect(200);
    expect(register.text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(register.text).toContain(code);
    expect((await http().get(`/dossiers/${code}/forms/04.html`)).status).toBe(404);
    expect((await http().get(`/dossiers/${code}/forms/09.html`)).status).toBe(400);
  });

  it('erasing personal data keeps the history, the timing facts and the statistics', async () => {
    // Personal data is erased only once the dossier is closed (here: withdrawn by the applicant).
    const erase = (reason: string) =>
      t.as('administrator', null, 'quan-tri').post(`/dossiers/${code}/personal-data/erase`).send({ reason });
    expect((await erase('quá sớm')).status).toBe(409);
    await act('/withdrawal', { reason: 'Người nộp hồ sơ xin rút' }).expect(200);
    await t.settle();
    const slipBefore = (await http().get(`/dossiers/${code}/control-slip`).expect(200)).body;
    await erase('Yêu cầu của người nộp hồ sơ').expect(200);
    await t.settle();
    const timeline = (await http().get(`/dossiers/${code}/timeline`).expect(200)).body;
    expect(timeline.entries).toHaveLength(10);
    expect(timeline.entries[9].type).toBe('ApplicantDataErased');
    const slipAfter = (await http().get(`/dossiers/${code}/control-slip`).expect(200)).body;
    expect(slipAfter.rows).toEqual(slipBefore.rows);
    const reg = (
      await http()
        .get('/register')
        .query({ from: '2026-03-01T00:00:00+07:00', to: '2026-04-01T00:00:00+07:00', unit: DESK })
        .expect(200)
    ).body;
    expect(reg.items[0].applicant).toBe('erased');
    expect(reg.items[0].receivedAt).toBe('2026-03-09T08:00:00.000+07:00');
    expect((await http().get(`/dossiers/${code}/integrity`).expect(200)).body.intact).toBe(true);
    const receipt = await http().get(`/dossiers/${code}/forms/01.html`).expect(200);
    expect(receipt.text).not.toContain('Trần Văn Bình');
    expect(receipt.text).toContain('đã xoá');
    expect(receipt.text).toContain('08:00 ngày 09/03/2026');
    const notice = await http().get(`/dossiers/${code}/forms/05.html`).expect(200);
    expect(notice.text).toContain('Người nộp hồ sơ xin rút');
  });

  describe('forms and the register by rule set; same-day dossiers (issue 18, items 7 to 9)', () => {
    const desk = () => t.as('reception-officer', DESK, 'can-bo-tiep-nhan-2');
    const on = (dossier: string, path: string, body: object = {}) =>
      t.as(AGENCY_STAFF, DESK, `officer@${DESK}`).post(`/dossiers/${dossier}${path}`).send(body).expect(200);
    const register = async (from: string, to: string) =>
      (await http().get('/register').query({ from, to, unit: DESK }).expect(200)).body as {
        items: Record<string, unknown>[];
      };
    const certifyCopy = {
      procedureCode: '9.000102',
      channel: 'counter',
      receivingUnitCode: DESK,
      applicant,
      documents: [{ code: 'ban-chinh', copies: 1, original: true }],
    };
    /** Receives a copy to certify, and walks it to the result at the desk `readyAfter` ms later. */
    const certified = async (receivedAt: string, readyAfter: number): Promise<string> => {
      clock.set(receivedAt);
      const received = await desk().post('/dossiers').send(certifyCopy).expect(201);
      const dossier = received.body.dossierCode as string;
      await on(dossier, '/transfer', { toAgencyCode: DESK });
      await on(dossier, '/steps/return-result/handoff', { fromAgencyCode: DESK, toAgencyCode: DESK });
      await on(dossier, '/steps/return-result/receive', { agencyCode: DESK });
      clock.advance(readyAfter);
      await on(dossier, '/steps/return-result/complete', {
        agencyCode: DESK,
        resultSummary: 'Đã chứng thực',
      });
      await on(dossier, '/result-ready', { deskUnitCode: DESK });
      return dossier;
    };

    beforeAll(async () => {
      await publishQuickProcedure(
        () => t.as('procedure-designer', null, 'designer-2'),
        '9.000102',
        { unit: 'sameDay' },
        'Thủ tục thử nghiệm giải quyết trong ngày',
      );
    });

    it('prints the control slip and the register of a dossier received before 1/7/2025 under Circular 01/2018', async () => {
      clock.set('2025-06-30T09:00:00+07:00');
      const received = await desk()
        .post('/dossiers')
        .send({
          procedureCode: '1.001193',
          channel: 'counter',
          receivingUnitCode: DESK,
          applicantCommuneCode: DESK,
          stepOwners: { 'register-residence': POLICE },
          applicant,
          sets: 2,
          documents: [
            { code: 'to-khai-lien-thong', copies: 1, original: true },
            { code: 'giay-chung-sinh', copies: 1, original: true },
          ],
        })
        .expect(201);
      const old = received.body.dossierCode as string;
      expect(received.body.ruleSet).toBe('decree-61-2018');
      clock.advance(HOUR);
      await on(old, '/transfer', { toAgencyCode: DESK });
      await t.settle();

      const slip = await http().get(`/dossiers/${old}/forms/06.html`).expect(200);
      expect(slip.text).toContain('Mẫu số 05 (Thông tư 01/2018/TT-VPCP)');
      expect(slip.text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
      const june = await http()
        .get('/register/forms/07.html')
        .query({ from: '2025-06-01T00:00:00+07:00', to: '2025-07-01T00:00:00+07:00', unit: DESK })
        .expect(200);
      for (const fact of [
        'Mẫu số 06 (Thông tư 01/2018/TT-VPCP)',
        '<th>Số lượng hồ sơ (bộ)</th>',
        '<th>Địa chỉ, số điện thoại</th>',
        `<td>${old}</td>`,
        '<td>2</td>',
        `<td>${applicant.address}; ${applicant.phone}</td>`,
      ])
        expect(june.text).toContain(fact);
      const july = await http()
        .get('/register/forms/07.html')
        .query({ from: '2025-07-01T00:00:00+07:00', to: '2025-08-01T00:00:00+07:00', unit: DESK })
        .expect(200);
      expect(july.text).toContain('Mẫu số 07 (Thông tư 03/2025/TT-VPCP)');
      const timeline = (await http().get(`/dossiers/${old}/timeline`).expect(200)).body;
      expect(timeline.entries[0].summary.vi).toContain('theo Nghị định 61/2018/NĐ-CP');
      const line = (await register('2025-06-01T00:00:00+07:00', '2025-07-01T00:00:00+07:00')).items;
      expect(line).toEqual([
        expect.objectContaining({ code: old, sets: 2, statutoryLimit: { unit: 'workingDays', amount: 3 } }),
      ]);
    });

    it('counts a same-day dossier resolved within the day in the register, and says so on form 07', async () => {
      // Received at 08:00, result at the desk at 09:30: within the day. Another received at 09:00 whose
      // result comes the next morning: late, not counted as resolved within the day.
      const quick = await certified('2026-04-07T08:00:00+07:00', 1.5 * HOUR);
      const slow = await certified('2026-04-07T09:00:00+07:00', 25 * HOUR);
      await t.settle();
      const items = (await register('2026-04-01T00:00:00+07:00', '2026-05-01T00:00:00+07:00')).items;
      expect(items).toEqual([
        expect.objectContaining({
          code: quick,
          statutoryLimit: { unit: 'sameDay' },
          appointmentAt: '2026-04-07T17:00:00.000+07:00',
          resultOutcome: 'on-time',
          resolvedWithinDay: true,
        }),
        expect.objectContaining({ code: slow, resultOutcome: 'late', resolvedWithinDay: false }),
      ]);
      const form = await http()
        .get('/register/forms/07.html')
        .query({ from: '2026-04-01T00:00:00+07:00', to: '2026-05-01T00:00:00+07:00', unit: DESK })
        .expect(200);
      expect(form.text.match(/Giải quyết trong ngày/g)).toHaveLength(1);
    });
  });
});

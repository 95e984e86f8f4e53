import { HCMC_SEED_AGENCIES } from '@lien-thong/agencies';
import { DossierCommandService } from '@lien-thong/dossiers';
import { startApiTestApp, TestClock, type ApiTestApp, AGENCY_STAFF } from '../support/api-test-app';
import { publishQuickProcedure } from '../support/quick-procedures';

/**
 * Reception and actions on a dossier through HTTP against real PostgreSQL, with the sample catalogue
 * (HCMC agencies, birth registration 1.001193: 3 working days, counter allowed).
 */
const DESK = '000.00.71.H29'; // Ủy ban nhân dân phường Sài Gòn (illustrative code)
const POLICE = '000.00.72.H29'; // Công an phường Sài Gòn
const INSURANCE = '000.00.61.H29'; // Bảo hiểm xã hội Thành phố Hồ Chí Minh

const applicant = {
  fullName: 'Nguyễn Thị Minh Khai',
  address: '12 Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh',
  phone: '0903123456',
  email: 'minhkhai@example.vn',
  idNumber: '079190001234',
  dateOfBirth: '1990-05-19',
};

const birthDossier = (extra: Record<string, unknown> = {}) => ({
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
  ...extra,
});

const BEN_THANH = '000.00.73.H29'; // Ủy ban nhân dân phường Bến Thành: a Saturday-morning desk
const BEN_THANH_PROFILE = HCMC_SEED_AGENCIES.find((a) => a.code === BEN_THANH)!;
const BEN_THANH_HOURS = {
  segments: [
    ['07:30', '11:30'],
    ['13:00', '17:00'],
  ],
  receptionCutoff: '15:00',
  cutoffMovesReceipt: true,
  reception: { saturdays: [['07:30', '11:30']] },
};
const benThanhDossier = () =>
  birthDossier({
    receivingUnitCode: BEN_THANH,
    applicantCommuneCode: BEN_THANH,
    stepOwners: { 'register-residence': '000.00.74.H29' },
  });

describe('dossier reception and actions through HTTP', () => {
  let t: ApiTestApp;
  const clock = new TestClock(Date.parse('2026-02-12T10:00:00+07:00'));
  const http = () => t.http();
  const eventCount = async () =>
    Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

  beforeAll(async () => {
    t = await startApiTestApp('e2e_dossiers', { overrides: { seed: 'sample' }, clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('receives a dossier before Tết 2026: code and appointment across the holiday (form 01 data)', async () => {
    clock.set('2026-02-12T10:00:00+07:00');
    const res = await t
      .as('reception-officer', DESK, 'can-bo-tiep-nhan-1')
      .post('/dossiers')
      .send(birthDossier());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      dossierCode: `${DESK}-260212-0001`,
      revision: 0,
      alreadyReceived: false,
      procedure: { code: '1.001193', version: 1 },
      receivedAt: '2026-02-12T10:00:00.000+07:00',
      // Civil-code counting: Fri 13/2, then Tết (14/2–22/2), Mon 23/2, Tue 24/2 17:00.
      appointmentAt: '2026-02-24T17:00:00.000+07:00',
      receivingUnit: { code: DESK, name: 'Ủy ban nhân dân phường Sài Gòn' },
      receivingOfficer: 'can-bo-tiep-nhan-1',
      applicant: { fullName: 'Nguyễn Thị Minh Khai' },
    });
    expect(res.body.documents).toEqual([
      { code: 'to-khai-lien-thong', name: 'Tờ khai điện tử liên thông', copies: 1, original: true },
      { code: 'giay-chung-sinh', name: 'Giấy chứng sinh', copies: 1, original: true },
    ]);
    // The event holds no personal data.
    const stored = await t.db.pool.query<{ data: unknown }>(
      "SELECT data FROM events WHERE stream_name = $1 AND type = 'DossierReceived'",
      [`dossier-${DESK}-260212-0001`],
    );
    expect(JSON.stringify(stored.rows[0]!.data)).not.toContain('Minh Khai');
    expect(JSON.stringify(stored.rows[0]!.data)).not.toContain('079190001234');
  });

  it('counts a receipt after the 15:00 cut-off from the working day after the day of receipt, unless the unit moves the receipt', async () => {
    // Thursday 12/2/2026 15:30, 3 working days: Friday 13/2 is day 1, Tết runs to Sunday 22/2, Monday
    // 23/2 and Tuesday 24/2 are days 2 and 3 (Civil Code art. 147 (1): the cut-off moves the transfer).
    clock.set('2026-02-12T15:30:00+07:00');
    const res = await t
      .as('reception-officer', DESK, 'cb-1')
      .post('/dossiers')
      .send(birthDossier())
      .expect(201);
    expect(res.body.dossierCode).toBe(`${DESK}-260212-0002`);
    expect(res.body.appointmentAt).toBe('2026-02-24T17:00:00.000+07:00');
    // Bến Thành's desk lets the cut-off move the receipt day (a provincial choice): received Friday,
    // counted from Monday 23/2, due Wednesday 25/2.
    await http()
      .post('/agencies/import')
      .send({ agencies: [{ ...BEN_THANH_PROFILE, hours: BEN_THANH_HOURS }] })
      .expect(201);
    const moved = await t
      .as('reception-officer', BEN_THANH, 'cb-73')
      .post('/dossiers')
      .send(benThanhDossier())
      .expect(201);
    expect(moved.body.appointmentAt).toBe('2026-02-25T17:00:00.000+07:00');
  });

  it("receives at the counter only in the desk's reception hours; online at any hour, counted from the next working day", async () => {
    // Saturday 7/3/2026 09:00: the Sài Gòn desk is closed, Bến Thành opens on Saturday mornings.
    clock.set('2026-03-07T09:00:00+07:00');
    const before = await eventCount();
    const closed = await t.as('reception-officer', DESK, 'cb-1').post('/dossiers').send(birthDossier());
    expect(closed.status).toBe(422);
    expect(closed.body).toMatchObject({ code: 'DOSSIER_RECEPTION_CLOSED' });
    expect(closed.body.messageVi).toContain('ngoài giờ tiếp nhận');
    const refused = await t
      .as('reception-officer', DESK, 'cb-1')
      .post('/intakes/refusals')
      .send({
        procedureCode: '1.001193',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicant,
        reasons: ['x'],
      });
    expect(refused.status).toBe(422);
    expect(await eventCount()).toBe(before);
    const saturdayDesk = await t
      .as('reception-officer', BEN_THANH, 'cb-73')
      .post('/dossiers')
      .send(benThanhDossier())
      .expect(201);
    // Received on a Saturday: Monday 9/3 is day 1, due Wednesday 11/3.
    expect(saturdayDesk.body.appointmentAt).toBe('2026-03-11T17:00:00.000+07:00');
    // Online at 02:00 on Saturday: accepted, and Monday 9/3 is day 1 too, not skipped again.
    clock.set('2026-03-07T02:00:00+07:00');
    const online = await t
      .as('reception-officer', DESK, 'cb-1')
      .post('/dossiers')
      .send(birthDossier({ channel: 'online' }))
      .expect(201);
    expect(online.body.appointmentAt).toBe('2026-03-11T17:00:00.000+07:00');
  });

  it('a retried intake with the same reference returns the same dossier and writes nothing', async () => {
    clock.set('2026-03-02T09:00:00+07:00');
    const first = await t
      .as('reception-officer', DESK, 'cb-1')
      .post('/dossiers')
      .send(birthDossier({ intakeRef: 'DVCQG-2026-000777', channel: 'national-portal' }))
      .expect(201);
    const before = await eventCount();
    const again = await t
      .as('reception-officer', DESK, 'cb-1')
      .post('/dossiers')
      .send(birthDossier({ intakeRef: 'DVCQG-2026-000777', channel: 'national-portal' }))
      .expect(201);
    expect(again.body).toMatchObject({ dossierCode: first.body.dossierCode, alreadyReceived: true });
    expect(await eventCount()).toBe(before);

    // Another unit's desk sending the same reference learns nothing of the first intake (issue 16).
    const OTHER_DESK = '000.00.73.H29';
    const stranger = await t
      .as('reception-officer', OTHER_DESK, 'cb-73')
      .post('/dossiers')
      .send(
        birthDossier({
          intakeRef: 'DVCQG-2026-000777',
          channel: 'national-portal',
          receivingUnitCode: OTHER_DESK,
          applicantCommuneCode: OTHER_DESK,
          stepOwners: { 'register-residence': '000.00.74.H29' },
        }),
      );
    expect(stranger.status).toBe(409);
    expect(stranger.body).toMatchObject({ code: 'INTAKE_REF_IN_USE' });
    expect(JSON.stringify(stranger.body)).not.toContain(applicant.fullName);
    expect(JSON.stringify(stranger.body)).not.toContain(first.body.dossierCode);
    // The same desk with another request under the used reference: 409 too, not the first receipt.
    const changed = await t
      .as('reception-officer', DESK, 'cb-1')
      .post('/dossiers')
      .send(
        birthDossier({
          intakeRef: 'DVCQG-2026-000777',
          channel: 'national-portal',
          applicant: { ...applicant, fullName: 'Người Khác', idNumber: '079190009876' },
        }),
      );
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ code: 'INTAKE_REF_IN_USE' });
    expect(await eventCount()).toBe(before);
  });

  it("namespaces Idempotency-Key by caller, refuses a key reused for another request, and never lets a caller's key stand in for the coordinator's", async () => {
    clock.set('2026-03-04T09:00:00+07:00');
    const desk = (person = 'cb-1') => t.as('reception-officer', DESK, person);
    const code = (await desk().post('/dossiers').send(birthDossier()).expect(201)).body.dossierCode as string;
    await desk().post(`/dossiers/${code}/transfer`).send({ toAgencyCode: DESK }).expect(200);
    // An officer's key spelled like the coordinator's fixed key for the first handoff.
    const KEY = 'handoff:register-birth:1';
    const phase = await desk()
      .post(`/dossiers/${code}/excluded-phases/cho-le-phi/start`)
      .set('Idempotency-Key', KEY)
      .send({ reason: 'Chờ nộp lệ phí' })
      .expect(200);
    expect(phase.body.recorded).toEqual(['ExcludedPhaseStarted']);
    // The same key for another request on this dossier: 422, nothing written.
    const before = await eventCount();
    const reused = await desk()
      .post(`/dossiers/${code}/excluded-phases/khac/start`)
      .set('Idempotency-Key', KEY)
      .send({ reason: 'Khác' });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    // The same key and request again: the first answer, nothing written.
    const replay = await desk()
      .post(`/dossiers/${code}/excluded-phases/cho-le-phi/start`)
      .set('Idempotency-Key', KEY)
      .send({ reason: 'Chờ nộp lệ phí' })
      .expect(200);
    expect(replay.body).toMatchObject({ alreadyApplied: true, revision: phase.body.revision });
    expect(await eventCount()).toBe(before);
    // Another officer's identical key is another request: judged on its own (the phase is already open).
    const other = await desk('cb-2')
      .post(`/dossiers/${code}/excluded-phases/cho-le-phi/start`)
      .set('Idempotency-Key', KEY)
      .send({ reason: 'Chờ nộp lệ phí' });
    expect(other.status).toBe(409);
    expect(other.body.alreadyApplied).toBeUndefined();
    await desk().post(`/dossiers/${code}/excluded-phases/cho-le-phi/end`).send({}).expect(200);
    // The coordinator's own key still hands off: the officer's key did not stand in for it.
    const coordinated = await t.app
      .get(DossierCommandService)
      .execute(
        code,
        { type: 'HandOffStep', stepId: 'register-birth', fromAgencyCode: DESK, toAgencyCode: DESK },
        { actor: { system: 'coordination' }, idempotencyKey: KEY },
      );
    expect(coordinated.recorded).toEqual(['StepHandedOff']);
  });

  it.each([
    ['an unknown procedure', { procedureCode: '9.999999' }, 404, 'PROCEDURE_NOT_FOUND'],
    [
      'a channel the procedure does not allow',
      {
        procedureCode: '2.000986',
        channel: 'post',
        stepOwners: { 'remove-residence': POLICE },
        documents: [
          { code: 'to-khai-khai-tu', copies: 1, original: true },
          { code: 'giay-bao-tu', copies: 1, original: true },
        ],
      },
      422,
      'DOSSIER_CHANNEL_NOT_ALLOWED',
    ],
    [
      'malformed applicant data',
      { applicant: { ...applicant, email: 'not-an-email', idNumber: '' } },
      400,
      undefined,
    ],
    [
      'a missing required document',
      { documents: [{ code: 'to-khai-lien-thong', copies: 1, original: true }] },
      422,
      undefined,
    ],
    ['an unknown receiving unit', { receivingUnitCode: '000.00.99.H29' }, 400, 'INTAKE_INVALID'],
  ])('refuses %s with a clear 4xx and writes nothing', async (_what, change, status, code) => {
    clock.set('2026-03-03T09:00:00+07:00');
    const before = await eventCount();
    // The officer belongs to the unit the intake names (acting for another one is a 403 on its own).
    const unit = (change as { receivingUnitCode?: string }).receivingUnitCode ?? DESK;
    const res = await t.as('reception-officer', unit, 'cb-1').post('/dossiers').send(birthDossier(change));
    expect(res.status).toBe(status);
    if (code) expect(res.body.code).toBe(code);
    expect(typeof res.body.message === 'string' || Array.isArray(res.body.message)).toBe(true);
    expect(await eventCount()).toBe(before);
    const codes = await t.db.pool
      .query("SELECT * FROM dossier_code_sequences WHERE local_date = '2026-03-03'")
      .catch(() => ({ rows: [] }));
    expect(codes.rows).toEqual([]);
  });

  it('records a supplement request (form 02) and a refusal (form 03) at intake without a dossier code', async () => {
    clock.set('2026-03-04T09:00:00+07:00');
    const supplement = await t
      .as('reception-officer', DESK, 'cb-1')
      .post('/intakes/supplement-requests')
      .send({
        procedureCode: '1.001193',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicant,
        items: [
          {
            documentCode: 'giay-chung-sinh',
            action: 'add',
            description: 'Bổ sung bản chính Giấy chứng sinh',
          },
        ],
        reason: 'Hồ sơ chưa đủ thành phần',
      })
      .expect(201);
    expect(supplement.body).toMatchObject({ outcome: 'supplement-requested', form: '02' });
    const refusal = await t
      .as('reception-officer', DESK, 'cb-1')
      .post('/intakes/refusals')
      .send({
        procedureCode: '1.001193',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicant,
        reasons: ['Không thuộc thẩm quyền giải quyết'],
      })
      .expect(201);
    expect(refusal.body).toMatchObject({ outcome: 'refused', form: '03' });
    const form02 = await http()
      .get(supplement.body.links.html as string)
      .expect(200);
    expect(form02.text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(form02.text).toContain('Bổ sung bản chính Giấy chứng sinh');
    expect(form02.text).toContain('Nguyễn Thị Minh Khai');
    const form03 = await http()
      .get(refusal.body.links.pdf as string)
      .expect(200);
    expect(form03.headers['content-type']).toBe('application/pdf');
    expect((await http().get(`/intakes/${refusal.body.intakeRef as string}/forms/01.html`)).status).toBe(400);
    const empty = await t
      .as('reception-officer', DESK, 'cb-1')
      .post('/intakes/refusals')
      .send({
        procedureCode: '1.001193',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicant,
        reasons: [],
      })
      .expect(400);
    expect(JSON.stringify(empty.body)).toContain('reasons');

    // An administrator erases the applicant's data of the sent-back intake; the outcome stays.
    const ref = supplement.body.intakeRef as string;
    const admin = () => t.as('administrator', null, 'quan-tri');
    await t
      .as('reception-officer', DESK, 'cb-1')
      .post(`/intakes/${ref}/personal-data/erase`)
      .send({ reason: 'x' })
      .expect(403);
    const erased = await admin()
      .post(`/intakes/${ref}/personal-data/erase`)
      .send({ reason: 'Hết thời hạn lưu trữ dữ liệu cá nhân' })
      .expect(200);
    expect(erased.body).toMatchObject({
      recorded: ['ApplicantDataErased'],
      status: 'intake-supplement-requested',
    });
    const after = await http().get(`/intakes/${ref}/forms/02.html`).expect(200);
    expect(after.text).toContain('Bổ sung bản chính Giấy chứng sinh');
    expect(after.text).not.toContain('Nguyễn Thị Minh Khai');
    expect(after.text).not.toContain(applicant.idNumber);
    await admin().post(`/intakes/${ref}/personal-data/erase`).send({ reason: 'lần hai' }).expect(409);
    await admin().post('/intakes/khong-ton-tai/personal-data/erase').send({ reason: 'x' }).expect(404);
  });

  it('walks a dossier from transfer to result, refuses actions in the wrong state, and 409s a stale revision', async () => {
    clock.set('2026-03-09T08:00:00+07:00');
    const code = (
      await t.as('reception-officer', DESK, 'cb-1').post('/dossiers').send(birthDossier()).expect(201)
    ).body.dossierCode as string;
    const act = (path: string, body: object = {}, who = DESK) =>
      t.as(AGENCY_STAFF, who, 'officer').post(`/dossiers/${code}${path}`).send(body);

    // Nobody completes a step they do not hold (here nobody holds one yet: the agency has no part).
    expect(
      (await act('/steps/register-birth/complete', { agencyCode: DESK, resultSummary: 'x' })).status,
    ).toBe(403);

    const transfer = await act('/transfer', { toAgencyCode: DESK })
      .set('Idempotency-Key', 'transfer-1')
      .expect(200);
    const retried = await act('/transfer', { toAgencyCode: DESK })
      .set('Idempotency-Key', 'transfer-1')
      .expect(200);
    expect(retried.body).toMatchObject({ alreadyApplied: true, revision: transfer.body.revision });
    clock.advance(10 * 60_000);
    const handed = await act('/steps/register-birth/handoff', {
      fromAgencyCode: DESK,
      toAgencyCode: DESK,
    }).expect(200);
    expect(handed.body).toMatchObject({ recorded: ['StepHandedOff'], status: 'in-processing' });
    // The transfer retried later, after more happened: the first answer again, nothing written.
    const retriedLater = await act('/transfer', { toAgencyCode: DESK })
      .set('Idempotency-Key', 'transfer-1')
      .expect(200);
    expect(retriedLater.body).toEqual({ ...transfer.body, alreadyApplied: true });
    expect(handed.body.revision).toBe(transfer.body.revision + 1);

    // Two officers at once on the same revision: one wins, the other gets a 409.
    const revision = handed.body.revision as number;
    const [a, b] = await Promise.all([
      act('/steps/register-birth/receive', { agencyCode: DESK }).set('If-Match', String(revision)),
      act('/steps/register-birth/receive', { agencyCode: DESK }).set('If-Match', String(revision)),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('DOSSIER_CHANGED');

    clock.advance(60 * 60_000);
    await act('/steps/register-birth/complete', {
      agencyCode: DESK,
      resultSummary: 'Đã đăng ký khai sinh',
    }).expect(200);
    await act('/steps/register-residence/handoff', { fromAgencyCode: DESK, toAgencyCode: POLICE }).expect(
      200,
    );
    await act('/steps/register-residence/receive', { agencyCode: POLICE }, POLICE).expect(200);
    await act(
      '/steps/register-residence/complete',
      { agencyCode: POLICE, resultSummary: 'Đã đăng ký thường trú' },
      POLICE,
    ).expect(200);
    await act(
      '/steps/issue-health-card/handoff',
      { fromAgencyCode: POLICE, toAgencyCode: INSURANCE },
      POLICE,
    ).expect(200);
    await act('/steps/issue-health-card/receive', { agencyCode: INSURANCE }, INSURANCE).expect(200);
    await act(
      '/steps/issue-health-card/complete',
      { agencyCode: INSURANCE, resultSummary: 'Đã cấp thẻ BHYT' },
      INSURANCE,
    ).expect(200);
    await act(
      '/steps/return-result/handoff',
      { fromAgencyCode: INSURANCE, toAgencyCode: DESK },
      INSURANCE,
    ).expect(200);
    await act('/steps/return-result/receive', { agencyCode: DESK }).expect(200);
    await act('/steps/return-result/complete', {
      agencyCode: DESK,
      resultSummary: 'Kết quả đã về bộ phận một cửa',
    }).expect(200);
    const ready = await act('/result-ready', { deskUnitCode: DESK }).expect(200);
    expect(ready.body.status).toBe('result-ready');
    await act('/result-returned', { channel: 'counter' }).expect(200);
    // Nothing happens to a finished dossier, except a rating.
    const late = await act('/withdrawal', { reason: 'x' });
    expect(late.status).toBe(409);
    await act('/rating', { score: 5, comment: 'Nhanh chóng' }).expect(200);
    expect((await act('/rating', { score: 6 })).status).toBe(400);

    const state = (await http().get(`/dossiers/${code}`).expect(200)).body;
    expect(state.state.status).toBe('returned');
    expect(state.state.result.outcome).toBe('early');
  });

  it('refuses a malformed If-Match and unknown dossiers clearly', async () => {
    expect((await http().post('/dossiers/000.00.71.H29-990101-0001/withdrawal').send({})).status).toBe(404);
    const code = `${DESK}-260212-0001`;
    const res = await http().post(`/dossiers/${code}/withdrawal`).set('If-Match', 'yesterday').send({});
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IF_MATCH_INVALID');
  });

  it('the integrity check passes, then catches an event altered in the database', async () => {
    const code = `${DESK}-260212-0002`;
    await t
      .as(AGENCY_STAFF, DESK)
      .post(`/dossiers/${code}/transfer`)
      .send({ toAgencyCode: DESK })
      .expect(200);
    const ok = await http().get(`/dossiers/${code}/integrity`).expect(200);
    expect(ok.body).toEqual({ dossierCode: code, intact: true, events: 2 });
    await t.db.pool.query(
      `UPDATE events SET data = jsonb_set(data, '{appointmentAt}', '"2026-03-31T17:00:00.000+07:00"')
       WHERE stream_name = $1 AND revision = 0`,
      [`dossier-${code}`],
    );
    const bad = await http().get(`/dossiers/${code}/integrity`).expect(200);
    expect(bad.body).toMatchObject({ intact: false, firstProblem: { revision: 0, problem: 'altered' } });
  });

  describe('rule sets, receipts and form fields (issue 18, items 7 to 9)', () => {
    const desk = () => t.as('reception-officer', DESK, 'cb-1');
    const withdraw = (code: string) =>
      t
        .as(AGENCY_STAFF, DESK, 'officer')
        .post(`/dossiers/${code}/withdrawal`)
        .send({ reason: 'Người nộp hồ sơ xin rút' })
        .expect(200);
    const certifyCopy = (extra: Record<string, unknown> = {}) => ({
      procedureCode: '9.000101',
      channel: 'counter',
      receivingUnitCode: DESK,
      applicant,
      documents: [{ code: 'ban-chinh', copies: 1, original: true }],
      ...extra,
    });

    beforeAll(async () => {
      await publishQuickProcedure(
        () => t.as('procedure-designer', null, 'designer-1'),
        '9.000101',
        { unit: 'immediate' },
        'Thủ tục thử nghiệm trả kết quả ngay',
      );
    });

    it('binds a dossier to the decree in force on its day of receipt, and prints its forms that way', async () => {
      // Received on 30/6/2025: Decree 61/2018 and Circular 01/2018, though the procedure was designed
      // for Decree 118/2025.
      clock.set('2025-06-30T10:00:00+07:00');
      const old = await desk()
        .post('/dossiers')
        .send(birthDossier({ sets: 2 }))
        .expect(201);
      const oldCode = old.body.dossierCode as string;
      expect(old.body).toMatchObject({
        dossierCode: `${DESK}-250630-0001`,
        ruleSet: 'decree-61-2018',
        statutoryLimit: { unit: 'workingDays', amount: 3 },
        sets: 2,
        receiptIssued: true,
        register: { unitCode: DESK, book: '2025-06-30', entry: 1 },
      });
      const receipt = await http().get(`/dossiers/${oldCode}/forms/01.html`).expect(200);
      for (const fact of [
        'Mẫu số 01 (Thông tư 01/2018/TT-VPCP)',
        'Theo Nghị định 61/2018/NĐ-CP',
        'Thời gian giải quyết hồ sơ theo quy định',
        '3 ngày làm việc',
        '2 bộ',
        'Sổ ngày 30/06/2025 của Ủy ban nhân dân phường Sài Gòn',
        '<td>0001</td>',
      ])
        expect(receipt.text).toContain(fact);
      await withdraw(oldCode);
      // Circular 01/2018 prescribes no notice of stopping: the notice says so instead of a number.
      const oldNotice = await http().get(`/dossiers/${oldCode}/forms/05.html`).expect(200);
      expect(oldNotice.text).toContain('Thông tư 01/2018/TT-VPCP không quy định mẫu này');
      expect(oldNotice.text).toContain('THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');

      // Received at the opening of 1/7/2025: Decree 118/2025 and Circular 03/2025.
      clock.set('2025-07-01T07:30:00+07:00');
      const now = await desk().post('/dossiers').send(birthDossier()).expect(201);
      const nowCode = now.body.dossierCode as string;
      expect(now.body).toMatchObject({ ruleSet: 'decree-118-2025', sets: 1 });
      const nowReceipt = await http().get(`/dossiers/${nowCode}/forms/01.html`).expect(200);
      expect(nowReceipt.text).toContain('Mẫu số 01 (Thông tư 03/2025/TT-VPCP)');
      expect(nowReceipt.text).toContain('1 bộ');
      await withdraw(nowCode);
      const notice = await http().get(`/dossiers/${nowCode}/forms/05.html`).expect(200);
      expect(notice.text).toContain('Mẫu số 05 (Thông tư 03/2025/TT-VPCP)');
    });

    it('issues no receipt for a result given at once unless the applicant asks, and never skips it otherwise', async () => {
      clock.set('2026-03-10T09:00:00+07:00');
      const none = await desk().post('/dossiers').send(certifyCopy()).expect(201);
      expect(none.body).toMatchObject({
        receiptIssued: false,
        statutoryLimit: { unit: 'immediate' },
        // Counted as the day: due at the end of the working day.
        appointmentAt: '2026-03-10T17:00:00.000+07:00',
      });
      expect(none.body.links.receiptHtml).toBeUndefined();
      const noForm = await http().get(`/dossiers/${none.body.dossierCode as string}/forms/01.html`);
      expect(noForm.status).toBe(404);
      expect(noForm.body.code).toBe('FORM_NOT_AVAILABLE');

      const asked = await desk()
        .post('/dossiers')
        .send(certifyCopy({ receiptRequested: true }))
        .expect(201);
      expect(asked.body.receiptIssued).toBe(true);
      const receipt = await http()
        .get(asked.body.links.receiptHtml as string)
        .expect(200);
      expect(receipt.text).toContain('Trả kết quả ngay');

      const before = await eventCount();
      const refused = await desk()
        .post('/dossiers')
        .send(birthDossier({ receiptRequested: false }));
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('DOSSIER_RECEIPT_REQUIRED');
      const badSets = await desk()
        .post('/dossiers')
        .send(birthDossier({ sets: 0 }));
      expect(badSets.status).toBe(400);
      expect(JSON.stringify(badSets.body)).toContain('sets');
      expect(await eventCount()).toBe(before);
    });

    it('form 02 says for each document whether the original, a certified copy or a photocopy is needed', async () => {
      clock.set('2026-03-10T10:00:00+07:00');
      const request = (items: object[]) =>
        desk().post('/intakes/supplement-requests').send({
          procedureCode: '1.001193',
          channel: 'counter',
          receivingUnitCode: DESK,
          applicant,
          items,
          reason: 'Hồ sơ chưa đủ thành phần',
        });
      const done = await request([
        {
          documentCode: 'giay-chung-sinh',
          action: 'add',
          description: 'Nộp bản chính',
          copyKind: 'original',
        },
        {
          documentCode: 'to-khai-lien-thong',
          action: 'add',
          description: 'Nộp bản chứng thực',
          copyKind: 'certified-copy',
          copies: 2,
        },
      ]).expect(201);
      const form = await http()
        .get(done.body.links.html as string)
        .expect(200);
      for (const fact of [
        '<th>Bản chính</th><th>Bản chứng thực</th><th>Bản photo</th>',
        '<td>Nộp bản chính</td><td>1</td><td></td><td></td>',
        '<td>Nộp bản chứng thực</td><td></td><td>2</td><td></td>',
      ])
        expect(form.text).toContain(fact);
      const before = await eventCount();
      expect((await request([{ action: 'add', description: 'x', copyKind: 'scan' }])).status).toBe(400);
      const copiesAlone = await request([{ action: 'add', description: 'x', copies: 2 }]);
      expect(copiesAlone.status).toBe(400);
      expect(JSON.stringify(copiesAlone.body)).toContain('COPY_KIND_REQUIRED');
      expect(await eventCount()).toBe(before);
    });
  });
});

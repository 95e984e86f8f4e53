import { AGENCY_STAFF, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { until } from '../support/until';

/**
 * Who may do what, end to end: the caller is the token (headers say nothing), acts only for its own
 * agency, sees the applicant's personal data only in a role that needs it, and every refusal (401,
 * 403, 400) writes nothing but, for a failed authentication, an audit line.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';

// Filed online: accepted at any hour (a counter intake needs the desk's reception hours, and this suite
// runs on the real clock).
const intake = (extra: Record<string, unknown> = {}) => ({
  procedureCode: '1.001193',
  channel: 'online',
  receivingUnitCode: DESK,
  applicantCommuneCode: DESK,
  stepOwners: { 'register-residence': POLICE },
  applicant: { fullName: 'Lê Văn Quyền', address: '5 Pasteur', idNumber: '079190009876' },
  documents: [
    { code: 'to-khai-lien-thong', copies: 1, original: true },
    { code: 'giay-chung-sinh', copies: 1, original: true },
  ],
  ...extra,
});

describe('access control through HTTP', () => {
  let t: ApiTestApp;
  const written = async () =>
    (
      await t.db.pool.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM api_clients)
                || '/' || (SELECT count(*) FROM staff_users) AS n`,
      )
    ).rows[0]!.n;

  beforeAll(async () => {
    t = await startApiTestApp('e2e_access_control', { overrides: { seed: 'sample' }, projections: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records the caller from its token, ignoring x-person-id and x-agency-code', async () => {
    const res = await t
      .as('reception-officer', DESK, 'can-bo-that')
      .post('/dossiers')
      .set('x-person-id', 'ke-mao-danh')
      .set('x-agency-code', POLICE)
      .send(intake())
      .expect(201);
    const code = res.body.dossierCode as string;
    const { rows } = await t.db.pool.query<{ actor: unknown }>(
      "SELECT metadata->'actor' AS actor FROM events WHERE stream_name = $1",
      [`dossier-${code}`],
    );
    expect(rows[0]!.actor).toEqual({ personId: 'can-bo-that', agencyCode: DESK });
  });

  it('refuses an officer acting for another agency (403) and a request without a token (401); nothing is written', async () => {
    const before = await written();
    const other = await t.as('reception-officer', POLICE, 'cb-cong-an').post('/dossiers').send(intake());
    expect([other.status, other.body.code]).toEqual([403, 'AGENCY_MISMATCH']);
    const code = (await t.as('reception-officer', DESK).post('/dossiers').send(intake()).expect(201)).body
      .dossierCode as string;
    const afterIntake = await written();
    // The police officer may not act for the desk, nor name the desk in a step action.
    const transfer = await t
      .as(AGENCY_STAFF, POLICE)
      .post(`/dossiers/${code}/steps/register-birth/receive`)
      .send({ agencyCode: DESK });
    expect([transfer.status, transfer.body.code]).toEqual([403, 'AGENCY_MISMATCH']);
    const inbox = await t.as('agency-officer', POLICE).get(`/agencies/${DESK}/inbox`);
    expect([inbox.status, inbox.body.code]).toEqual([403, 'AGENCY_MISMATCH']);
    const anonymous = await t.anonymous().post(`/dossiers/${code}/transfer`).send({ toAgencyCode: DESK });
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'AUTHENTICATION_REQUIRED']);
    const malformed = await t.as('reception-officer', DESK).post(`/dossiers/${code}/transfer`).send({});
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('toAgencyCode');
    expect(await written()).toBe(afterIntake);
    expect(before).not.toBe(afterIntake);

    const failures = await until('the audit line of the refused request', async () => {
      const list = (await t.as('auditor').get('/audit?kind=auth-failure').expect(200)).body as {
        path: string;
        status: number;
        personId: string | null;
      }[];
      return list.some((e) => e.path === `/dossiers/${code}/transfer`) ? list : undefined;
    });
    expect(failures.find((e) => e.path === `/dossiers/${code}/transfer`)).toMatchObject({
      status: 401,
      personId: null,
    });
  });

  it('shows the applicant’s personal data (forms, register) only to reception officers, auditors and administrators', async () => {
    const code = (await t.as('reception-officer', DESK).post('/dossiers').send(intake()).expect(201)).body
      .dossierCode as string;
    // The police lead the processing: they follow the dossier, without its personal data.
    await t
      .as('reception-officer', DESK)
      .post(`/dossiers/${code}/transfer`)
      .send({ toAgencyCode: POLICE })
      .expect(200);
    await t.settle();
    const period = 'from=2000-01-01T00:00:00%2B07:00&to=2100-01-01T00:00:00%2B07:00';
    for (const [role, agency] of [
      ['agency-officer', POLICE],
      ['agency-head', POLICE],
      ['procedure-designer', null],
    ] as const) {
      for (const path of [
        `/dossiers/${code}/forms/01.html`,
        `/register?${period}`,
        `/dossiers/${code}/as-of`,
      ])
        expect((await t.as(role, agency).get(path)).status).toBe(403);
      // Their views carry no personal data.
      if (role !== 'procedure-designer') {
        const timeline = await t.as(role, agency).get(`/dossiers/${code}/timeline`).expect(200);
        expect(JSON.stringify(timeline.body)).not.toContain('Lê Văn Quyền');
      }
    }
    for (const [role, agency] of [
      ['reception-officer', DESK],
      ['auditor', null],
      ['administrator', null],
    ] as const) {
      const receipt = await t.as(role, agency).get(`/dossiers/${code}/forms/01.html`).expect(200);
      expect(receipt.text).toContain('Lê Văn Quyền');
    }
  });

  it('lets a provincial leader read the whole province’s reports and nothing else', async () => {
    const code = (await t.as('reception-officer', DESK).post('/dossiers').send(intake()).expect(201)).body
      .dossierCode as string;
    const leader = () => t.as('provincial-leader', null, 'lanh-dao-ubnd');
    const period = { from: '2026-01-01', to: '2027-12-31' };
    const summary = await until('the report read models to count the dossier', async () => {
      const res = await leader()
        .get('/reports/summary')
        .query({ ...period, groupBy: 'unit' })
        .expect(200);
      const body = res.body as { total: { received: number }; groups: { key: { unit: string } }[] };
      return body.total.received > 0 ? body : undefined;
    });
    expect(summary.groups.map((g) => g.key.unit)).toContain(DESK);
    // The same figures an administrator sees (the province, not one unit), once the read models settle.
    await until('the leader and an administrator to read the same figures', async () => {
      const [mine, admin] = await Promise.all(
        [leader(), t.as('administrator', null)].map((as) =>
          as
            .get('/reports/summary')
            .query({ ...period, groupBy: 'unit' })
            .expect(200),
        ),
      );
      // Each answer states the instant it was computed at (period.asOf): the figures are what must match.
      const figures = (body: { period?: object }) =>
        JSON.stringify({ ...body, period: { ...body.period, asOf: null } });
      return figures(mine!.body as object) === figures(admin!.body as object) ? true : undefined;
    });
    const before = await written();
    for (const res of [
      await leader().get(`/dossiers/${code}/forms/01.html`),
      await leader().post('/dossiers').send(intake()),
      await leader().get('/audit'),
    ])
      expect(res.status).toBe(403);
    expect(await written()).toBe(before);
  });

  it('manages staff: agency roles need a known agency, a disabled user cannot log in, an administrator resets a password', async () => {
    const admin = () => t.as('administrator', null, 'quan-tri');
    const before = await written();
    const noAgency = await admin()
      .post('/admin/users')
      .send({
        personId: 'cb-2',
        displayName: 'Cán bộ',
        roles: ['agency-officer'],
        password: 'mat-khau-du-dai-1',
      })
      .expect(400);
    expect((noAgency.body.problems as { path: string }[]).map((p) => p.path)).toEqual(['agencyCode']);
    const unknown = await admin()
      .post('/admin/users')
      .send({
        personId: 'client:gia',
        displayName: 'Cán bộ',
        agencyCode: '000.00.99.H29',
        roles: ['agency-officer'],
        password: 'mat-khau-du-dai-1',
      })
      .expect(400);
    expect((unknown.body.problems as { path: string }[]).map((p) => p.path)).toEqual([
      'personId',
      'agencyCode',
    ]);
    expect(await written()).toBe(before);

    await admin()
      .post('/admin/users')
      .send({
        personId: 'cb-cong-an-1',
        displayName: 'Trần Văn Công An',
        agencyCode: POLICE,
        roles: ['agency-officer'],
        password: 'mat-khau-du-dai-1',
      })
      .expect(201);
    const login = (password: string) =>
      t.anonymous().post('/auth/login').send({ personId: 'cb-cong-an-1', password });
    const token = (await login('mat-khau-du-dai-1').expect(200)).body.access_token as string;
    await t.anonymous().get(`/agencies/${POLICE}/inbox`).set('authorization', `Bearer ${token}`).expect(200);
    await admin().post('/admin/users/cb-cong-an-1/password').send({ password: 'ngan' }).expect(400);
    await admin()
      .post('/admin/users/cb-cong-an-1/password')
      .send({ password: 'mat-khau-moi-dai-2' })
      .expect(200);
    await login('mat-khau-du-dai-1').expect(401);
    const inbox = (bearer: string) =>
      t.anonymous().get(`/agencies/${POLICE}/inbox`).set('authorization', `Bearer ${bearer}`);
    // The token issued before the new password is refused at once; one issued after it works.
    expect((await inbox(token).expect(401)).body.code).toBe('TOKEN_REVOKED');
    const renewed = (await login('mat-khau-moi-dai-2').expect(200)).body.access_token as string;
    await inbox(renewed).expect(200);
    await admin().post('/admin/users/cb-cong-an-1/disable').expect(200);
    expect((await login('mat-khau-moi-dai-2').expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    expect((await inbox(renewed).expect(401)).body.code).toBe('TOKEN_REVOKED');
    expect((await admin().post('/admin/users/nobody/disable').expect(404)).body.code).toBe(
      'STAFF_USER_NOT_FOUND',
    );
  });

  it("signs form 01 with the receiving officer's display name from the staff directory, not the login id", async () => {
    await t
      .as('administrator', null, 'quan-tri')
      .post('/admin/users')
      .send({
        personId: 'tk-desk',
        displayName: 'Nguyễn Thị Tiếp Nhận',
        agencyCode: DESK,
        roles: ['reception-officer'],
        password: 'mat-khau-du-dai-1',
      })
      .expect(201);
    const code = (
      await t.as('reception-officer', DESK, 'tk-desk').post('/dossiers').send(intake()).expect(201)
    ).body.dossierCode as string;
    const receipt = await t
      .as('reception-officer', DESK, 'tk-desk')
      .get(`/dossiers/${code}/forms/01.html`)
      .expect(200);
    expect(receipt.text).toContain('Nguyễn Thị Tiếp Nhận');
    expect(receipt.text).not.toContain('tk-desk');
  });

  it('takes client credentials as a form body or as HTTP Basic (RFC 6749), and refuses a malformed Basic header with 400', async () => {
    const { clientId, clientSecret } = (
      await t
        .as('administrator')
        .post('/admin/clients')
        .send({ agencyCode: POLICE, description: 'Thử' })
        .expect(201)
    ).body as { clientId: string; clientSecret: string };
    const form = await t
      .anonymous()
      .post('/auth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })
      .expect(200);
    expect(form.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    await t
      .anonymous()
      .post('/auth/token')
      .type('form')
      .set('authorization', `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`)
      .send({ grant_type: 'client_credentials' })
      .expect(200);
    const bad = await t
      .anonymous()
      .post('/auth/token')
      .set('authorization', 'Basic !!!')
      .send({ grant_type: 'client_credentials' })
      .expect(400);
    expect((bad.body.problems as { path: string }[]).map((p) => p.path)).toEqual(['authorization']);
  });
});

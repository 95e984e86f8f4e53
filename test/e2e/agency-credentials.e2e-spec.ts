import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/**
 * Credentials follow the agency directory (issue 16, ADR 0012): deactivating an agency ends its API
 * clients and every token acting for it at once; re-coding it refuses the tokens that carry the old
 * code, and its staff and clients go on under the new one with the same password or secret. The
 * credential rate limit counts every spelling of the token endpoints.
 */
const BEN_THANH = '000.00.73.H29'; // Ủy ban nhân dân phường Bến Thành (sample catalogue)
const BEN_THANH_POLICE = '000.00.74.H29'; // Công an phường Bến Thành

describe('agency credentials and the agency directory', () => {
  let t: ApiTestApp;

  beforeAll(async () => {
    const limits = {
      // The default burst, refilled so slowly that the test's own pace does not add attempts.
      LIEN_THONG_CREDENTIALS_RATE_PER_SECOND: '0.01',
      LIEN_THONG_CREDENTIALS_BURST: '20',
    };
    const before = { ...process.env };
    Object.assign(process.env, limits);
    try {
      // Behind a proxy on this machine: each test takes its own address (X-Forwarded-For).
      t = await startApiTestApp('e2e_agency_credentials', {
        overrides: { seed: 'sample', trustProxy: 'loopback' },
      });
    } finally {
      for (const name of Object.keys(limits))
        if (before[name] === undefined) delete process.env[name];
        else process.env[name] = before[name];
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  /** An API client and a staff member of the agency, each with a token that works. */
  const credentialsOf = async (agencyCode: string, personId: string, from: string) => {
    const anonymous = () => t.anonymous().set('x-forwarded-for', from);
    const client = (
      await t.http().post('/admin/clients').send({ agencyCode, description: 'Phần mềm một cửa' }).expect(201)
    ).body as { clientId: string; clientSecret: string };
    const password = 'mat-khau-can-bo-2026';
    await t
      .http()
      .post('/admin/users')
      .send({ personId, displayName: 'Lê Văn Cán Bộ', agencyCode, roles: ['agency-officer'], password })
      .expect(201);
    const clientToken = () =>
      anonymous().post('/auth/token').send({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
    const login = () => anonymous().post('/auth/login').send({ personId, password });
    const bearer = (token: string) => t.anonymous().get('/agencies').set('authorization', `Bearer ${token}`);
    const tokens = {
      client: (await clientToken().expect(200)).body.access_token as string,
      staff: (await login().expect(200)).body.access_token as string,
      // A token of the agency's officer signed elsewhere in this deployment (not from /auth/*).
      signed: t.token('agency-officer', agencyCode, `${personId}-khac`),
    };
    for (const token of Object.values(tokens)) await bearer(token).expect(200);
    return { client, tokens, clientToken, login, bearer };
  };

  it('deactivating an agency refuses its client and staff tokens at once, revokes its clients and stops its logins', async () => {
    const { client, tokens, clientToken, login, bearer } = await credentialsOf(
      BEN_THANH,
      'can-bo-ben-thanh',
      '203.0.113.1',
    );
    await t.http().post(`/agencies/${BEN_THANH}/deactivate`).send({ reason: 'Giải thể' }).expect(200);

    for (const token of Object.values(tokens)) {
      const refused = await bearer(token).expect(401);
      expect(refused.body).toMatchObject({
        code: 'TOKEN_REVOKED',
        message: expect.stringMatching(/agency 000\.00\.73\.H29, which has been deactivated/),
        messageVi: 'Cơ quan 000.00.73.H29 đã ngừng hoạt động; mã truy cập đã bị thu hồi',
      });
    }
    expect((await clientToken().expect(401)).body.code).toBe('INVALID_CLIENT');
    expect((await login().expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    expect((await t.http().get(`/admin/clients?agency=${BEN_THANH}`).expect(200)).body).toEqual([
      expect.objectContaining({ clientId: client.clientId, revokedAt: expect.any(String) }),
    ]);
    // Another agency's tokens go on.
    await bearer(t.token('agency-officer', BEN_THANH_POLICE)).expect(200);
  });

  it('re-coding an agency refuses the tokens with the old code at once; its staff and clients log in again under the new code', async () => {
    const { client, tokens, clientToken, login, bearer } = await credentialsOf(
      BEN_THANH_POLICE,
      'can-bo-cong-an-ben-thanh',
      '203.0.113.2',
    );
    const NEW_CODE = '000.00.74.H79';
    await t
      .http()
      .post(`/agencies/${BEN_THANH_POLICE}/reissue`)
      .send({ newCode: NEW_CODE, reason: 'Sắp xếp đơn vị hành chính' })
      .expect(200);

    for (const token of Object.values(tokens)) {
      const refused = await bearer(token).expect(401);
      expect(refused.body).toMatchObject({
        code: 'TOKEN_REVOKED',
        message: expect.stringMatching(/re-coded as 000\.00\.74\.H79: obtain a new token/),
      });
    }
    // The same secret and password, and tokens that now carry the new code.
    const fresh = {
      client: (await clientToken().expect(200)).body.access_token as string,
      staff: (await login().expect(200)).body.access_token as string,
    };
    for (const token of Object.values(fresh)) {
      await bearer(token).expect(200);
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
        agency: string;
      };
      expect(claims.agency).toBe(NEW_CODE);
      // It acts for the agency under its new code only.
      await t
        .anonymous()
        .get(`/agencies/${BEN_THANH_POLICE}/inbox`)
        .set('authorization', `Bearer ${token}`)
        .expect(403);
    }
    expect((await t.http().get(`/admin/clients?agency=${NEW_CODE}`).expect(200)).body).toEqual([
      expect.objectContaining({ clientId: client.clientId, revokedAt: null }),
    ]);
    const users = (await t.http().get('/admin/users').expect(200)).body as {
      personId: string;
      agencyCode: string;
    }[];
    expect(users.find((u) => u.personId === 'can-bo-cong-an-ben-thanh')?.agencyCode).toBe(NEW_CODE);
  });

  it('charges 25 wrong passwords to /auth/login/ (trailing slash) to the credential budget: 20 × 401, then 429 with Retry-After', async () => {
    const from = '203.0.113.25';
    const guess = (path: string) =>
      t
        .anonymous()
        .post(path)
        .set('x-forwarded-for', from)
        .send({ personId: 'admin', password: 'doan-mat-khau-sai' });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof guess>> | undefined;
    for (let i = 0; i < 25; i += 1) {
      last = await guess('/auth/login/');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array<number>(20).fill(401), ...Array<number>(5).fill(429)]);
    expect(last!.body).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/credentials/) });
    expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Every other spelling draws on the same budget, the client-credentials endpoint too.
    for (const path of ['/auth/login', '/AUTH/Login', '/auth/%6Cogin', '//auth/login', '/auth/token/']) {
      const res = await guess(path);
      expect([path, res.status, res.body.code]).toEqual([path, 429, 'RATE_LIMITED']);
    }
    // Another address is not held back.
    await t
      .anonymous()
      .post('/auth/login/')
      .set('x-forwarded-for', '203.0.113.26')
      .send({ personId: 'admin', password: 'doan-mat-khau-sai' })
      .expect(401);
  });
});

import { AccessTokens } from '@lien-thong/identity';
import { startApiTestApp, TestClock, type ApiTestApp } from '../support/api-test-app';
import { until } from '../support/until';

/**
 * Agency API clients (client id + secret, stored hashed) and their short-lived tokens, through HTTP:
 * issue, authenticate, rotate with a grace period, revoke; every refusal says why and writes nothing.
 */
const POLICE = '000.00.72.H29';

describe('agency API clients and access tokens', () => {
  let t: ApiTestApp;
  const clock = new TestClock(Date.parse('2026-11-23T09:00:00+07:00'));
  const http = () => t.http();
  const token = (client_id: string, client_secret: string) =>
    t.anonymous().post('/auth/token').send({ grant_type: 'client_credentials', client_id, client_secret });

  beforeAll(async () => {
    t = await startApiTestApp('e2e_identity_clients', { overrides: { seed: 'sample' }, clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('issues a client whose secret is shown once and stored only as a hash; its token names the agency and expires', async () => {
    const created = await http()
      .post('/admin/clients')
      .send({ agencyCode: POLICE, description: 'Phần mềm một cửa Công an xã' })
      .expect(201);
    const { clientId, clientSecret } = created.body as { clientId: string; clientSecret: string };
    expect(clientSecret).toMatch(/^lts_[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.pool.query<{ row: string }>(
      'SELECT row_to_json(c)::text AS row FROM api_clients c',
    );
    expect(stored.rows.map((r) => r.row).join()).not.toContain(clientSecret.slice(4));
    expect((await http().get(`/admin/clients?agency=${POLICE}`).expect(200)).body).toEqual([
      expect.objectContaining({ clientId, agencyCode: POLICE, revokedAt: null }),
    ]);
    expect(JSON.stringify((await http().get('/admin/clients').expect(200)).body)).not.toContain(clientSecret);

    const issued = await token(clientId, clientSecret).expect(200);
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const tokens = t.app.get(AccessTokens);
    expect(tokens.verify(issued.body.access_token as string)).toMatchObject({
      ok: true,
      token: { sub: clientId, kind: 'client', agency: POLICE, roles: ['agency-officer'] },
    });
    clock.advance(901_000);
    expect(tokens.verify(issued.body.access_token as string)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rotates with a grace period for the previous secret, and revokes at once', async () => {
    const { clientId, clientSecret: first } = (
      await http()
        .post('/admin/clients')
        .send({ agencyCode: POLICE, description: 'Hệ thống thử' })
        .expect(201)
    ).body as { clientId: string; clientSecret: string };
    const rotated = await http()
      .post(`/admin/clients/${clientId}/rotate`)
      .send({ graceSeconds: 60 })
      .expect(200);
    const second = rotated.body.clientSecret as string;
    expect(second).not.toBe(first);
    await token(clientId, first).expect(200);
    await token(clientId, second).expect(200);
    clock.advance(61_000);
    expect((await token(clientId, first).expect(401)).body.code).toBe('INVALID_CLIENT');
    await token(clientId, second).expect(200);

    const bearer = (await token(clientId, second).expect(200)).body.access_token as string;
    const withBearer = () => t.anonymous().get('/agencies').set('authorization', `Bearer ${bearer}`);
    await withBearer().expect(200);

    await http().post(`/admin/clients/${clientId}/revoke`).expect(200);
    expect((await token(clientId, second).expect(401)).body.code).toBe('INVALID_CLIENT');
    // A token issued before the revocation stops working at once, not when it expires.
    expect((await withBearer().expect(401)).body.code).toBe('TOKEN_REVOKED');
    expect((await http().post(`/admin/clients/${clientId}/rotate`).send({}).expect(404)).body.code).toBe(
      'API_CLIENT_NOT_FOUND',
    );
  });

  it('refuses bad requests with 400 naming the field, bad credentials with 401, an unknown agency with 404; nothing written', async () => {
    const count = async () =>
      Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM api_clients')).rows[0]!.n);
    const before = await count();
    const missing = await t.anonymous().post('/auth/token').send({ grant_type: 'password' }).expect(400);
    expect((missing.body.problems as { path: string }[]).map((p) => p.path).sort()).toEqual([
      'client_id',
      'client_secret',
      'grant_type',
    ]);
    expect((await token('ltc_nobody', 'lts_wrong').expect(401)).body.code).toBe('INVALID_CLIENT');
    expect((await token('ltc_nobody', 'not-even-a-secret').expect(401)).body.code).toBe('INVALID_CLIENT');
    expect(
      (
        await http()
          .post('/admin/clients')
          .send({ agencyCode: '000.00.99.H29', description: 'x' })
          .expect(404)
      ).body.code,
    ).toBe('AGENCY_NOT_FOUND');
    const invalid = await http().post('/admin/clients').send({ agencyCode: '', description: '' }).expect(400);
    expect((invalid.body.problems as { path: string }[]).map((p) => p.path)).toEqual([
      'agencyCode',
      'description',
    ]);
    expect(await count()).toBe(before);
  });
});

describe('bearer tokens on requests', () => {
  let t: ApiTestApp;
  const clock = new TestClock(Date.parse('2026-11-23T09:00:00+07:00'));
  beforeAll(async () => {
    t = await startApiTestApp('e2e_identity_bearer', { overrides: { seed: 'sample' }, clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a missing, forged, malformed or expired token with 401, another agency with 403, and acts for the token’s agency', async () => {
    const { clientId, clientSecret } = (
      await t.http().post('/admin/clients').send({ agencyCode: POLICE, description: 'Thử' }).expect(201)
    ).body as { clientId: string; clientSecret: string };
    const { access_token: good } = (
      await t
        .anonymous()
        .post('/auth/token')
        .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })
        .expect(200)
    ).body as { access_token: string };
    const [h, p] = good.split('.');
    for (const bad of [`${h}.${p}.AAAA`, 'abc', `${h}.${p}`]) {
      const res = await t.http().get('/agencies').set('authorization', `Bearer ${bad}`).expect(401);
      expect(res.body.code).toBe('TOKEN_INVALID');
    }
    for (const missing of [
      t.anonymous().get('/agencies'),
      t.anonymous().get('/agencies').set('authorization', `Basic ${good}`),
    ])
      expect((await missing.expect(401)).body.code).toBe('AUTHENTICATION_REQUIRED');
    // Headers say nothing about the caller: the token's agency is the one it acts for.
    const other = await t
      .anonymous()
      .get('/agencies/000.00.71.H29/inbox')
      .set('authorization', `Bearer ${good}`)
      .set('x-agency-code', '000.00.71.H29')
      .expect(403);
    expect(other.body.code).toBe('AGENCY_MISMATCH');
    await t
      .http()
      .get(`/agencies/${POLICE}/inbox`)
      .set('authorization', `Bearer ${good}`)
      .expect((r) => {
        if (r.status === 401 || r.status === 403) throw new Error(`refused a valid token: ${r.status}`);
      });
    // Acting on a dossier: the token's agency is the only one the body may name (nothing is written).
    const mismatch = await t
      .http()
      .post('/dossiers/000.00.71.H29-261123-0001/steps/a/complete')
      .set('authorization', `Bearer ${good}`)
      .send({ agencyCode: '000.00.71.H29', resultSummary: 'giả mạo' })
      .expect(403);
    expect(mismatch.body.code).toBe('AGENCY_MISMATCH');
    clock.advance(901_000);
    const expired = await t.http().get('/agencies').set('authorization', `Bearer ${good}`).expect(401);
    expect(expired.body.code).toBe('TOKEN_EXPIRED');
  });
});

describe('audit log', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp('e2e_identity_audit', { overrides: { seed: 'sample' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records every state-changing request with its actor and final status, and every refused credential; reads are not recorded', async () => {
    const { clientId, clientSecret } = (
      await t
        .as('administrator', null, 'quan-tri-1')
        .post('/admin/clients')
        .send({ agencyCode: POLICE, description: 'Thử' })
        .expect(201)
    ).body as { clientId: string; clientSecret: string };
    const { access_token: good } = (
      await t
        .anonymous()
        .post('/auth/token')
        .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })
        .expect(200)
    ).body as { access_token: string };
    await t.http().get('/agencies').expect(200);
    await t
      .anonymous()
      .post('/auth/token')
      .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'lts_wrong' })
      .expect(401);
    await t.http().get('/agencies').set('authorization', 'Bearer forged.token.here').expect(401);
    await t
      .http()
      .put(`/agencies/${POLICE}/webhook`)
      .set('authorization', `Bearer ${good}`)
      .send({ url: 'ftp://nope' })
      .expect(400);

    const entries = await until('the audit lines', async () => {
      const list = (await t.http().get('/audit?limit=50').expect(200)).body as {
        method: string;
        path: string;
        status: number;
        kind: string;
        personId: string | null;
        claimedId: string | null;
        agencyCode: string | null;
      }[];
      return list.length >= 4 ? list : undefined;
    });
    expect(
      entries
        .map((e) => [e.kind, e.method, e.path, e.status, e.personId, e.claimedId, e.agencyCode])
        .reverse(),
    ).toEqual([
      ['change', 'POST', '/admin/clients', 201, 'quan-tri-1', null, null],
      // the client id a refused token request claimed, never its secret
      ['auth-failure', 'POST', '/auth/token', 401, null, clientId, null],
      ['auth-failure', 'GET', '/agencies', 401, null, null, null],
      ['change', 'PUT', `/agencies/${POLICE}/webhook`, 400, `client:${clientId}`, null, POLICE],
    ]);
    expect((await t.http().get('/audit?kind=auth-failure').expect(200)).body).toHaveLength(2);
    expect((await t.http().get('/audit?kind=nope').expect(400)).body.code).toBe('AUDIT_QUERY_INVALID');
    expect(JSON.stringify(entries)).not.toContain(clientSecret);
  });
});

describe('rate limits per API client', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    const limits = {
      LIEN_THONG_CLIENT_RATE_PER_SECOND: '0.5',
      LIEN_THONG_CLIENT_BURST: '3',
      LIEN_THONG_CREDENTIALS_RATE_PER_SECOND: '0.01',
      LIEN_THONG_CREDENTIALS_BURST: '4',
      LIEN_THONG_ANONYMOUS_RATE_PER_SECOND: '0.01',
      LIEN_THONG_ANONYMOUS_BURST: '12',
    };
    const before = { ...process.env };
    Object.assign(process.env, limits);
    try {
      // Behind a proxy on this machine: the client's address comes from X-Forwarded-For.
      t = await startApiTestApp('e2e_identity_rate', {
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

  it('answers 429 with Retry-After once a client has used its burst; another client is not affected', async () => {
    const tokenOf = async (n: number) => {
      // One administrator each: the administrator's own budget is not what this test spends.
      const { clientId, clientSecret } = (
        await t
          .as('administrator', null, `quan-tri-${n}`)
          .post('/admin/clients')
          .send({ agencyCode: POLICE, description: 'Thử' })
          .expect(201)
      ).body as { clientId: string; clientSecret: string };
      return (
        (
          await t
            .anonymous()
            .post('/auth/token')
            .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })
            .expect(200)
        ).body as { access_token: string }
      ).access_token;
    };
    const [a, b] = [await tokenOf(1), await tokenOf(2)];
    const get = (token: string) => t.http().get('/agencies').set('authorization', `Bearer ${token}`);
    for (let i = 0; i < 3; i += 1) await get(a).expect(200);
    const limited = await get(a).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await get(b).expect(200);
  });

  it('limits credential attempts and requests without a token per address: 429, nothing written', async () => {
    // The credential bucket holds 4 (the test above may have spent some of them): guesses are 401
    // until it is empty, then 429.
    const guess = () =>
      t
        .anonymous()
        .post('/auth/token')
        .send({ grant_type: 'client_credentials', client_id: 'ltc_guess', client_secret: 'lts_guess' });
    const guesses: number[] = [];
    for (let i = 0; i < 5; i += 1) guesses.push((await guess()).status);
    expect(guesses.slice(0, guesses.indexOf(429))).toEqual(expect.arrayContaining([401]));
    expect(guesses.indexOf(429)).toBeGreaterThan(0);
    expect(guesses.indexOf(429)).toBeLessThanOrEqual(4);
    const refused = await guess().expect(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(refused.body.message).toMatch(/credentials/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(1);
    // Then requests without a token, or with a refused one, until the address's bucket (12) is empty.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const req = t.anonymous().get('/agencies');
      statuses.push((await (i % 2 === 0 ? req : req.set('authorization', 'Bearer forged.token.x'))).status);
    }
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThanOrEqual(4);
    expect(statuses.slice(0, first429).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(first429).every((s) => s === 429)).toBe(true);
    // A caller with a token is not held back by its address's budget.
    await t.http().get('/agencies').expect(200);
    // Another client behind the trusted proxy has its own budget; a forwarded address is charged too.
    const forwarded = (address: string) => t.anonymous().get('/agencies').set('x-forwarded-for', address);
    await forwarded('203.0.113.7').expect(401);
    for (let i = 0; i < 12; i += 1) await forwarded('203.0.113.8').expect(401);
    await forwarded('203.0.113.8').expect(429);
    await forwarded('203.0.113.7').expect(401);
  });
});

describe('staff users and their tokens', () => {
  let t: ApiTestApp;
  const ADMIN_PASSWORD = 'mat-khau-quan-tri-2026';
  beforeAll(async () => {
    process.env.LIEN_THONG_ADMIN_PASSWORD = ADMIN_PASSWORD;
    try {
      t = await startApiTestApp('e2e_identity_staff', { overrides: { seed: 'sample' } });
    } finally {
      delete process.env.LIEN_THONG_ADMIN_PASSWORD;
    }
  });
  afterAll(async () => {
    await t?.close();
  });
  const login = (personId: string, password: string) =>
    t.anonymous().post('/auth/login').send({ personId, password });

  it('logs the first administrator in, who creates staff with roles; each acts with its roles only', async () => {
    const admin = ((await login('admin', ADMIN_PASSWORD).expect(200)).body as { access_token: string })
      .access_token;
    const asAdmin = (req: ReturnType<ReturnType<ApiTestApp['http']>['post']>) =>
      req.set('authorization', `Bearer ${admin}`);
    const created = await asAdmin(t.http().post('/admin/users'))
      .send({
        personId: 'can-bo-mot-cua-1',
        displayName: 'Nguyễn Thị Tiếp Nhận',
        agencyCode: '000.00.71.H29',
        roles: ['reception-officer'],
        password: 'mot-cua-lien-thong-1',
      })
      .expect(201);
    expect(created.body).toMatchObject({ personId: 'can-bo-mot-cua-1', roles: ['reception-officer'] });
    expect(JSON.stringify(created.body)).not.toContain('mot-cua-lien-thong-1');

    const officer = (
      (await login('can-bo-mot-cua-1', 'mot-cua-lien-thong-1').expect(200)).body as { access_token: string }
    ).access_token;
    const refused = await t
      .http()
      .post('/admin/users')
      .set('authorization', `Bearer ${officer}`)
      .send({ personId: 'x', displayName: 'x', roles: ['administrator'], password: 'x'.repeat(12) })
      .expect(403);
    expect(refused.body.code).toBe('ROLE_NOT_ALLOWED');
    await t.http().get('/agencies').set('authorization', `Bearer ${officer}`).expect(200);

    expect((await login('can-bo-mot-cua-1', 'sai-mat-khau-roi').expect(401)).body.code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await login('khong-co-ai', 'sai-mat-khau-roi').expect(401)).body.code).toBe(
      'INVALID_CREDENTIALS',
    );
    const invalid = await asAdmin(t.http().post('/admin/users'))
      .send({ personId: 'y', displayName: 'y', roles: ['boss'], password: 'short' })
      .expect(400);
    expect((invalid.body.problems as { path: string }[]).map((p) => p.path)).toEqual([
      'roles[0]',
      'password',
    ]);
    expect(
      (
        await asAdmin(t.http().post('/admin/users'))
          .send({
            personId: 'can-bo-mot-cua-1',
            displayName: 'z',
            roles: ['auditor'],
            password: 'z'.repeat(12),
          })
          .expect(409)
      ).body.code,
    ).toBe('STAFF_USER_EXISTS');
  });
});

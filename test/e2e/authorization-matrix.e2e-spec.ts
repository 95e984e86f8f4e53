import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, SSE_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { AccessTokens } from '@lien-thong/identity';
import { ACCESS_METADATA, ROLES, type AccessRule, type Role } from '@lien-thong/access';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { firstEvent } from '../support/first-event';

/**
 * Every endpoint against every role: the routes are discovered from the running application (not a
 * hand-written list), so an endpoint added without `@Allow(...)` or `@Public()` fails this test. Each
 * route is called with a token of each role (403 ROLE_NOT_ALLOWED exactly when the role is not
 * declared, and never a 401 or 403 when it is), without a token and with a forged and an expired token
 * (401 unless the endpoint is public). None of these calls writes an event.
 */
const POLICE = '000.00.72.H29';

interface Route {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly rule: AccessRule | undefined;
  readonly name: string;
  /** Server-sent events (`@Sse`): a request is answered with the stream's first event, then closed. */
  readonly stream: boolean;
}

const VERBS: Partial<Record<RequestMethod, Route['method']>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

function discoverRoutes(t: ApiTestApp): Route[] {
  const routes: Route[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      const proto = type.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const handler = proto[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const verb = VERBS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        if (sub === undefined || verb === undefined) continue;
        const path = `/${[base, sub].filter((p) => p !== '' && p !== '/').join('/')}`.replace(/\/+/g, '/');
        const rule = (Reflect.getMetadata(ACCESS_METADATA, handler) ??
          Reflect.getMetadata(ACCESS_METADATA, type)) as AccessRule | undefined;
        const stream = Reflect.getMetadata(SSE_METADATA, handler) === true;
        routes.push({ method: verb, path, rule, name: `${type.name}.${key}`, stream });
      }
    }
  }
  return routes;
}

describe('authorization matrix (every endpoint, every role)', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp('e2e_authorization_matrix', {
      overrides: { seed: 'sample', calendar: 'always-open' },
      projections: true,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds every endpoint declared, and answers each role as declared; forged and expired tokens are 401; nothing is written', async () => {
    const routes = discoverRoutes(t);
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.rule === undefined).map((r) => r.name)).toEqual([]);

    const tokens = t.app.get(AccessTokens);
    const tokenOf = (role: Role) =>
      tokens.issue({ sub: `matrix-${role}`, kind: 'staff', agency: POLICE, roles: [role] }).token;
    const forged = `${tokenOf('administrator').slice(0, -4)}AAAA`;
    const expired = tokens.issue(
      { sub: 'matrix-old', kind: 'staff', agency: POLICE, roles: ['administrator'] },
      -1,
    ).token;
    // Events, API clients and staff users: none of these calls may write one (only audit lines).
    const count = async () =>
      (
        await t.db.pool.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM api_clients)
                  || '/' || (SELECT count(*) FROM staff_users) AS n`,
        )
      ).rows[0]!.n;
    const before = await count();

    const wrong: string[] = [];
    for (const route of routes) {
      // Agency parameters name the caller's own agency, so only the role decides.
      const url = route.path.replace(/:(\w+)/g, (_, name: string) =>
        name === 'code' || name === 'agencyCode' ? POLICE : 'khong-ton-tai',
      );
      const call = (token: string | null) => {
        const anonymous = t.anonymous()[route.method](url);
        const req = token === null ? anonymous : anonymous.set('authorization', `Bearer ${token}`);
        if (route.stream) return firstEvent(req);
        return route.method === 'get' || route.method === 'delete' ? req : req.send({});
      };
      const isPublic = route.rule !== undefined && 'public' in route.rule;
      for (const role of ROLES) {
        const res = await call(tokenOf(role));
        const refused = res.status === 403 && res.body?.code === 'ROLE_NOT_ALLOWED';
        const allowed =
          route.rule !== undefined && ('public' in route.rule || route.rule.roles.includes(role));
        if (allowed === refused || res.status === 401 || (allowed && res.status === 403) || res.status >= 500)
          wrong.push(
            `${route.method.toUpperCase()} ${route.path} as ${role}: ${res.status} ${res.body?.code ?? ''}`,
          );
      }
      for (const [what, token] of [
        ['no', null],
        ['forged', forged],
        ['expired', expired],
      ] as const) {
        const res = await call(token);
        // A public endpoint serves callers without a token, but a bad token is refused everywhere.
        const expected = isPublic && token === null ? res.status !== 401 : res.status === 401;
        if (!expected)
          wrong.push(`${route.method.toUpperCase()} ${route.path} with ${what} token: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await count()).toBe(before);
  }, 120_000);
});

/**
 * The same discovered routes, now against who owns what (issue 16): every route declares below how a
 * caller's unit or agency is checked against the resource it names, and a route missing from the table
 * fails the test. A dossier received by the Sài Gòn ward desk (71) is in processing: the ward's People's
 * Committee (71) leads and completed the first step, the ward police (72) hold the second. Each allowed
 * role is called as the owner (its own unit or agency) and as a stranger (Bến Thành ward, 73): the
 * stranger gets 403 UNIT_MISMATCH or AGENCY_MISMATCH and writes nothing; the owner gets past the check
 * (a stale If-Match makes every action it sends a 409 that writes nothing either).
 */
const DESK = '000.00.71.H29';
const STRANGER = '000.00.73.H29';
const INSURANCE = '000.00.61.H29';
const STEP = 'register-residence';

type Ownership =
  /** Nothing of a unit or agency: the role alone decides (the first test). */
  | { readonly kind: 'none'; readonly why: string }
  /** A route parameter names the agency (`@OwnAgency`). */
  | { readonly kind: 'agency-param'; readonly param: string }
  /** The dossier named by `:code`; the body as the caller's agency `a` would send it. */
  | { readonly kind: 'dossier'; readonly body?: (a: string) => object }
  /** The intake named by `:ref` (ended without a code). */
  | { readonly kind: 'intake' }
  /** A listing of a unit's dossiers (`?unit=`). */
  | { readonly kind: 'unit-listing' }
  /** The body names the receiving unit. */
  | { readonly kind: 'receiving-unit-body' }
  /** A report filtered on an agency (`?agency=`): the owner's own, a stranger's another one. */
  | { readonly kind: 'report' };

const none = (why: string): Ownership => ({ kind: 'none', why });
const dossier = (body?: (a: string) => object): Ownership => ({ kind: 'dossier', ...(body ? { body } : {}) });
const OWNERSHIP: Readonly<Record<string, Ownership>> = {
  'GET /health': none('public'),
  'GET /health/live': none('public: status only'),
  'GET /health/ready': none('public: status only'),
  'GET /metrics': none('operations (administrators, or the scraper token)'),
  'POST /auth/login': none('public'),
  'POST /auth/token': none('public'),
  'GET /public/dossiers/:code': none('public, by code and lookup key'),
  'GET /public/statistics': none('public: counts and shares per unit and procedure, no personal data'),
  'POST /agencies/import': none('the directory (administrators)'),
  'GET /channels/national-portal/submissions': { kind: 'unit-listing' },
  'POST /channels/national-portal/submissions/:portalId/accept': none(
    'the submission (read from the portal) names its unit: another desk gets 403 (national-portal e2e)',
  ),
  'GET /channels/national-portal/reconciliation': none('the connection (administrators)'),
  'GET /channels/national-portal/reconciliation/latest': none('the connection (administrators)'),
  'GET /public/intake-options': none('public: the procedures an applicant files alone, and the units'),
  'POST /channels/chat/:channel/events': none(
    "the chat platform's webhook: signed with the shared secret (401 otherwise, chat-intake e2e)",
  ),
  'POST /public/postal-pickups': none('public: an applicant asks for a pick-up at home, limited per address'),
  'GET /channels/postal/pickups': { kind: 'unit-listing' },
  'POST /channels/postal/pickups/:pickupRef/receive': none(
    "the pick-up names its unit: another unit's desk gets 403 (postal-pickup e2e)",
  ),
  'POST /public/files': none('public: an applicant uploads to file online, limited per address'),
  'POST /public/filings': none('public: an applicant files online, limited per address'),
  'GET /public/filings/:filingRef': none('public, by filing reference and lookup key'),
  'GET /channels/online/filings': { kind: 'unit-listing' },
  'POST /channels/online/filings/:filingRef/accept': none(
    "the filing names its unit: another unit's desk gets 403 (online-filing e2e)",
  ),
  'POST /channels/online/filings/:filingRef/supplement-request': none(
    "the filing names its unit: another unit's desk gets 403 (online-filing e2e)",
  ),
  'POST /channels/online/filings/:filingRef/refusal': none(
    "the filing names its unit: another unit's desk gets 403 (online-filing e2e)",
  ),
  'POST /files': none(
    "the file belongs to the uploader's own agency; attaching it checks that (FILE_NOT_YOURS)",
  ),
  'GET /agencies': none('the directory, public knowledge'),
  'GET /agencies/:code': none('the directory, public knowledge'),
  'POST /agencies/:code/reissue': none('the directory (administrators)'),
  'POST /agencies/:code/deactivate': none('the directory (administrators)'),
  'POST /admin/users': none('identity (administrators)'),
  'POST /admin/users/:personId/disable': none('identity (administrators)'),
  'POST /admin/users/:personId/password': none('identity (administrators)'),
  'GET /admin/users': none('identity (administrators, auditors)'),
  'GET /audit': none('the audit log (administrators, auditors)'),
  'POST /admin/clients': none('identity (administrators)'),
  'GET /admin/clients': none('identity (administrators, auditors)'),
  'POST /admin/clients/:clientId/rotate': none('identity (administrators)'),
  'POST /admin/clients/:clientId/revoke': none('identity (administrators)'),
  'POST /calendar/decisions': none('the calendar (administrators)'),
  'GET /calendar/decisions': none('the calendar, public knowledge'),
  'GET /calendar/days': none('the calendar, public knowledge'),
  'POST /procedures': none('the catalogue (designers)'),
  'PUT /procedures/:code/draft': none('the catalogue (designers)'),
  'POST /procedures/:code/draft/validate': none('the catalogue (designers)'),
  'POST /procedures/:code/versions': none('the catalogue (designers)'),
  'POST /procedures/:code/versions/:version/deprecate': none('the catalogue (designers)'),
  'GET /procedures': none('the published catalogue'),
  'GET /procedures/:code': none('the published catalogue'),
  'GET /procedures/:code/versions/:version': none('the published catalogue'),
  'GET /procedures/:code/diff': none('the published catalogue'),
  'GET /procedures/:code/versions/:version/diagram.svg': none('the published catalogue'),
  'GET /procedures/:code/versions/:version/diagram.png': none('the published catalogue'),
  'GET /procedures/:code/versions/:version/bpmn': none('the published catalogue'),
  'POST /dossiers/:code/steps/:stepId/overdue': none('administrators only (the coordinator’s action)'),
  'POST /dossiers/:code/personal-data/erase': none('administrators only'),
  'POST /intakes/:ref/personal-data/erase': none('administrators only'),
  'GET /agencies/:agencyCode/inbox': { kind: 'agency-param', param: 'agencyCode' },
  'GET /agencies/:agencyCode/inbox/changes': { kind: 'agency-param', param: 'agencyCode' },
  'PUT /agencies/:code/webhook': { kind: 'agency-param', param: 'code' },
  'GET /agencies/:code/webhook': { kind: 'agency-param', param: 'code' },
  'POST /agencies/:code/webhook/rotate-secret': { kind: 'agency-param', param: 'code' },
  'DELETE /agencies/:code/webhook': { kind: 'agency-param', param: 'code' },
  'GET /agencies/:code/deliveries': { kind: 'agency-param', param: 'code' },
  'GET /intakes/appointment': none("the caller's own unit (the request names none); nothing is written"),
  'POST /dossiers': { kind: 'receiving-unit-body' },
  'POST /intakes/supplement-requests': { kind: 'receiving-unit-body' },
  'POST /intakes/refusals': { kind: 'receiving-unit-body' },
  'GET /intakes/:ref/forms/:file': { kind: 'intake' },
  'GET /dossiers': { kind: 'unit-listing' },
  'GET /reports/summary': { kind: 'report' },
  'GET /reports/late': { kind: 'report' },
  'GET /reports/steps': { kind: 'report' },
  'GET /reports/scorecard': { kind: 'report' },
  'GET /reports/:report/export': { kind: 'report' },
  'GET /reports/charts/:chart': { kind: 'report' },
  'GET /reports/same-day': { kind: 'report' },
  'GET /reports/backlog': { kind: 'report' },
  'GET /reports/early-warnings': { kind: 'report' },
  'POST /what-if': { kind: 'report' },
  'POST /procedures/:code/simulate': none(
    "the province's record summed per agency (designers, administrators, leaders); nothing is written",
  ),
  'GET /register': { kind: 'unit-listing' },
  'GET /register/forms/:file': { kind: 'unit-listing' },
  'GET /dossiers/:code': dossier(),
  'GET /dossiers/:code/integrity': dossier(),
  'GET /dossiers/:code/timeline': dossier(),
  'GET /dossiers/:code/control-slip': dossier(),
  'GET /dossiers/:code/files': dossier(),
  'GET /dossiers/:code/files/:fileId': dossier(),
  'GET /dossiers/:code/as-of': dossier(),
  'GET /dossiers/:code/forms/:file': dossier(),
  'POST /dossiers/:code/transfer': dossier(() => ({ toAgencyCode: DESK })),
  'POST /dossiers/:code/steps/:stepId/handoff': dossier((a) => ({
    fromAgencyCode: a,
    toAgencyCode: INSURANCE,
  })),
  'POST /dossiers/:code/steps/:stepId/receive': dossier((a) => ({ agencyCode: a })),
  'POST /dossiers/:code/steps/:stepId/complete': dossier((a) => ({ agencyCode: a, resultSummary: 'Xong' })),
  'POST /dossiers/:code/steps/:stepId/return': dossier((a) => ({
    agencyCode: a,
    toStepId: 'register-birth',
    reason: 'Sai ngày sinh',
  })),
  'POST /dossiers/:code/steps/:stepId/supplement-request': dossier((a) => ({
    agencyCode: a,
    items: [{ action: 'add', description: 'Bản sao giấy tờ' }],
    reason: 'Thiếu giấy tờ',
  })),
  'POST /dossiers/:code/supplement-received': dossier(),
  'POST /dossiers/:code/excluded-phases/:phaseId/start': dossier(() => ({ reason: 'Nộp thuế' })),
  'POST /dossiers/:code/excluded-phases/:phaseId/end': dossier(),
  'POST /dossiers/:code/apology': dossier((a) => ({
    agencyCode: a,
    reason: 'Cần xác minh',
    newAppointmentAt: '2027-01-29T17:00:00+07:00',
  })),
  'POST /dossiers/:code/escalation': dossier(() => ({ to: 'head', reason: 'Chậm' })),
  'POST /dossiers/:code/stop': dossier(() => ({ reason: 'Theo đề nghị', requester: { kind: 'applicant' } })),
  'POST /dossiers/:code/withdrawal': dossier(() => ({ reason: 'Người nộp xin rút' })),
  'POST /dossiers/:code/result-ready': dossier(() => ({ deskUnitCode: DESK })),
  'POST /dossiers/:code/result-returned': dossier(() => ({ channel: 'counter' })),
  'POST /dossiers/:code/rating': dossier(() => ({ score: 5 })),
};

/** The unit or agency that owns the test dossier for a role: the desk for the desk, the holder for agencies. */
const OWNER: Partial<Record<Role, string>> = {
  'reception-officer': DESK,
  'agency-officer': POLICE,
  'agency-head': POLICE,
  auditor: DESK,
};

describe('authorization matrix (every endpoint, own and other unit or agency)', () => {
  let t: ApiTestApp;
  let code: string;
  const intakeRef = 'matrix-refused-1';
  const applicant = { fullName: 'Phạm Thị Ma Trận', address: '1 Nguyễn Huệ', idNumber: '079190009999' };

  beforeAll(async () => {
    t = await startApiTestApp('e2e_authorization_ownership', {
      overrides: { seed: 'sample', calendar: 'always-open' },
      projections: true,
    });
    const desk = t.as('reception-officer', DESK, 'desk-71');
    code = (
      await desk
        .post('/dossiers')
        .send({
          procedureCode: '1.001193',
          channel: 'counter',
          receivingUnitCode: DESK,
          applicantCommuneCode: DESK,
          stepOwners: { [STEP]: POLICE },
          applicant,
          documents: [
            { code: 'to-khai-lien-thong', copies: 1, original: true },
            { code: 'giay-chung-sinh', copies: 1, original: true },
          ],
        })
        .expect(201)
    ).body.dossierCode as string;
    await desk.post(`/dossiers/${code}/transfer`).send({ toAgencyCode: DESK }).expect(200);
    const ward = t.as('agency-officer', DESK, 'ubnd-71');
    const step = (id: string, action: string, body: object, who = ward) =>
      who.post(`/dossiers/${code}/steps/${id}/${action}`).send(body).expect(200);
    await step('register-birth', 'handoff', { fromAgencyCode: DESK, toAgencyCode: DESK });
    await step('register-birth', 'receive', { agencyCode: DESK });
    await step('register-birth', 'complete', { agencyCode: DESK, resultSummary: 'Đã đăng ký khai sinh' });
    await step(STEP, 'handoff', { fromAgencyCode: DESK, toAgencyCode: POLICE });
    await step(STEP, 'receive', { agencyCode: POLICE }, t.as('agency-officer', POLICE, 'ca-72'));
    await desk
      .post('/intakes/refusals')
      .send({
        intakeRef,
        procedureCode: '1.001193',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicant,
        reasons: ['Không thuộc thẩm quyền'],
      })
      .expect(201);
    await t.settle();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('declares how every route checks the caller against its resource, and enforces it for every allowed role', async () => {
    const routes = discoverRoutes(t);
    const undeclared = routes
      .map((r) => `${r.method.toUpperCase()} ${r.path}`)
      .filter((key) => OWNERSHIP[key] === undefined);
    expect(undeclared).toEqual([]);

    const events = async () =>
      Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
    const before = await events();
    const wrong: string[] = [];
    const checked = { stranger: 0, owner: 0 };
    const refusedAsStranger = (res: { status: number; body?: { code?: string } }) =>
      res.status === 403 &&
      ['UNIT_MISMATCH', 'AGENCY_MISMATCH', 'REPORT_SCOPE_FORBIDDEN'].includes(res.body?.code ?? '');

    for (const route of routes) {
      const key = `${route.method.toUpperCase()} ${route.path}`;
      const ownership = OWNERSHIP[key]!;
      if (ownership.kind === 'none' || route.rule === undefined || 'public' in route.rule) continue;
      const roles = route.rule.roles.filter((r) => OWNER[r] !== undefined);
      for (const role of roles) {
        for (const who of ['stranger', 'owner'] as const) {
          const own = OWNER[role]!;
          const agency = who === 'owner' ? own : STRANGER;
          const caller = t.as(role, agency, `matrix-${who}-${role}`);
          let res;
          switch (ownership.kind) {
            case 'agency-param': {
              // The route names the owner's agency; the stranger names it too.
              const url = route.path.replace(/:(\w+)/g, (_, name: string) =>
                name === ownership.param ? own : 'x',
              );
              const req = caller[route.method](url);
              if (route.stream) {
                res = await firstEvent(req);
                break;
              }
              res = await (route.method === 'put'
                ? req.send({ url: 'https://agency.example.vn/hook' })
                : route.method === 'post'
                  ? req.send({})
                  : req);
              break;
            }
            case 'receiving-unit-body': {
              // The body names the unit; the matrix checks the refusal only (an accepted one would write).
              if (who === 'owner') continue;
              const intake = {
                procedureCode: '1.001193',
                channel: 'counter',
                receivingUnitCode: DESK,
                applicant,
              };
              res = await caller
                .post(route.path)
                .send(
                  route.path === '/dossiers'
                    ? { ...intake, documents: [{ code: 'to-khai-lien-thong', copies: 1, original: true }] }
                    : route.path === '/intakes/refusals'
                      ? { ...intake, reasons: ['x'] }
                      : { ...intake, items: [{ action: 'add', description: 'x' }], reason: 'x' },
                );
              break;
            }
            case 'intake':
              res = await caller.get(`/intakes/${intakeRef}/forms/03.html`);
              break;
            case 'report':
              if (route.method === 'post') {
                // The what-if names the agencies whose dossiers it replays, as a report filters on them.
                res = await caller.post(route.path).send({
                  period: { from: '2026-01-01', to: '2026-12-31' },
                  agency: [own],
                  calendar: { daysOff: [{ date: '2026-05-04', reason: 'Nghỉ (giả định)' }] },
                });
                break;
              }
              res = await caller
                .get(route.path.replace(':report', 'late').replace(':chart', 'agency-on-time.svg'))
                .query({
                  ...(route.path === '/reports/backlog'
                    ? { asOf: '2026-03-04' }
                    : { from: '2026-01-01', to: '2026-12-31' }),
                  ...(route.path.endsWith('/export') ? { format: 'csv' } : {}),
                  agency: own,
                });
              break;
            case 'unit-listing': {
              const url = route.path === '/register/forms/:file' ? '/register/forms/07.html' : route.path;
              res = await caller.get(url).query({
                ...(route.path === '/dossiers'
                  ? {}
                  : { from: '2000-01-01T00:00:00+07:00', to: '2100-01-01T00:00:00+07:00' }),
                unit: DESK,
              });
              // An agency sees the list of what it took part in, whoever received it.
              if (route.path === '/dossiers' && role !== 'reception-officer') {
                const listed = (res.body as { items?: { code: string }[] }).items?.map((i) => i.code) ?? [];
                const expected = who === 'owner';
                if (res.status !== 200 || listed.includes(code) !== expected)
                  wrong.push(
                    `${key} as ${who} ${role}: ${res.status}, lists the dossier: ${listed.includes(code)}`,
                  );
                checked[who] += 1;
                continue;
              }
              break;
            }
            case 'dossier': {
              const url = route.path.replace(
                /:(\w+)/g,
                (_, name: string) =>
                  ({ code, stepId: STEP, phaseId: 'nop-thue', file: '01.html' })[name] ?? 'x',
              );
              const req = caller[route.method](url).set('If-Match', '0');
              res = await (route.method === 'get' ? req : req.send(ownership.body?.(agency) ?? {}));
              break;
            }
          }
          checked[who] += 1;
          const ok =
            who === 'stranger'
              ? refusedAsStranger(res)
              : ![401, 403].includes(res.status) && res.status < 500;
          if (!ok) wrong.push(`${key} as ${who} ${role} (${agency}): ${res.status} ${res.body?.code ?? ''}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked.stranger).toBeGreaterThan(60);
    expect(checked.owner).toBeGreaterThan(40);
    expect(await events()).toBe(before);
  }, 180_000);

  it("answers the issue's reproductions: another unit's desk cannot withdraw, read the register, or print form 01", async () => {
    const other = t.as('reception-officer', STRANGER, 'desk-73');
    const withdraw = await other.post(`/dossiers/${code}/withdrawal`).send({ reason: 'x' });
    expect(withdraw.status).toBe(403);
    expect(withdraw.body).toMatchObject({ code: 'UNIT_MISMATCH' });
    const period = { from: '2000-01-01T00:00:00+07:00', to: '2100-01-01T00:00:00+07:00' };
    // Its own register holds nothing of unit 71; unit 71's is refused.
    const own = await other.get('/register').query(period).expect(200);
    expect(JSON.stringify(own.body)).not.toContain('Ma Trận');
    await other
      .get('/register')
      .query({ ...period, unit: DESK })
      .expect(403);
    const form = await other.get(`/dossiers/${code}/forms/01.html`);
    expect(form.status).toBe(403);
    expect(form.text).not.toContain('Ma Trận');
    // The refusals are in the audit log, and so are the owner's reads of personal data.
    await t.as('reception-officer', DESK, 'desk-71').get(`/dossiers/${code}/forms/01.html`).expect(200);
    const audit = (await t.as('auditor', null, 'thanh-tra').get('/audit').query({ limit: 1000 }).expect(200))
      .body as { kind: string; path: string; personId: string | null; status: number }[];
    expect(audit).toContainEqual(
      expect.objectContaining({
        kind: 'access-denied',
        path: `/dossiers/${code}/withdrawal`,
        personId: 'desk-73',
      }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        kind: 'access-denied',
        path: `/dossiers/${code}/forms/01.html`,
        status: 403,
      }),
    );
    expect(audit).toContainEqual(
      expect.objectContaining({
        kind: 'personal-data-read',
        path: `/dossiers/${code}/forms/01.html`,
        personId: 'desk-71',
        status: 200,
      }),
    );
  });
});

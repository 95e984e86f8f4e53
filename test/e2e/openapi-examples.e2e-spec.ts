import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { XMLValidator } from 'fast-xml-parser';
import path from 'node:path';
import type { Response, Test } from 'supertest';
import { WebhookDispatcher } from '@lien-thong/agency-notifications';
import { ChatSimulator, PortalSimulator, PostalSimulator, chatSignature } from '@lien-thong/channels';
import {
  BINARY_MEDIA_TYPES,
  HTTP_METHODS,
  OPENAPI_EXAMPLES,
  operationKey,
  type OpenApiExamples,
  type RecordedOperation,
} from '../../apps/api/src/openapi/openapi-document';
import { until } from '../support/until';
import { firstEvent } from '../support/first-event';
import { startApiTestApp, TestClock, type ApiTestApp, type Caller } from '../support/api-test-app';

/**
 * The OpenAPI document's examples are real: this test drives every operation of the API once through
 * a working day of the sample catalogue (staff and clients, agencies, calendar, a procedure designed and
 * published, dossiers received, handed across three agencies, returned, paused, late, apologised for,
 * escalated, stopped, withdrawn, erased, traced), records each request and answer, and checks that
 *  - every operation of the document was called and answered 2xx here (a new endpoint fails this test
 *    until the scenario calls it);
 *  - the committed examples (`apps/api/src/openapi/openapi-examples.json`) have the shape of today's
 *    answers (same fields, same JSON types): an answer that changed makes the examples stale;
 *  - the served document has, for every operation, its access rule, a request example where it takes
 *    a body, a response example for its success and an example for each error it declares.
 *
 * `LIEN_THONG_WRITE_OPENAPI_EXAMPLES=1 npx jest test/e2e/openapi-examples.e2e-spec.ts` rewrites the
 * examples file from this run (then rerun without it: the served document reads the file at start).
 */
const EXAMPLES_FILE = path.resolve(__dirname, '../../apps/api/src/openapi/openapi-examples.json');
const WRITE = process.env.LIEN_THONG_WRITE_OPENAPI_EXAMPLES === '1';

const DESK = '000.00.71.H29'; // Ủy ban nhân dân phường Sài Gòn (illustrative code)
const POLICE = '000.00.72.H29'; // Công an phường Sài Gòn
const INSURANCE = '000.00.61.H29'; // Bảo hiểm xã hội Thành phố Hồ Chí Minh
const HOUR = 3_600_000;

const applicant = {
  fullName: 'Nguyễn Thị Minh Khai',
  address: '12 Lê Lợi, phường Sài Gòn, Thành phố Hồ Chí Minh',
  phone: '0903123456',
  email: 'minhkhai@example.vn',
  idNumber: '079190001234',
  dateOfBirth: '1990-05-19',
};

const birthDossier = (intakeRef: string) => ({
  procedureCode: '1.001193',
  channel: 'counter',
  receivingUnitCode: DESK,
  applicantCommuneCode: DESK,
  stepOwners: { 'register-residence': POLICE },
  intakeRef,
  applicant,
  documents: [
    { code: 'to-khai-lien-thong', copies: 1, original: true },
    { code: 'giay-chung-sinh', copies: 1, original: true },
  ],
});

const deathProcedure = {
  code: '2.000999',
  name: {
    vi: 'Liên thông đăng ký khai tử, xóa đăng ký thường trú',
    en: 'Death registration and removal of permanent residence',
  },
  field: 'Hộ tịch',
  ruleSet: 'decree-118-2025',
  statutoryLimit: { unit: 'workingDays', amount: 5 },
  countingRule: 'civil-code',
  requiredDocuments: [
    { code: 'to-khai-khai-tu', name: { vi: 'Tờ khai đăng ký khai tử' }, copies: 1, original: true },
  ],
  intakeChannels: ['counter', 'online'],
  supplementPolicy: 'pause',
  maxReappointments: 1,
  steps: [
    {
      id: 'register-death',
      name: { vi: 'Đăng ký khai tử' },
      kind: 'process',
      owner: { role: 'commune-people-committee', of: 'applicant-commune' },
      budget: { unit: 'workingDays', amount: 1 },
      after: [],
    },
    {
      id: 'remove-residence',
      name: { vi: 'Xóa đăng ký thường trú' },
      kind: 'process',
      owner: { role: 'commune-police', of: 'applicant-commune' },
      budget: { unit: 'workingDays', amount: 2 },
      after: ['register-death'],
    },
    {
      id: 'return',
      name: { vi: 'Trả kết quả' },
      kind: 'return-result',
      owner: { role: 'commune-people-committee', of: 'receiving-unit' },
      budget: { unit: 'workingDays', amount: 0.5 },
      after: ['remove-residence'],
    },
  ],
};

interface Template {
  readonly method: string;
  readonly path: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

interface Recording {
  request?: unknown;
  parameters: Record<string, string>;
  responses: Record<string, Record<string, unknown>>;
}

/** The JSON shape of a value: field names and JSON types, recursively (array: its first element). */
function shape(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
    );
  return typeof value;
}

/** Where two shapes differ ([] matches any array: an empty list has no element to compare). */
function shapeDifferences(a: unknown, b: unknown, at: string): string[] {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === 0 || b.length === 0 ? [] : shapeDifferences(a[0], b[0], `${at}[0]`);
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      k in a && k in b
        ? shapeDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`)
        : [`${at}.${k}: ${k in a ? 'only in the committed example' : 'only in the answer today'}`],
    );
  }
  // A nullable field may be null in one answer and set in the other.
  if (a === 'null' || b === 'null') return [];
  return JSON.stringify(a) === JSON.stringify(b)
    ? []
    : [`${at}: ${JSON.stringify(a)} in the committed example, ${JSON.stringify(b)} today`];
}

/**
 * Secrets and tokens of this run (random keys, a revoked client) stay out of the committed examples:
 * each is replaced by a placeholder of the same form.
 */
const PLACEHOLDERS: Record<string, string> = {
  clientSecret: 'lts_shown-only-once-store-it-in-your-secret-store',
  client_secret: 'lts_shown-only-once-store-it-in-your-secret-store',
  secret: 'whsec_shown-only-once-use-it-to-verify-signatures',
  access_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl',
};
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' && k in PLACEHOLDERS ? PLACEHOLDERS[k] : redact(v),
    ]),
  );
}

describe('OpenAPI examples (every operation called once, its request and answer recorded)', () => {
  let t: ApiTestApp;
  let receiver: Server;
  let receiverUrl: string;
  const clock = new TestClock(Date.parse('2026-03-09T08:00:00+07:00'));
  const recordings = new Map<string, Recording>();
  const common: Record<string, unknown> = {};
  let templates: Template[] = [];
  let served: { paths: Record<string, Record<string, Record<string, unknown>>> };

  const templateOf = (method: string, url: string) => {
    const matches = templates
      .filter((tpl) => tpl.method === method.toLowerCase() && tpl.pattern.test(url))
      .sort((a, b) => a.names.length - b.names.length);
    return matches[0];
  };

  /** Sends the request (with its JSON body), records it under its operation, and returns the answer. */
  const call = async (req: Test, body?: object, asCommon = false): Promise<Response> => {
    const res = await (body === undefined ? req : req.send(body));
    const url = new URL(req.url);
    const tpl = templateOf(req.method, url.pathname);
    if (!tpl) throw new Error(`${req.method} ${url.pathname} is no operation of the OpenAPI document`);
    const key = operationKey(tpl.method, tpl.path);
    const status = String(res.status);
    if (res.status >= 500) throw new Error(`${key} answered ${status}: ${res.text}`);
    const recording = recordings.get(key) ?? { parameters: {}, responses: {} };
    const success = res.status < 300;
    if (success && !Object.keys(recording.responses).some((s) => Number(s) < 300)) {
      if (body !== undefined) recording.request = redact(body);
      const values = tpl.pattern.exec(url.pathname)!.slice(1);
      tpl.names.forEach((name, i) => (recording.parameters[name] = decodeURIComponent(values[i]!)));
      for (const [name, value] of url.searchParams) recording.parameters[name] ??= value;
    }
    const mediaType = res.status === 204 ? null : res.type || 'application/json';
    const byType = (recording.responses[status] = recording.responses[status] ?? {});
    if (mediaType !== null && !(mediaType in byType)) {
      const text =
        res.text ??
        (Buffer.isBuffer(res.body)
          ? res.body.toString('utf8')
          : typeof res.body === 'string'
            ? res.body
            : '');
      byType[mediaType] = BINARY_MEDIA_TYPES.has(mediaType)
        ? '(binary)'
        : mediaType === 'application/json'
          ? redact(res.body)
          : key === 'GET /metrics'
            ? // A sample of the page (its metrics are listed in docs/operations.md), not all of it.
              text
                .split('\n')
                .filter((l) => /lien_thong_(stranded|outbox_backlog)/.test(l))
                .join('\n')
            : text;
    }
    recordings.set(key, recording);
    if (asCommon && !(status in common)) common[status] = res.body;
    return res;
  };
  /** The answer, which must be a success. */
  const must = async (pending: Promise<Response>): Promise<Response> => {
    const res = await pending;
    if (res.status >= 300) throw new Error(`answered ${res.status}: ${res.text}`);
    return res;
  };
  const ok = (req: Test, body?: object): Promise<Response> => must(call(req, body));
  /** The desk's reception officer (một cửa). */
  const desk = (): Caller => t.as('reception-officer', DESK, 'can-bo-tiep-nhan-1');
  const http = () => t.http();

  // Uploaded files go to a directory of this run (the API reads LIEN_THONG_FILES_DIR at start).
  const filesDir = mkdtempSync(path.join(tmpdir(), 'lien-thong-openapi-files-'));
  // The national portal's simulator: a dossier filed there is taken in by the desk.
  const portal = new PortalSimulator('openapi-examples-portal-token', 2026);
  // The postal service's simulator: a dossier picked up at the applicant's address.
  const postal = new PostalSimulator('openapi-examples-postal-token');
  // The city's chat account (Zalo): a message the platform posts to the webhook, signed.
  const chat = new ChatSimulator('openapi-examples-chat-token', 'openapi-examples-chat-secret');

  beforeAll(async () => {
    process.env.LIEN_THONG_FILES_DIR = filesDir;
    process.env.LIEN_THONG_PORTAL_URL = await portal.start();
    process.env.LIEN_THONG_PORTAL_TOKEN = portal.token;
    process.env.LIEN_THONG_POSTAL_URL = await postal.start();
    process.env.LIEN_THONG_POSTAL_TOKEN = postal.token;
    process.env.LIEN_THONG_CHAT_URL = await chat.start();
    process.env.LIEN_THONG_CHAT_TOKEN = chat.token;
    process.env.LIEN_THONG_CHAT_SECRET = chat.secret;
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/lien-thong/webhook`;
    t = await startApiTestApp('e2e_openapi_examples', {
      // The webhook receiver listens on loopback: allowed explicitly.
      overrides: { seed: 'sample', webhookAllowedNetworks: '127.0.0.1' },
      clock,
      projections: true,
    });
    t.app.get(WebhookDispatcher).start();
    served = (await http().get('/docs/openapi.json').expect(200)).body as typeof served;
    templates = Object.entries(served.paths).flatMap(([p, item]) =>
      HTTP_METHODS.filter((m) => item[m]).map((method) => ({
        method,
        path: p,
        names: [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        pattern: new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '([^/]+)')}$`),
      })),
    );
  });
  afterAll(async () => {
    await t?.app.get(WebhookDispatcher).stop();
    await t?.close();
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
    delete process.env.LIEN_THONG_FILES_DIR;
    delete process.env.LIEN_THONG_PORTAL_URL;
    delete process.env.LIEN_THONG_PORTAL_TOKEN;
    await portal.stop();
    delete process.env.LIEN_THONG_POSTAL_URL;
    delete process.env.LIEN_THONG_POSTAL_TOKEN;
    await postal.stop();
    delete process.env.LIEN_THONG_CHAT_URL;
    delete process.env.LIEN_THONG_CHAT_TOKEN;
    delete process.env.LIEN_THONG_CHAT_SECRET;
    await chat.stop();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('drives every operation once and records its request and answer', async () => {
    // The administrator's answer is the example (the details); anyone else gets the status only.
    await ok(http().get('/health'));
    expect((await ok(t.anonymous().get('/health'))).body).toEqual({ status: 'up' });
    expect((await ok(t.anonymous().get('/health/live'))).body).toEqual({ status: 'up' });
    expect((await ok(t.anonymous().get('/health/ready'))).body).toEqual({ status: 'up' });
    expect((await ok(http().get('/metrics'))).text).toContain('lien_thong_http_request_duration_seconds');

    // ---- staff, API clients, tokens ----------------------------------------------------------
    await ok(http().post('/admin/users'), {
      personId: 'can-bo-mot-cua-1',
      displayName: 'Nguyễn Thị Tiếp Nhận',
      agencyCode: DESK,
      roles: ['reception-officer'],
      password: 'mot-cua-lien-thong-1',
    });
    await call(t.anonymous().post('/auth/login'), { personId: 'can-bo-mot-cua-1', password: 'sai-mat-khau' });
    await ok(t.anonymous().post('/auth/login'), {
      personId: 'can-bo-mot-cua-1',
      password: 'mot-cua-lien-thong-1',
    });
    await ok(http().get('/admin/users'));
    await ok(http().post('/admin/users/can-bo-mot-cua-1/password'), { password: 'mat-khau-moi-2026-03' });
    await ok(http().post('/admin/users/can-bo-mot-cua-1/disable'));
    const client = (
      await ok(http().post('/admin/clients'), {
        agencyCode: POLICE,
        description: 'Phần mềm một cửa Công an phường Sài Gòn',
      })
    ).body as { clientId: string; clientSecret: string };
    await call(t.anonymous().post('/auth/token'), {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: 'lts_sai',
    });
    const issued = await ok(t.anonymous().post('/auth/token'), {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    await call(
      t.anonymous().get('/agencies').set('authorization', `Bearer ${issued.body.access_token}x`),
      undefined,
      true,
    );
    await call(
      t.as('auditor', null, 'thanh-tra-1').post('/admin/clients'),
      { agencyCode: POLICE, description: 'x' },
      true,
    );
    await ok(http().get(`/admin/clients?agency=${POLICE}`));
    await ok(http().post(`/admin/clients/${client.clientId}/rotate`), { graceSeconds: 60 });
    await ok(http().post(`/admin/clients/${client.clientId}/revoke`));
    await ok(http().get('/audit?limit=3'));

    // ---- agencies --------------------------------------------------------------------------
    await ok(http().get('/agencies'));
    await ok(http().get(`/agencies/${POLICE}`));
    await call(http().get('/agencies/000.00.99.H29'), undefined, true);
    await call(http().post('/agencies/import'), { agencies: [{ code: 'x' }] });
    await ok(http().post('/agencies/import'), {
      agencies: [
        {
          code: '000.00.75.H29',
          name: { vi: 'Ủy ban nhân dân phường Bến Thành', en: 'Ben Thanh Ward People’s Committee' },
          level: 'commune',
          parent: '000.00.00.H29',
          roles: ['commune-people-committee'],
        },
      ],
    });
    await ok(http().post('/agencies/000.00.75.H29/reissue'), {
      newCode: '000.00.75.H79',
      reason: 'Sắp xếp đơn vị hành chính cấp tỉnh năm 2025',
    });
    await ok(http().post('/agencies/000.00.75.H79/deactivate'), {
      reason: 'Sáp nhập vào phường Sài Gòn',
    });

    // ---- calendar ---------------------------------------------------------------------------
    await ok(http().get('/calendar/decisions'));
    await ok(http().get('/calendar/days?from=2026-04-24&to=2026-05-04'));
    await call(http().post('/calendar/decisions'), {
      year: 2027,
      source: { document: '', issuer: 'Bộ Nội vụ', issuedOn: 'hôm qua' },
      daysOff: [],
      workingDays: [],
    });
    await ok(http().post('/calendar/decisions'), {
      year: 2027,
      source: {
        document: 'Thông báo 6150/TB-BNV',
        issuer: 'Bộ Nội vụ',
        issuedOn: '2026-10-20',
      },
      daysOff: [
        { date: '2027-01-01', reason: 'Tết Dương lịch' },
        ...[
          '2027-02-04',
          '2027-02-05',
          '2027-02-08',
          '2027-02-09',
          '2027-02-10',
          '2027-02-11',
          '2027-02-12',
        ].map((date) => ({ date, reason: 'Tết Nguyên đán' })),
        { date: '2027-04-16', reason: 'Giỗ Tổ Hùng Vương' },
        { date: '2027-04-30', reason: 'Ngày Chiến thắng' },
        { date: '2027-05-03', reason: 'Ngày Quốc tế Lao động (nghỉ bù)' },
        { date: '2027-09-02', reason: 'Quốc khánh' },
        { date: '2027-09-03', reason: 'Quốc khánh' },
      ],
      workingDays: [],
    });

    // ---- a procedure designed and published -------------------------------------------------
    await ok(http().get('/procedures'));
    await ok(http().get('/procedures/1.001193'));
    await ok(http().get('/procedures/1.001193/versions/1'));
    await ok(http().get('/procedures/1.001193/versions/1/diagram.svg'));
    await ok(http().get('/procedures/1.001193/versions/1/diagram.png'));
    await ok(http().get('/procedures/1.001193/versions/1/bpmn'));
    await ok(t.as('procedure-designer', null, 'thiet-ke-1').post('/procedures'), deathProcedure);
    await ok(http().post(`/procedures/${deathProcedure.code}/draft/validate`));
    await ok(http().post(`/procedures/${deathProcedure.code}/versions`));
    await call(http().post(`/procedures/${deathProcedure.code}/versions`), undefined, false);
    await ok(http().put(`/procedures/${deathProcedure.code}/draft`), {
      ...deathProcedure,
      maxReappointments: 2,
    });
    await ok(http().post(`/procedures/${deathProcedure.code}/versions`));
    await ok(http().get(`/procedures/${deathProcedure.code}/diff?from=1&to=2`));
    await ok(http().post(`/procedures/${deathProcedure.code}/versions/1/deprecate`), {
      reason: 'Thay bằng phiên bản 2: được hẹn lại hai lần',
    });

    // ---- webhooks ---------------------------------------------------------------------------
    await call(http().put(`/agencies/${POLICE}/webhook`), { url: 'ftp://congan.example.gov.vn/hook' });
    await ok(http().put(`/agencies/${POLICE}/webhook`), {
      url: receiverUrl,
      events: ['step.handed-off', 'step.reminder', 'step.overdue', 'apology.requested'],
    });
    // Registered again: an update (200), the secret unchanged.
    await ok(http().put(`/agencies/${POLICE}/webhook`), {
      url: receiverUrl,
      events: ['step.handed-off', 'step.overdue'],
    });
    await ok(http().get(`/agencies/${POLICE}/webhook`));
    await ok(http().post(`/agencies/${POLICE}/webhook/rotate-secret`));

    // ---- reception --------------------------------------------------------------------------
    // The appointment the desk sees before accepting; a channel the procedure does not take is a 422.
    await call(desk().get('/intakes/appointment?procedureCode=1.001193&channel=other'));
    await ok(desk().get('/intakes/appointment?procedureCode=1.001193&channel=counter'));
    await ok(desk().post('/intakes/supplement-requests'), {
      procedureCode: '1.001193',
      channel: 'counter',
      receivingUnitCode: DESK,
      applicant,
      items: [
        { documentCode: 'giay-chung-sinh', action: 'add', description: 'Bổ sung bản chính Giấy chứng sinh' },
      ],
      reason: 'Hồ sơ chưa đủ thành phần',
    });
    const refusal = await ok(desk().post('/intakes/refusals'), {
      procedureCode: '1.001193',
      channel: 'counter',
      receivingUnitCode: DESK,
      applicant,
      reasons: ['Không thuộc thẩm quyền giải quyết'],
    });
    await ok(http().get(`/intakes/${refusal.body.intakeRef as string}/forms/03.html`));
    await ok(
      t
        .as('administrator', null, 'quan-tri')
        .post(`/intakes/${refusal.body.intakeRef as string}/personal-data/erase`),
      { reason: 'Hết thời hạn lưu trữ dữ liệu cá nhân của hồ sơ bị từ chối' },
    );
    await call(
      desk().post('/dossiers'),
      {
        ...birthDossier('DVCQG-2026-000100'),
        applicant: { ...applicant, email: 'khong-phai-email' },
      },
      true,
    );
    const receive = (ref: string) => ok(desk().post('/dossiers'), birthDossier(ref));
    const receivedA = (await receive('DVCQG-2026-000101')).body as { dossierCode: string; lookupKey: string };
    const a = receivedA.dossierCode;
    clock.advance(5 * 60_000);
    const b = (await receive('DVCQG-2026-000102')).body.dossierCode as string;
    clock.advance(5 * 60_000);
    const c = (await receive('DVCQG-2026-000103')).body.dossierCode as string;
    // ---- a dossier filed on the national portal, taken in from the desk's queue ---------------
    const filed = portal.file({
      portalId: 'G22.2026.000104',
      procedureCode: '1.001193',
      receivingUnitCode: DESK,
      applicantCommuneCode: DESK,
      stepOwners: { 'register-residence': POLICE },
      applicant: { ...applicant, fullName: 'Võ Văn Kiệt' },
      documents: birthDossier('x').documents,
    });
    await ok(desk().get('/channels/national-portal/submissions'));
    await ok(desk().post(`/channels/national-portal/submissions/${filed}/accept`));
    await ok(t.as('administrator', null, 'quan-tri').get('/channels/national-portal/reconciliation'));
    await ok(t.as('administrator', null, 'quan-tri').get('/channels/national-portal/reconciliation/latest'));
    // ---- filed online by an applicant without an account, decided by the desk ----------------
    const fileOnline = async (fullName: string) => {
      const scan = await ok(
        t
          .anonymous()
          .post('/public/files')
          .set('Content-Type', 'application/pdf')
          .set(
            'Content-Disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent('Giấy chứng sinh.pdf')}`,
          )
          .send(Buffer.from('%PDF-1.4\n% Giấy chứng sinh\n%%EOF\n', 'utf8')),
      );
      const filing = await ok(t.anonymous().post('/public/filings'), {
        procedureCode: '1.001193',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        applicant: { ...applicant, fullName },
        documents: [
          { code: 'to-khai-lien-thong', copies: 1, original: true },
          { code: 'giay-chung-sinh', copies: 1, original: true, files: [{ id: scan.body.id as string }] },
        ],
      });
      return filing.body as { filingRef: string; lookupKey: string };
    };
    await ok(t.anonymous().get('/public/intake-options'));
    const online = await fileOnline('Phan Thị Thu');
    await ok(t.anonymous().get(`/public/filings/${online.filingRef}?key=${online.lookupKey}`));
    await ok(desk().get('/channels/online/filings'));
    await ok(desk().post(`/channels/online/filings/${online.filingRef}/accept`), {
      stepOwners: { 'register-residence': POLICE },
    });
    const incomplete = await fileOnline('Đỗ Văn Hải');
    await ok(desk().post(`/channels/online/filings/${incomplete.filingRef}/supplement-request`), {
      items: [
        {
          documentCode: 'giay-chung-sinh',
          action: 'add',
          description: 'Bản scan rõ nét của Giấy chứng sinh',
        },
      ],
      reason: 'Bản scan không đọc được',
    });
    // ---- picked up at home by the postal service, received when it arrives -------------------
    const pickup = await ok(t.anonymous().post('/public/postal-pickups'), {
      procedureCode: '1.001193',
      receivingUnitCode: DESK,
      applicant: { ...applicant, fullName: 'Mai Văn Bưu', phone: '0903000222' },
    });
    postal.deliver(pickup.body.trackingNumber as string);
    await ok(desk().get('/channels/postal/pickups'));
    await ok(desk().post(`/channels/postal/pickups/${pickup.body.pickupRef as string}/receive`), {
      applicantCommuneCode: DESK,
      stepOwners: { 'register-residence': POLICE },
      documents: birthDossier('x').documents,
    });
    // ---- a message to the city's chat account, posted by the platform ------------------------
    const message = {
      messageId: 'zalo-msg-0001',
      userId: 'zalo-user-84903000555',
      text: 'NOP',
      phone: '0903000555',
    };
    await ok(
      t
        .anonymous()
        .post('/channels/chat/zalo/events')
        .set('X-Chat-Signature', chatSignature(chat.secret, JSON.stringify(message))),
      message,
    );
    const outOfScope = await fileOnline('Hồ Văn Lâm');
    await ok(desk().post(`/channels/online/filings/${outOfScope.filingRef}/refusal`), {
      reasons: ['Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường'],
    });
    await ok(http().get(`/dossiers/${a}`));

    // ---- dossier A: across three agencies, returned, paused, late, apologised for ------------
    const act = (code: string, action: string, body?: object, who: string = DESK) =>
      call(
        t.as(['agency-officer', 'agency-head'], who, `can-bo-${who}`).post(`/dossiers/${code}${action}`),
        body,
      );
    await must(
      call(
        t
          .as('reception-officer', DESK, 'can-bo-tiep-nhan-1')
          .post(`/dossiers/${a}/transfer`)
          .set('Idempotency-Key', 'chuyen-a-1'),
        { toAgencyCode: DESK },
      ),
    );
    clock.advance(10 * 60_000);
    const handed = await must(
      act(a, '/steps/register-birth/handoff', { fromAgencyCode: DESK, toAgencyCode: DESK }),
    );
    // An officer working on an older revision: 409, nothing written.
    const stale = await call(
      t
        .as(['agency-officer', 'agency-head'], DESK, `can-bo-${DESK}`)
        .post(`/dossiers/${a}/steps/register-birth/receive`)
        .set('If-Match', String((handed.body.revision as number) - 1)),
      { agencyCode: DESK },
    );
    expect(stale.status).toBe(409);
    await must(act(a, '/steps/register-birth/receive', { agencyCode: DESK }));
    await must(
      act(a, '/excluded-phases/xac-minh-tai-cho/start', { reason: 'Xác minh thực tế tại nơi cư trú' }),
    );
    clock.advance(HOUR);
    await must(act(a, '/excluded-phases/xac-minh-tai-cho/end'));
    // The step's result document: uploaded first, then attached by its id. A type not accepted: 415.
    const refusedType = await call(
      t
        .as(['agency-officer', 'agency-head'], DESK, `can-bo-${DESK}`)
        .post('/files')
        .set('Content-Type', 'text/html')
        .set('Content-Disposition', 'attachment; filename="ket-qua.html"')
        .send('<p>Kết quả</p>'),
    );
    expect(refusedType.status).toBe(415);
    const uploaded = await must(
      call(
        t
          .as(['agency-officer', 'agency-head'], DESK, `can-bo-${DESK}`)
          .post('/files')
          .set('Content-Type', 'application/pdf')
          .set(
            'Content-Disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent('Trích lục khai sinh.pdf')}`,
          )
          .send(Buffer.from('%PDF-1.4\n% Trích lục khai sinh số 123/2026\n%%EOF\n', 'utf8')),
      ),
    );
    const fileId = uploaded.body.id as string;
    await must(
      act(a, '/steps/register-birth/complete', {
        agencyCode: DESK,
        resultSummary: 'Đã đăng ký khai sinh, số 123/2026',
        attachments: [{ id: fileId, name: 'Trích lục khai sinh số 123-2026.pdf' }],
      }),
    );
    await must(
      call(t.as(['agency-officer', 'agency-head'], DESK, `can-bo-${DESK}`).get(`/dossiers/${a}/files`)),
    );
    await must(
      call(
        t.as(['agency-officer', 'agency-head'], DESK, `can-bo-${DESK}`).get(`/dossiers/${a}/files/${fileId}`),
      ),
    );
    await must(act(a, '/steps/register-residence/handoff', { fromAgencyCode: DESK, toAgencyCode: POLICE }));
    await must(act(a, '/steps/register-residence/receive', { agencyCode: POLICE }, POLICE));
    await must(
      act(
        a,
        '/steps/register-residence/return',
        { agencyCode: POLICE, toStepId: 'register-birth', reason: 'Sai thông tin ngày sinh trên trích lục' },
        POLICE,
      ),
    );
    await must(act(a, '/steps/register-birth/receive', { agencyCode: DESK }));
    await must(
      act(a, '/steps/register-birth/complete', { agencyCode: DESK, resultSummary: 'Đã cấp lại trích lục' }),
    );
    await must(act(a, '/steps/register-residence/handoff', { fromAgencyCode: DESK, toAgencyCode: POLICE }));
    await must(act(a, '/steps/register-residence/receive', { agencyCode: POLICE }, POLICE));
    await must(
      act(
        a,
        '/steps/register-residence/supplement-request',
        {
          agencyCode: POLICE,
          items: [
            {
              documentCode: 'giay-chung-sinh',
              action: 'correct',
              description: 'Bản chính Giấy chứng sinh bị mờ, không đọc được số',
            },
          ],
          reason: 'Không xác định được số Giấy chứng sinh',
        },
        POLICE,
      ),
    );
    clock.advance(2 * HOUR);
    await must(call(desk().post(`/dossiers/${a}/supplement-received`)));
    // The police hold it past its budget: overdue, naming the police; they apologise with a new date.
    clock.advance(30 * HOUR);
    await must(
      call(t.as('administrator', null, 'quan-tri').post(`/dossiers/${a}/steps/register-residence/overdue`)),
    );
    await must(
      act(
        a,
        '/apology',
        {
          agencyCode: POLICE,
          reason: 'Cần xác minh thêm thông tin cư trú của người được khai sinh',
          newAppointmentAt: '2026-03-20T17:00:00+07:00',
        },
        POLICE,
      ),
    );
    await must(act(a, '/escalation', { to: 'head', reason: 'Bước đăng ký thường trú quá hạn' }, POLICE));
    await must(
      act(
        a,
        '/steps/register-residence/complete',
        { agencyCode: POLICE, resultSummary: 'Đã đăng ký thường trú' },
        POLICE,
      ),
    );
    await must(
      act(a, '/steps/issue-health-card/handoff', { fromAgencyCode: POLICE, toAgencyCode: INSURANCE }, POLICE),
    );

    // ---- dossier B: at the police, then stopped; dossier C: withdrawn and erased --------------
    await must(
      call(desk().post(`/dossiers/${b}/transfer`), {
        toAgencyCode: DESK,
      }),
    );
    await must(act(b, '/steps/register-birth/handoff', { fromAgencyCode: DESK, toAgencyCode: DESK }));
    await must(act(b, '/steps/register-birth/receive', { agencyCode: DESK }));
    await must(
      act(b, '/steps/register-birth/complete', { agencyCode: DESK, resultSummary: 'Đã đăng ký khai sinh' }),
    );
    await must(act(b, '/steps/register-residence/handoff', { fromAgencyCode: DESK, toAgencyCode: POLICE }));
    await must(
      call(desk().post(`/dossiers/${c}/withdrawal`), {
        reason: 'Người nộp hồ sơ xin rút',
      }),
    );
    await must(
      call(t.as('administrator', null, 'quan-tri').post(`/dossiers/${c}/personal-data/erase`), {
        reason: 'Yêu cầu của người nộp hồ sơ',
      }),
    );
    await t.settle();

    // ---- tracing -----------------------------------------------------------------------------
    await ok(t.as('agency-officer', POLICE, 'can-bo-cong-an-1').get(`/agencies/${POLICE}/inbox`));
    // Server-sent events: the stream's first event is its example.
    await ok(
      firstEvent(t.as('agency-officer', POLICE, 'can-bo-cong-an-1').get(`/agencies/${POLICE}/inbox/changes`)),
    );
    await call(
      t.as('agency-officer', POLICE, 'can-bo-cong-an-1').get(`/agencies/${DESK}/inbox`),
      undefined,
      true,
    );
    await ok(http().get(`/dossiers?holder=${POLICE}&limit=10`));
    await ok(http().get(`/dossiers/${a}/timeline`));
    await ok(http().get(`/dossiers/${a}/control-slip`));
    await ok(http().get(`/dossiers/${a}/as-of?revision=4`));
    await ok(http().get(`/dossiers/${a}/integrity`));
    await ok(t.anonymous().get(`/public/dossiers/${a}`).query({ key: receivedA.lookupKey }));
    const period = { from: '2026-03-01T00:00:00+07:00', to: '2026-04-01T00:00:00+07:00', unit: DESK };
    await ok(http().get('/register').query(period));
    await ok(http().get(`/dossiers/${a}/forms/01.html`));
    await ok(http().get(`/dossiers/${a}/forms/04.pdf`).buffer(true));
    await ok(http().get('/register/forms/07.html').query(period));
    await ok(
      http().get('/reports/summary').query({ from: '2026-03-01', to: '2026-03-31', groupBy: 'agency' }),
    );
    await call(
      http().get('/reports/summary').query({ from: '2020-01-01', to: '2026-03-31', groupBy: 'ward' }),
    );
    await ok(http().get('/reports/late').query({ from: '2026-03-01', to: '2026-03-31', limit: 10 }));
    await ok(http().get('/reports/steps').query({ from: '2026-03-01', to: '2026-03-31' }));
    await ok(http().get('/reports/scorecard').query({ from: '2026-03-01', to: '2026-03-31' }));
    await ok(
      http().get('/reports/same-day').query({ from: '2026-03-01', to: '2026-03-31', groupBy: 'month' }),
    );
    await ok(http().get('/reports/backlog').query({ asOf: '2026-03-10', limit: 10 }));
    await ok(http().get('/reports/early-warnings').query({ from: '2026-03-01', to: '2026-03-31' }));
    // Simulation and what-if (issue 21): a forecast, a refusal, a replay under a day off added.
    await ok(http().post('/procedures/1.001193/simulate'), {
      dossiers: 200,
      seed: 1,
      firstDay: '2026-04-06',
      arrivals: { perWorkingDay: 20 },
      history: { from: '2026-03-01', to: '2026-03-31' },
    });
    await call(http().post('/procedures/1.001193/simulate'), { dossiers: 2_000_000 });
    await ok(http().post('/what-if'), {
      period: { from: '2026-03-01', to: '2026-03-31' },
      calendar: { daysOff: [{ date: '2026-03-10', reason: 'Nghỉ (giả định)' }] },
      limit: 10,
    });
    await ok(
      http()
        .get('/reports/charts/agency-on-time.svg')
        .query({ from: '2026-03-01', to: '2026-03-31' })
        .buffer(true),
    );
    await ok(t.anonymous().get('/public/statistics').query({ from: '2026-03-01', to: '2026-03-31' }));
    const sheet = await ok(
      http()
        .get('/reports/steps/export')
        .query({ from: '2026-03-01', to: '2026-03-31', format: 'xlsx' })
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        }),
    );
    expect((sheet.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
    await call(
      t.as('agency-officer', POLICE, 'can-bo-cong-an-1').get('/reports/backlog').query({ agency: INSURANCE }),
      undefined,
      true,
    );
    // The handoffs to the police have reached its receiver (the dispatcher runs in the background).
    await until('the deliveries to the police', async () => {
      const log = await http().get(`/agencies/${POLICE}/deliveries?status=pending`).expect(200);
      return (log.body.deliveries as unknown[]).length === 0 ? true : undefined;
    });
    await ok(http().get(`/agencies/${POLICE}/deliveries?limit=2`));
    await call(http().post(`/dossiers/${a}/rating`), { score: 9 });

    // ---- dossier A to its end; dossier B stopped; the webhook removed -------------------------
    await must(act(a, '/steps/issue-health-card/receive', { agencyCode: INSURANCE }, INSURANCE));
    await must(
      act(
        a,
        '/steps/issue-health-card/complete',
        { agencyCode: INSURANCE, resultSummary: 'Đã cấp thẻ BHYT' },
        INSURANCE,
      ),
    );
    await must(
      act(a, '/steps/return-result/handoff', { fromAgencyCode: INSURANCE, toAgencyCode: DESK }, INSURANCE),
    );
    await must(act(a, '/steps/return-result/receive', { agencyCode: DESK }));
    await must(
      act(a, '/steps/return-result/complete', {
        agencyCode: DESK,
        resultSummary: 'Kết quả đã về bộ phận một cửa',
      }),
    );
    await must(act(a, '/result-ready', { deskUnitCode: DESK }));
    await must(
      call(desk().post(`/dossiers/${a}/result-returned`), {
        channel: 'counter',
      }),
    );
    await must(
      call(desk().post(`/dossiers/${a}/rating`), {
        score: 5,
        comment: 'Cán bộ hướng dẫn tận tình',
      }),
    );
    await must(
      act(
        b,
        '/stop',
        {
          reason: 'Người được khai sinh đã có nơi thường trú khác',
          requester: { kind: 'agency', agencyCode: POLICE },
          legalGround: 'Khoản 2 Điều 18 Nghị định 118/2025/NĐ-CP',
        },
        POLICE,
      ),
    );
    await ok(http().delete(`/agencies/${POLICE}/webhook`));
    const oversized = await call(
      t
        .as('reception-officer', DESK, 'can-bo-tiep-nhan-1')
        .post('/dossiers')
        .set('content-type', 'application/json')
        .send(`{"pad":"${'x'.repeat(2_000_000)}"}`),
      undefined,
      true,
    );
    expect(oversized.status).toBe(413);

    const missing = templates
      .map((tpl) => operationKey(tpl.method, tpl.path))
      .filter((key) => !Object.keys(recordings.get(key)?.responses ?? {}).some((s) => Number(s) < 300));
    expect(missing).toEqual([]);
    for (const status of ['400', '401', '403', '404'])
      expect(common[status]).toMatchObject({ code: expect.any(String) });
  });

  it('the committed examples have the shape of the answers recorded today (or are rewritten from them)', () => {
    const operations: Record<string, RecordedOperation> = Object.fromEntries(
      [...recordings.entries()].sort(([x], [y]) => x.localeCompare(y)),
    );
    if (WRITE) {
      const file: OpenApiExamples = {
        about:
          'Recorded by test/e2e/openapi-examples.e2e-spec.ts (LIEN_THONG_WRITE_OPENAPI_EXAMPLES=1); the served OpenAPI document reads them. Do not edit by hand.',
        operations,
        common: Object.fromEntries(Object.entries(common).sort(([x], [y]) => x.localeCompare(y))),
      };
      writeFileSync(EXAMPLES_FILE, `${JSON.stringify(file, null, 2)}\n`);
      // Formatted as the repository's format check wants it.
      const formatted = spawnSync(process.execPath, [
        require.resolve('prettier/bin/prettier.cjs'),
        '--write',
        EXAMPLES_FILE,
      ]);
      expect(formatted.status).toBe(0);
      process.stdout.write(`wrote ${EXAMPLES_FILE}\n`);
      return;
    }
    const stale: string[] = [];
    for (const [key, today] of Object.entries(operations)) {
      const committed = OPENAPI_EXAMPLES.operations[key];
      if (!committed) {
        stale.push(`${key}: no committed example`);
        continue;
      }
      if (today.request !== undefined)
        stale.push(...shapeDifferences(shape(committed.request), shape(today.request), `${key} request`));
      for (const [status, byType] of Object.entries(today.responses))
        for (const [mediaType, body] of Object.entries(byType)) {
          const before = committed.responses[status]?.[mediaType];
          if (before === undefined) stale.push(`${key} ${status} ${mediaType}: no committed example`);
          else if (mediaType === 'application/json')
            stale.push(...shapeDifferences(shape(before), shape(body), `${key} ${status}`));
        }
    }
    if (stale.length > 0)
      throw new Error(
        `The OpenAPI examples are stale; rewrite them with LIEN_THONG_WRITE_OPENAPI_EXAMPLES=1 (see this file):\n${stale.join('\n')}`,
      );
  });

  it('the served document states for every operation its access, a request and response example, and its errors with examples', () => {
    const gaps: string[] = [];
    for (const [p, item] of Object.entries(served.paths))
      for (const method of HTTP_METHODS) {
        const op = item[method] as
          | {
              'x-access'?: { public?: true; roles?: string[] };
              security?: unknown[];
              description?: string;
              requestBody?: { content: Record<string, { example?: unknown; schema?: { format?: string } }> };
              responses: Record<
                string,
                { content?: Record<string, { example?: unknown; schema?: { format?: string } }> }
              >;
            }
          | undefined;
        if (!op) continue;
        const key = operationKey(method, p);
        const access = op['x-access'];
        if (!access) gaps.push(`${key}: no x-access`);
        else if (access.public && !(Array.isArray(op.security) && op.security.length === 0))
          gaps.push(`${key}: public but requires a token`);
        else if (!access.public && !op.description?.includes('**Roles:**'))
          gaps.push(`${key}: roles not stated`);
        // A body that is a file (an upload: binary media types only) has no example to show.
        const bodies = Object.values(op.requestBody?.content ?? {});
        const fileBody = bodies.length > 0 && bodies.every((c) => c.schema?.format === 'binary');
        if (op.requestBody && !fileBody && !op.requestBody.content['application/json']?.example)
          gaps.push(`${key}: request body without example`);
        const statuses = Object.keys(op.responses);
        const successes = statuses.filter((s) => Number(s) < 300 && s !== '204');
        if (successes.length === 0 && !statuses.includes('204')) gaps.push(`${key}: no success response`);
        for (const status of statuses) {
          if (status === '204') continue;
          const content = Object.values(op.responses[status]!.content ?? {});
          if (!content.some((c) => c.example !== undefined || c.schema?.format === 'binary'))
            gaps.push(`${key} ${status}: no example`);
        }
        if (!access?.public && !(statuses.includes('401') && statuses.includes('403')))
          gaps.push(`${key}: 401/403 not declared`);
      }
    expect(gaps).toEqual([]);
  });

  it('every text example is whole and well-formed for its media type: a client or mock server can use it as it is', () => {
    const problems: string[] = [];
    for (const [p, item] of Object.entries(served.paths))
      for (const method of HTTP_METHODS) {
        const op = item[method] as
          { responses: Record<string, { content?: Record<string, { example?: unknown }> }> } | undefined;
        for (const [status, response] of Object.entries(op?.responses ?? {}))
          for (const [mediaType, { example }] of Object.entries(response.content ?? {})) {
            if (typeof example !== 'string') continue;
            const at = `${operationKey(method, p)} ${status} ${mediaType}`;
            if (mediaType.endsWith('xml')) {
              const valid = XMLValidator.validate(example);
              if (valid !== true)
                problems.push(`${at}: not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
            } else if (mediaType === 'text/html' && !/^<!DOCTYPE html>[\s\S]*<\/html>\s*$/i.test(example))
              problems.push(`${at}: not a whole HTML document`);
          }
      }
    expect(problems).toEqual([]);
  });

  it('the served document passes an OpenAPI linter (Redocly, recommended rules) with no error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lien-thong-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(served));
      const lint = spawnSync(
        process.execPath,
        [path.resolve(__dirname, '../../tools/lint-openapi.mjs'), file],
        {
          encoding: 'utf8',
        },
      );
      const problems = lint.stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map(
          (line) =>
            JSON.parse(line) as { severity: string; ruleId: string; message: string; location: string[] },
        );
      const errors = problems.filter((problem) => problem.severity === 'error');
      expect({ status: lint.status, stderr: lint.stderr, errors }).toEqual({
        status: 0,
        stderr: '',
        errors: [],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { ROLES } from '@lien-thong/access';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { firstEvent } from '../support/first-event';

/**
 * Malformed requests to every operation of the OpenAPI document: wrong JSON types, missing and extra
 * fields, oversized and control-character strings, broken JSON, unknown codes in the path, junk query
 * parameters. None may answer 5xx, and none may write an event. Deterministic (seeded), so a failure
 * names a request that fails again.
 */
const SEED = 20261122;
const VARIANTS_PER_OPERATION = 60;

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Operation {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  readonly path: string;
  readonly stream: boolean;
}

describe('fuzzing every operation with malformed requests', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp('e2e_fuzz', {
      overrides: { seed: 'sample', calendar: 'always-open' },
      projections: true,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers thousands of malformed requests with 4xx, never 5xx, and writes no event', async () => {
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: object }> }>>;
    };
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m): m is Operation['method'] => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((method) => ({
          method,
          path,
          // Server-sent events: answered with the stream's first event, then closed.
          stream: 'text/event-stream' in (methods[method]?.responses?.['200']?.content ?? {}),
        })),
    );
    expect(operations.filter((o) => o.stream).length).toBeGreaterThan(0);
    expect(operations.length).toBeGreaterThan(30);
    const rnd = random(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const junkStrings = [
      '',
      ' ',
      'x'.repeat(20_000),
      '\u0000\u0001\u001f',
      '<script>alert(1)</script>',
      "'; DROP TABLE events; --",
      '../../etc/passwd',
      '%00',
      '😀'.repeat(50),
      'Nguyễn Văn A',
      '2026-02-30T25:61:00+07:00',
      '-1',
      '1e309',
      'null',
      '{"a":',
    ];
    const junkValue = (depth = 0): unknown => {
      switch (Math.floor(rnd() * (depth > 2 ? 6 : 9))) {
        case 0:
          return pick(junkStrings);
        case 1:
          return Math.floor(rnd() * 2 ** 40) * (rnd() < 0.5 ? -1 : 1);
        case 2:
          return rnd() < 0.5;
        case 3:
          return null;
        case 4:
          return rnd() * 1e6;
        case 5:
          return pick(['000.00.72.H29', '1.001193', 'sample', 'online', 'counter']);
        case 6:
          return Array.from({ length: Math.floor(rnd() * 4) }, () => junkValue(depth + 1));
        default:
          return Object.fromEntries(
            Array.from({ length: Math.floor(rnd() * 5) }, () => [
              pick([
                'agencyCode',
                'stepId',
                'reason',
                'url',
                'procedureCode',
                'channel',
                'applicant',
                'documents',
                'newAppointmentAt',
                'score',
                'year',
                'code',
                '__proto__',
                'constructor',
              ]),
              junkValue(depth + 1),
            ]),
          );
      }
    };
    const pathParam = () =>
      pick([
        'khong-ton-tai',
        '000.00.99.H29-261122-9999',
        '000.00.72.H29',
        '%20',
        'a'.repeat(300),
        '..%2F..%2Fetc',
        '9.999999',
        '0',
        '😀',
      ]);
    const count = async () =>
      Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
    const before = await count();

    const failures: string[] = [];
    let sent = 0;
    for (const op of operations) {
      for (let i = 0; i < VARIANTS_PER_OPERATION; i += 1) {
        const url =
          op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pathParam())) +
          (rnd() < 0.3
            ? `?${pick(['limit', 'offset', 'status', 'overdue', 'x'])}=${encodeURIComponent(String(junkValue(3)))}`
            : '');
        let req = t.as(ROLES, '000.00.72.H29', 'fuzz')[op.method](url);
        if (op.method !== 'get' && op.method !== 'delete') {
          const kind = rnd();
          if (kind < 0.15) req = req.set('content-type', 'application/json').send('{"broken": ');
          else if (kind < 0.25) req = req.set('content-type', 'text/plain').send(pick(junkStrings));
          else {
            const body = junkValue();
            req =
              typeof body === 'object' && body !== null
                ? req.send(body)
                : req.set('content-type', 'application/json').send(JSON.stringify(body));
          }
        }
        const res = await (op.stream ? firstEvent(req) : req);
        sent += 1;
        if (res.status >= 500)
          failures.push(
            `${op.method.toUpperCase()} ${url} → ${res.status} ${String(res.text ?? JSON.stringify(res.body)).slice(0, 200)}`,
          );
      }
    }
    expect(sent).toBeGreaterThanOrEqual(2_000);
    // A body over the limit (1 MB) is refused before anything reads it: 413 with a problem body.
    const oversized = await t
      .http()
      .post('/dossiers')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ reason: 'x'.repeat(2 * 1024 * 1024) }));
    expect(oversized.status).toBe(413);
    expect(oversized.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(failures).toEqual([]);
    expect(await count()).toBe(before);
  }, 300_000);

  it('refuses repeated parameters, deep nesting, odd path spellings and oversized headers with 4xx, and writes nothing', async () => {
    const count = async () =>
      Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
    const before = await count();
    const desk = () => t.as('reception-officer', '000.00.71.H29', 'fuzz-desk');
    const failures: string[] = [];
    const expect4xx = (what: string, res: { status: number; text: string }) => {
      if (res.status < 400 || res.status >= 500)
        failures.push(`${what} → ${res.status} ${res.text.slice(0, 160)}`);
    };

    // Repeated query parameters: 400 naming the parameter, on every operation that takes a query.
    const repeated = await desk().get('/dossiers?status=accepted&status=returned');
    expect(repeated.status).toBe(400);
    expect(repeated.body).toMatchObject({ code: 'QUERY_PARAMETER_REPEATED' });
    expect(repeated.body.message).toContain('status');
    for (const url of [
      '/register?from=2026-01-01T00:00:00%2B07:00&from=2026-02-01T00:00:00%2B07:00&to=2026-03-01T00:00:00%2B07:00',
      '/audit?limit=1&limit=2',
      '/calendar/days?from=2026-01-01&from=2026-01-02&to=2026-01-05',
      '/procedures?x=1&x=2',
      '/public/dossiers/000.00.71.H29-261204-0001?key=a&key=b',
      '/dossiers/000.00.71.H29-261204-0001/as-of?revision=1&revision=2',
    ])
      expect4xx(url, await t.http().get(url));

    // Deep nesting: a JSON body 5,000 levels deep (and one just over the limit) is a 400 before validation.
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const arrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    for (const [path, body] of [
      ['/dossiers', deep(5_000)],
      ['/dossiers', arrays(5_000)],
      ['/intakes/refusals', deep(33)],
      ['/procedures', deep(5_000)],
      ['/auth/login', deep(5_000)],
      ['/dossiers/000.00.71.H29-261204-0001/withdrawal', deep(5_000)],
    ] as const) {
      const res = await desk().post(path).set('content-type', 'application/json').send(body);
      expect4xx(`POST ${path} nested`, res);
      if (res.status !== 400) failures.push(`POST ${path} nested → ${res.status}, not 400`);
    }

    // Path spellings: case, trailing slash, doubled and encoded slashes, dot segments.
    for (const path of [
      '/DOSSIERS',
      '/dossiers/',
      '//dossiers',
      '/dossiers%2F000.00.71.H29-261204-0001',
      '/dossiers/000.00.71.H29-261204-0001%2Ftimeline',
      '/dossiers/..%2F..%2Fhealth',
      '/dossiers/000.00.71.H29-261204-0001/./timeline',
      '/Dossiers/000.00.71.H29-261204-0001/Withdrawal/',
      '/register/forms/07.HTML',
      '/auth/login//',
    ]) {
      // The same route under another spelling may answer 200; what matters is never a 5xx.
      const got = await desk().get(path);
      if (got.status >= 500) failures.push(`GET ${path} → ${got.status}`);
      const posted = await desk().post(path).send({ reason: 'x' });
      if (posted.status >= 500) failures.push(`POST ${path} → ${posted.status}`);
    }

    // Oversized headers: refused by the HTTP server itself (431), never a 500.
    const huge = await t
      .http()
      .get('/dossiers')
      .set('x-padding', 'x'.repeat(64 * 1024))
      .catch((e: unknown) => e);
    const status = (huge as { status?: number }).status;
    if (status !== undefined && (status < 400 || status >= 500))
      failures.push(`oversized header → ${status}`);
    const longKey = await desk()
      .post('/dossiers/000.00.71.H29-261204-0001/withdrawal')
      .set('Idempotency-Key', 'k'.repeat(5_000))
      .send({ reason: 'x' });
    expect4xx('Idempotency-Key of 5,000 characters', longKey);

    expect(failures).toEqual([]);
    expect(await count()).toBe(before);
  });
});

describe('an API started before the worker created the read models', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp('e2e_no_read_models', {
      overrides: { seed: 'sample', calendar: 'always-open' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the views with 503 READ_MODEL_NOT_READY, not 500', async () => {
    // A dossier exists (the write side needs no read model), so its timeline gets past the access check.
    const code = (
      await t
        .as('reception-officer', '000.00.71.H29', 'desk')
        .post('/dossiers')
        .send({
          procedureCode: '1.001193',
          channel: 'counter',
          receivingUnitCode: '000.00.71.H29',
          applicantCommuneCode: '000.00.71.H29',
          stepOwners: { 'register-residence': '000.00.72.H29' },
          applicant: { fullName: 'Lê Thị Chờ', address: '1 Lê Lợi', idNumber: '079190001111' },
          documents: [
            { code: 'to-khai-lien-thong', copies: 1, original: true },
            { code: 'giay-chung-sinh', copies: 1, original: true },
          ],
        })
        .expect(201)
    ).body.dossierCode as string;
    for (const path of ['/dossiers', '/agencies/000.00.72.H29/inbox', `/dossiers/${code}/timeline`]) {
      const res = await t.http().get(path).expect(503);
      expect(res.body).toMatchObject({ code: 'READ_MODEL_NOT_READY' });
    }
  });
});

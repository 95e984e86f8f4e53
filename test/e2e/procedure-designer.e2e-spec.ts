import { createTestSchema } from '@lien-thong/postgres/testing';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { callerAt, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { HCMC_SEED_AGENCIES } from '@lien-thong/agencies';

/** A designer's session through HTTP against real PostgreSQL: draft, check, publish, change, diff, deprecate. */
const definition = {
  code: '2.000986',
  name: {
    vi: 'Liên thông đăng ký khai tử, xóa đăng ký thường trú, hưởng mai táng phí',
    en: 'Death registration bundle',
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
      id: 'funeral-allowance',
      name: { vi: 'Giải quyết mai táng phí' },
      kind: 'approve',
      owner: { agencyCode: '000.00.61.H29' },
      budget: { unit: 'workingDays', amount: 3 },
      after: ['register-death'],
    },
    {
      id: 'return',
      name: { vi: 'Trả kết quả' },
      kind: 'return-result',
      owner: { role: 'commune-people-committee', of: 'receiving-unit' },
      budget: { unit: 'workingDays', amount: 0.5 },
      after: ['remove-residence', 'funeral-allowance'],
    },
  ],
};

describe('procedure designer API', () => {
  let t: ApiTestApp;
  const http = () => t.http();

  beforeAll(async () => {
    t = await startApiTestApp('e2e_designer');
    await t.http().post('/agencies/import').send({ agencies: HCMC_SEED_AGENCIES }).expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes a design from draft to published versions, refusing bad input without writing', async () => {
    await t
      .as('procedure-designer', null, 'designer-7')
      .post('/procedures')
      .send(definition)
      .expect(201, { code: '2.000986', revision: 0 });
    await http().post('/procedures').send(definition).expect(409);
    const badCode = await http()
      .post('/procedures')
      .send({ ...definition, code: '../etc' })
      .expect(400);
    expect(badCode.body.problems).toEqual([expect.objectContaining({ path: 'code' })]);

    // 1 + 3 + 0.5 = 4.5 working days on the longest path: valid within 5.
    const check = await http().post('/procedures/2.000986/draft/validate').expect(200);
    expect(check.body).toEqual({ valid: true, problems: [] });

    const tooSlow = {
      ...definition,
      steps: definition.steps.map((s) =>
        s.id === 'funeral-allowance' ? { ...s, budget: { unit: 'workingDays', amount: 4 } } : s,
      ),
    };
    await http().put('/procedures/2.000986/draft').send(tooSlow).expect(200);
    const refused = await http().post('/procedures/2.000986/versions').expect(400);
    expect(refused.body).toMatchObject({ code: 'PROCEDURE_INVALID' });
    expect(refused.body.problems).toEqual([
      expect.objectContaining({
        code: 'OVER_LIMIT',
        path: 'steps[3]',
        message:
          'path register-death → funeral-allowance → return totals 5.5 working days, 0.5 working days over the statutory limit of 5 working days',
      }),
    ]);
    expect((await http().get('/procedures/2.000986').expect(200)).body.versions).toEqual([]);

    await http().put('/procedures/2.000986/draft').send(definition).expect(200);
    await http()
      .post('/procedures/2.000986/versions')
      .expect(201)
      .expect((r) => expect(r.body.version).toBe(1));
    await http().post('/procedures/2.000986/versions').expect(422);

    await http()
      .put('/procedures/2.000986/draft')
      .send({ ...definition, maxReappointments: 2 })
      .expect(200);
    await http()
      .post('/procedures/2.000986/versions')
      .expect(201)
      .expect((r) => expect(r.body.version).toBe(2));

    const v1 = await http().get('/procedures/2.000986/versions/1').expect(200);
    expect(v1.body).toEqual(definition);
    const diff = await http().get('/procedures/2.000986/diff?from=1&to=2').expect(200);
    expect(diff.body).toEqual([{ path: 'maxReappointments', change: 'changed', before: 1, after: 2 }]);

    await http().post('/procedures/2.000986/versions/1/deprecate').send({}).expect(400);
    await http()
      .post('/procedures/2.000986/versions/1/deprecate')
      .send({ reason: 'Thay bằng phiên bản 2' })
      .expect(200);
    await http().post('/procedures/2.000986/versions/9/deprecate').send({ reason: 'x' }).expect(404);
    const view = await http().get('/procedures/2.000986').expect(200);
    expect(view.body.versions).toEqual([
      expect.objectContaining({ version: 1, deprecated: true }),
      expect.objectContaining({ version: 2, deprecated: false }),
    ]);
    const svg = await http()
      .get('/procedures/2.000986/versions/2/diagram.svg')
      .expect(200)
      .expect('Content-Type', /image\/svg\+xml/);
    // superagent buffers image/* bodies instead of decoding them as text.
    expect(Buffer.from(svg.body as Buffer).toString('utf8')).toContain('Xóa đăng ký thường trú');
    const bpmn = await http()
      .get('/procedures/2.000986/versions/2/bpmn')
      .expect(200)
      .expect('Content-Type', /application\/xml/);
    expect(bpmn.text).toContain('<bpmn:parallelGateway id="Fork_register-death">');
    const png = await http()
      .get('/procedures/2.000986/versions/2/diagram.png')
      .expect(200)
      .expect('Content-Type', 'image/png');
    const image = Buffer.from(png.body as Buffer);
    expect(image.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // Twice the SVG's width (the IHDR chunk holds it at byte 16).
    const svgWidth = Number(/width="(\d+)"/.exec(Buffer.from(svg.body as Buffer).toString('utf8'))![1]);
    expect(image.readUInt32BE(16)).toBe(2 * svgWidth);
    const catalogue = await http().get('/procedures').expect(200);
    expect(catalogue.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: '2.000986',
          field: 'Hộ tịch',
          currentVersion: 2,
          versions: 2,
          hasUnpublishedDraft: false,
        }),
      ]),
    );
    await http().get('/procedures/9.999999').expect(404);
    await http().get('/procedures/2.000986/versions/abc').expect(400);
  });

  it('refuses a design with an unknown owner agency, naming the step', async () => {
    const unknownOwner = {
      ...definition,
      code: '2.000987',
      steps: definition.steps.map((s) =>
        s.id === 'funeral-allowance' ? { ...s, owner: { agencyCode: '000.00.99.H29' } } : s,
      ),
    };
    await http().post('/procedures').send(unknownOwner).expect(201);
    const refused = await http().post('/procedures/2.000987/versions').expect(400);
    expect(refused.body.problems).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_AGENCY', path: 'steps[2].owner.agencyCode' }),
    ]);
  });

  it('loads the sample catalogue once when asked to, and leaves it alone on the next start', async () => {
    const seeded = await createTestSchema('e2e_seed');
    const config = t.config({ databaseUrl: seeded.connectionString, seed: 'sample' });
    try {
      for (let start = 0; start < 2; start += 1) {
        const seededApp = await createApiApp(config, { logger: false });
        await seededApp.init();
        for (const code of ['1.001193', '2.000986', '1.012761', '2.001610']) {
          const view = await callerAt(seededApp.getHttpServer(), t.token('procedure-designer'))
            .get(`/procedures/${code}`)
            .expect(200);
          expect(view.body.versions).toEqual([expect.objectContaining({ version: 1, deprecated: false })]);
        }
        await seededApp.close();
      }
    } finally {
      await seeded.drop();
    }
  });
});

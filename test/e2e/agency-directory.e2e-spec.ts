import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { HCMC_SEED_AGENCIES } from '@lien-thong/agencies';

describe('agency directory through HTTP', () => {
  let t: ApiTestApp;
  const http = () => t.http();

  beforeAll(async () => {
    t = await startApiTestApp('e2e_agencies');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses an invalid file with every problem and writes nothing', async () => {
    const file = {
      agencies: [
        {
          code: '000.00.71.H29',
          name: { vi: 'UBND phường Sài Gòn' },
          level: 'commune',
          roles: ['commune-people-committee'],
        },
        {
          code: '00.00.72.h29',
          name: { vi: '' },
          level: 'district',
          roles: ['Police!'],
          parent: '000.00.99.H29',
        },
        { code: '000.00.71.H29', name: { vi: 'Trùng mã' }, level: 'commune', roles: [] },
      ],
    };
    const res = await http().post('/agencies/import').send(file).expect(400);
    expect(res.body.code).toBe('AGENCY_IMPORT_INVALID');
    expect((res.body.problems as { path: string }[]).map((p) => p.path)).toEqual(
      expect.arrayContaining([
        'agencies[1].code',
        'agencies[1].name.vi',
        'agencies[1].level',
        'agencies[1].roles',
        'agencies[1].parent',
        'agencies[2].code',
      ]),
    );
    expect((await http().get('/agencies').expect(200)).body).toEqual([]);
    expect(
      (await t.db.pool.query("SELECT count(*)::int AS n FROM events WHERE stream_name LIKE 'agency-%'"))
        .rows[0].n,
    ).toBe(0);
  });

  it('imports the catalogue as events, updates only what changed, and shows it at once', async () => {
    expect(
      (await http().post('/agencies/import').send({ agencies: HCMC_SEED_AGENCIES }).expect(201)).body,
    ).toEqual({
      registered: HCMC_SEED_AGENCIES.length,
      updated: 0,
      unchanged: 0,
    });
    const renamed = HCMC_SEED_AGENCIES.map((a) =>
      a.code === '000.00.72.H29' ? { ...a, name: { vi: 'Công an phường Sài Gòn (mới)' } } : a,
    );
    expect((await http().post('/agencies/import').send({ agencies: renamed }).expect(201)).body).toEqual({
      registered: 0,
      updated: 1,
      unchanged: HCMC_SEED_AGENCIES.length - 1,
    });
    expect((await http().get('/agencies/000.00.72.H29').expect(200)).body.name.vi).toBe(
      'Công an phường Sài Gòn (mới)',
    );
    await http().get('/agencies/000.00.99.H29').expect(404);
    expect((await http().get('/agencies').expect(200)).body).toHaveLength(HCMC_SEED_AGENCIES.length);
  });

  it('reissues a code: the agency continues under the new one with its former code, also after a crash halfway', async () => {
    await http().post('/agencies/000.00.72.H29/reissue').send({ newCode: 'bad', reason: 'x' }).expect(400);
    await http()
      .post('/agencies/000.00.72.H29/reissue')
      .send({ newCode: '000.00.71.H29', reason: 'x' })
      .expect(409);
    await http()
      .post('/agencies/000.00.72.H29/reissue')
      .send({ newCode: '000.00.72.H79', reason: 'Sắp xếp đơn vị hành chính' })
      .expect(200, { from: '000.00.72.H29', to: '000.00.72.H79' });
    await http().get('/agencies/000.00.72.H29').expect(404);
    const moved = await http().get('/agencies/000.00.72.H79').expect(200);
    expect(moved.body).toMatchObject({
      name: { vi: 'Công an phường Sài Gòn (mới)' },
      formerCodes: ['000.00.72.H29'],
    });
    // Repeating it is harmless.
    await http()
      .post('/agencies/000.00.72.H29/reissue')
      .send({ newCode: '000.00.72.H79', reason: 'again' })
      .expect(200);

    // A crash after registering the new code but before closing the old one: the retry finishes it.
    const { rows } = await t.db.pool.query<{ data: unknown }>(
      "SELECT data FROM events WHERE stream_name = 'agency-000.00.74.H29' ORDER BY revision LIMIT 1",
    );
    const profile = (rows[0]!.data as { profile: Record<string, unknown> }).profile;
    await http()
      .post('/agencies/import')
      .send({ agencies: [{ ...profile, code: '000.00.74.H79', formerCodes: ['000.00.74.H29'] }] })
      .expect(201);
    expect((await http().get('/agencies/000.00.74.H29').expect(200)).body.code).toBe('000.00.74.H29');
    await http()
      .post('/agencies/000.00.74.H29/reissue')
      .send({ newCode: '000.00.74.H79', reason: 'retry' })
      .expect(200);
    await http().get('/agencies/000.00.74.H29').expect(404);

    await http().post('/agencies/000.00.73.H29/deactivate').send({}).expect(400);
    await http().post('/agencies/000.00.73.H29/deactivate').send({ reason: 'Giải thể' }).expect(200);
    await http().post('/agencies/000.00.73.H29/deactivate').send({ reason: 'Giải thể' }).expect(409);
    await http().get('/agencies/000.00.73.H29').expect(404);
  });
});

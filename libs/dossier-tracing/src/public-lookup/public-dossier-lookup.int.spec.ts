import { DomainError } from '@lien-thong/contracts';
import { migrateEventStore, PostgresEventStore } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { ProjectionRunner } from '@lien-thong/projections';
import {
  CODES,
  COMMUNE,
  DESK,
  INSURANCE,
  nov,
  POLICE,
  REFUSED_INTAKE_REF,
  vn,
  writeScenarios,
  type Written,
} from '../testing/dossier-scenarios';
import { lookupKeyFrom } from '@lien-thong/dossiers';
import { PUBLIC_DOSSIER_PROJECTION, publicDossierProjection } from './public-dossier.projection';
import { PublicDossierLookup } from './public-dossier-lookup.query';
import { PublicDossierLookupHandler } from './public-dossier-lookup.query-handler';

describe('PublicDossierLookup (public status read model on PostgreSQL)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let written: Written;
  let handler: PublicDossierLookupHandler;
  const lookup = (code: string, key = lookupKeyFrom(code)) =>
    handler.execute(new PublicDossierLookup(code, key));

  beforeAll(async () => {
    db = await createTestSchema('dossier_public');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
    written = await writeScenarios(store);
    runner = new ProjectionRunner(store, db.pool, [publicDossierProjection()], { batchSize: 10 });
    await runner.start();
    await runner.waitForCheckpoint(PUBLIC_DOSSIER_PROJECTION, written.lastDossier, 20_000);
    handler = new PublicDossierLookupHandler(db.pool);
  });
  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await db?.drop();
  });

  it('shows the status in both languages, steps done, current holders and dates', async () => {
    expect(await lookup(CODES.parallelOverdue)).toEqual({
      code: CODES.parallelOverdue,
      status: 'in-processing',
      statusLabel: { vi: 'Đang xử lý', en: 'In processing' },
      procedureCode: '1.001193',
      receivedAt: nov(25, '08:00'),
      stepsDone: [{ stepId: 'appraise', completedAt: nov(25, '11:00') }],
      currentHolders: [
        { stepId: 'police-check', agencyCode: POLICE },
        { stepId: 'insurance', agencyCode: INSURANCE },
      ],
      dueAt: nov(28, '17:00'),
      appointmentAt: nov(28, '17:00'),
      resultReadyAt: null,
      returnedAt: null,
    });
  });

  it('shows the result times once returned', async () => {
    expect(await lookup(CODES.done)).toMatchObject({
      status: 'returned',
      statusLabel: { vi: 'Đã trả kết quả', en: 'Result returned' },
      currentHolders: [],
      resultReadyAt: nov(26, '11:00'),
      returnedAt: nov(27, '15:00'),
    });
  });

  it('drops steps a return set back, and shows the re-set appointment', async () => {
    const status = await lookup(CODES.reworked);
    expect(status.stepsDone.map((s) => s.stepId)).toEqual(['appraise', 'insurance', 'police-check']);
    expect(status.stepsDone.find((s) => s.stepId === 'police-check')?.completedAt).toBe(vn(12, 2, '09:00'));
    expect(status.currentHolders).toEqual([{ stepId: 'sign', agencyCode: COMMUNE }]);
    expect(status).toMatchObject({ dueAt: vn(12, 5, '17:00'), appointmentAt: vn(12, 9, '17:00') });
  });

  it('holds no personal data, applicant reference or officer id, in the answer or in its table', async () => {
    const answers = await Promise.all(Object.values(CODES).map((code) => lookup(code)));
    const { rows } = await db.pool.query('SELECT * FROM dossier_public_lookup');
    for (const text of [JSON.stringify(answers), JSON.stringify(rows)]) {
      for (const secret of [
        'vault:',
        'applicantRef',
        'officer',
        'staff-',
        'head-71',
        'intake-of-',
        'Thiếu',
        'Người nộp',
      ])
        expect(text).not.toContain(secret);
    }
    expect(Object.keys(answers[0]!).sort()).toEqual(
      [
        'code',
        'status',
        'statusLabel',
        'procedureCode',
        'receivedAt',
        'stepsDone',
        'currentHolders',
        'dueAt',
        'appointmentAt',
        'resultReadyAt',
        'returnedAt',
      ].sort(),
    );
  });

  it("answers only to the code with its own key (any case, without the dash), never to another dossier's key", async () => {
    const key = lookupKeyFrom(CODES.done);
    expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    await expect(lookup(CODES.done, key.toLowerCase().replace('-', ''))).resolves.toMatchObject({
      code: CODES.done,
    });
    for (const wrong of [lookupKeyFrom(CODES.reworked), 'AAAAA-AAAAA', '', 'not a key at all'])
      await expect(lookup(CODES.done, wrong)).rejects.toMatchObject({
        kind: 'not-found',
        code: 'DOSSIER_NOT_FOUND',
      });
    // The table keeps a digest of the key, never the key itself.
    const { rows } = await db.pool.query<{ doc: unknown }>('SELECT doc FROM dossier_public_lookup');
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('answers not-found for an unknown code and for an intake that got no code', async () => {
    for (const code of ['000.00.05.H54-251231-9999', REFUSED_INTAKE_REF, `${DESK}`]) {
      const error = await lookup(code).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'not-found' });
    }
  });
});

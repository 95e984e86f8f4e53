import { DomainError } from '@lien-thong/contracts';
import { migrateEventStore, PostgresEventStore } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { CODES, INSURANCE, nov, POLICE, writeScenarios } from '../testing/dossier-scenarios';
import { GetDossierAsOf } from './get-dossier-as-of.query';
import { GetDossierAsOfHandler } from './get-dossier-as-of.query-handler';
import { dossierStream } from '@lien-thong/dossier-model';

describe('GetDossierAsOf (time travel over the PostgreSQL event store)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let handler: GetDossierAsOfHandler;
  const asOf = (code: string, at: { revision?: number; instant?: string }) =>
    handler.execute(new GetDossierAsOf(code, at));

  beforeAll(async () => {
    db = await createTestSchema('dossier_as_of');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
    await writeScenarios(store);
    handler = new GetDossierAsOfHandler(store);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('shows the dossier after a given revision', async () => {
    const last = (await store.streamRevision(dossierStream(CODES.done)))!;
    expect(await asOf(CODES.done, { revision: 0 })).toMatchObject({
      code: CODES.done,
      revision: 0,
      latestRevision: last,
      state: { status: 'accepted', activeSteps: {} },
    });
    expect((await asOf(CODES.done, { revision: last })).state.status).toBe('returned');
  });

  it('shows the dossier as it stood at an instant, with the parallel steps then held', async () => {
    const view = await asOf(CODES.done, { instant: nov(24, '14:00') });
    expect(view.state.status).toBe('in-processing');
    expect(Object.values(view.state.activeSteps).map((s) => [s.stepId, s.holderAgencyCode])).toEqual([
      ['police-check', POLICE],
      ['insurance', INSURANCE],
    ]);
    expect(Object.keys(view.state.completedSteps)).toEqual(['appraise']);
  });

  it('answers not-found for an unknown dossier', async () => {
    const error = await asOf('000.00.05.H54-251231-9999', { revision: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'not-found', code: 'DOSSIER_NOT_FOUND' });
  });

  it('refuses neither, both, or a revision past the end (400)', async () => {
    for (const at of [{}, { revision: 1, instant: nov(25) }, { revision: 999 }]) {
      const error = await asOf(CODES.done, at).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'validation', code: 'DOSSIER_QUERY_INVALID' });
    }
  });
});

import { runMigrations } from '@lien-thong/postgres';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { StrandedDossiers, strandedDossiersMigrations } from './stranded-dossiers.store';

describe('the stranded-dossier list (PostgreSQL)', () => {
  let db: TestSchema;
  beforeAll(async () => {
    db = await createTestSchema('stranded_dossiers');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('is unknown (null) before any worker created it, then counts and lists each dossier once', async () => {
    const stranded = new StrandedDossiers(db.pool);
    expect(await stranded.count()).toBeNull();

    // Where the worker creates it: the dossier coordination process manager's migrations.
    await runMigrations(db.pool, 'projection:dossier-coordination', strandedDossiersMigrations);
    expect(await stranded.count()).toBe(0);
    expect(await stranded.list()).toEqual([]);

    const dossier = {
      dossierCode: '000.00.71.H29-261123-0001',
      receivedAt: '2026-11-23T08:00:00.000Z',
      workflowStartedAt: '2026-11-20T08:00:00.000Z',
      namespace: 'default',
    };
    await stranded.record(dossier);
    await stranded.record(dossier); // a replayed batch
    expect(await stranded.count()).toBe(1);
    expect(await stranded.list()).toEqual([
      {
        dossierCode: dossier.dossierCode,
        receivedAt: new Date(dossier.receivedAt),
        workflowStartedAt: new Date(dossier.workflowStartedAt),
        namespace: 'default',
        detectedAt: expect.any(Date),
      },
    ]);
  });
});

import { DomainError } from '@lien-thong/contracts';
import { migrateEventStore, PostgresEventStore } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { ProjectionRunner } from '@lien-thong/projections';
import { CODES, COMMUNE, DESK, POLICE, writeScenarios, type Written } from '../testing/dossier-scenarios';
import { DOSSIER_TIMELINE_PROJECTION, dossierTimelineProjection } from './dossier-timeline.projection';
import { GetDossierTimeline } from './get-dossier-timeline.query';
import { GetDossierTimelineHandler } from './get-dossier-timeline.query-handler';
import { dossierStream } from '@lien-thong/dossier-model';

describe('GetDossierTimeline (timeline read model on PostgreSQL)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let written: Written;
  let handler: GetDossierTimelineHandler;

  beforeAll(async () => {
    db = await createTestSchema('dossier_timeline');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
    written = await writeScenarios(store);
    runner = new ProjectionRunner(store, db.pool, [dossierTimelineProjection()], { batchSize: 10 });
    await runner.start();
    await runner.waitForCheckpoint(DOSSIER_TIMELINE_PROJECTION, written.last, 20_000);
    handler = new GetDossierTimelineHandler(db.pool);
  });
  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await db?.drop();
  });

  it('lists every event of the dossier in stream order, with when, who and a summary', async () => {
    const events = await store.readStream(dossierStream(CODES.done));
    const timeline = await handler.execute(new GetDossierTimeline(CODES.done));
    expect(timeline.code).toBe(CODES.done);
    expect(timeline.entries.map((e) => [e.revision, e.type, e.occurredAt, e.recordedAt])).toEqual(
      events.map((e) => [e.revision, e.type, e.metadata.occurredAt, e.recordedAt]),
    );
    expect(timeline.entries[0]).toMatchObject({
      type: 'DossierReceived',
      actor: { agencyCode: DESK, personId: 'officer-17', system: null },
    });
    const handoff = timeline.entries.find(
      (e) => e.type === 'StepHandedOff' && e.summary.en.includes("'sign'"),
    );
    expect(handoff).toMatchObject({
      actor: { agencyCode: POLICE },
      summary: {
        vi: `Chuyển bước 'sign' từ ${POLICE} sang ${COMMUNE}, hạn 17:00 26/11/2025; bước trước 'police-check' đúng hạn`,
        en: `Step 'sign' handed off from ${POLICE} to ${COMMUNE}, due 17:00 26/11/2025; previous step 'police-check' on time`,
      },
    });
  });

  it('shows the system as the actor of an automatic overdue detection', async () => {
    const timeline = await handler.execute(new GetDossierTimeline(CODES.parallelOverdue));
    expect(timeline.entries[timeline.entries.length - 1]).toMatchObject({
      type: 'StepOverdue',
      actor: { agencyCode: null, personId: null, system: 'workflow' },
      summary: { vi: `Bước 'police-check' quá hạn (hạn 17:00 26/11/2025), trách nhiệm: ${POLICE}` },
    });
  });

  it('never prints the applicant reference, officer ids or free-text reasons in a summary', async () => {
    const timeline = await handler.execute(new GetDossierTimeline(CODES.reworked));
    const summaries = JSON.stringify(timeline.entries.map((e) => e.summary));
    for (const secret of [
      'vault:',
      'officer-',
      'head-71',
      'Thông tin không khớp',
      'Thiếu xác minh',
      'Sửa ngày sinh',
    ])
      expect(summaries).not.toContain(secret);
  });

  it('answers not-found for an unknown dossier', async () => {
    const error = await handler
      .execute(new GetDossierTimeline('000.00.05.H54-251231-9999'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'not-found', code: 'DOSSIER_NOT_FOUND' });
  });
});

import { migrateEventStore, PostgresEventStore } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { ProjectionRunner } from '@lien-thong/projections';
import { DomainError } from '@lien-thong/contracts';
import {
  CODES,
  COMMUNE,
  DESK,
  INSURANCE,
  nov,
  OTHER_DESK,
  POLICE,
  REFUSED_INTAKE_REF,
  vn,
  writeScenarios,
  type Written,
} from '../testing/dossier-scenarios';
import { DOSSIER_LIST_PROJECTION, dossierListProjection } from './dossier-list.projection';
import { ListDossiers, type ListDossiersCriteria } from './list-dossiers.query';
import { ListDossiersHandler } from './list-dossiers.query-handler';
import type { DossierListItem } from './list-dossiers.response.dto';

describe('ListDossiers (dossier list read model on PostgreSQL)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let written: Written;
  let handler: ListDossiersHandler;

  /** Thursday 27/11/2025 08:00 in Vietnam. */
  const now = nov(27, '08:00');
  const list = (criteria: Partial<ListDossiersCriteria> = {}) =>
    handler.execute(new ListDossiers({ now, ...criteria }));
  const codes = (items: readonly DossierListItem[]) => items.map((i) => i.code ?? `intake:${i.intakeRef}`);

  beforeAll(async () => {
    db = await createTestSchema('dossier_list');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
    written = await writeScenarios(store);
    runner = new ProjectionRunner(store, db.pool, [dossierListProjection()], { batchSize: 7 });
    await runner.start();
    await runner.waitForCheckpoint(DOSSIER_LIST_PROJECTION, written.last, 20_000);
    handler = new ListDossiersHandler(db.pool);
  });
  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await db?.drop();
  });

  it('lists newest receipt first, then by code, intakes without a code included', async () => {
    const page = await list();
    expect(codes(page.items)).toEqual([
      CODES.stopped,
      CODES.reworked,
      `intake:${REFUSED_INTAKE_REF}`,
      CODES.parallelOverdue,
      CODES.otherDesk,
      CODES.done,
    ]);
    expect(page.nextCursor).toBeNull();
  });

  it("shows a desk its own unit's dossiers and an agency those it took part in, also after its step (issue 16)", async () => {
    const all = codes((await list()).items);
    expect(codes((await list({ visibleTo: { deskUnitCode: DESK } })).items)).toEqual(
      all.filter((c) => c !== CODES.otherDesk),
    );
    expect(codes((await list({ visibleTo: { deskUnitCode: OTHER_DESK } })).items)).toEqual([CODES.otherDesk]);
    // The insurance agency held a step of these (done and in parallel), never of the others.
    const insurance = codes((await list({ visibleTo: { participantAgencyCode: INSURANCE } })).items);
    expect(insurance).toEqual(expect.arrayContaining([CODES.done, CODES.parallelOverdue]));
    expect(insurance).not.toContain(CODES.otherDesk);
    expect(insurance).not.toContain(`intake:${REFUSED_INTAKE_REF}`);
    // A desk that also processes sees both; a caller with neither sees nothing.
    const both = codes(
      (await list({ visibleTo: { deskUnitCode: OTHER_DESK, participantAgencyCode: INSURANCE } })).items,
    );
    expect(both).toEqual(expect.arrayContaining([CODES.otherDesk, ...insurance]));
    expect((await list({ visibleTo: {} })).items).toEqual([]);
  });

  it('shows every holder of parallel branches, and filters by an agency holding any of them', async () => {
    const item = (await list()).items.find((i) => i.code === CODES.parallelOverdue)!;
    expect(item.holders).toEqual([
      { stepId: 'police-check', agencyCode: POLICE },
      { stepId: 'insurance', agencyCode: INSURANCE },
    ]);
    expect(codes((await list({ holderAgencyCode: INSURANCE })).items)).toEqual([CODES.parallelOverdue]);
    expect(codes((await list({ holderAgencyCode: COMMUNE })).items)).toEqual([CODES.reworked]);
    expect((await list({ holderAgencyCode: DESK })).items).toEqual([]);
  });

  it('flags a step overdue until superseded, with the agency responsible', async () => {
    const overdue = await list({ overdue: true });
    // The other desk's dossier is overdue by its passed due date (26/11 17:00), not by a step.
    expect(codes(overdue.items)).toEqual([CODES.parallelOverdue, CODES.otherDesk]);
    expect(overdue.items[0]).toMatchObject({
      overdue: true,
      overdueSteps: [{ stepId: 'police-check', agencyCode: POLICE, deadline: nov(26, '17:00') }],
      lateResponsibleAgencyCodes: [POLICE],
    });
    expect(overdue.items[1]).toMatchObject({ overdue: true, overdueSteps: [], status: 'accepted' });
    expect(codes((await list({ overdue: false })).items)).toEqual([
      CODES.stopped,
      CODES.reworked,
      `intake:${REFUSED_INTAKE_REF}`,
      CODES.done,
    ]);
  });

  it('counts a passed due date as overdue only while the dossier is open', async () => {
    // Before the other desk's due date only the recorded StepOverdue counts (the read model is current
    // state: `now` moves the due-date test, not the history). On 29/11 the returned, stopped and refused
    // dossiers are finished and the reworked one is due in December, so the same two are overdue.
    expect(codes((await list({ now: nov(25, '08:00'), overdue: true })).items)).toEqual([
      CODES.parallelOverdue,
    ]);
    const later = await list({ now: nov(29, '08:00'), overdue: true });
    expect(codes(later.items)).toEqual([CODES.parallelOverdue, CODES.otherDesk]);
  });

  it('finds dossiers due within N hours of the given instant', async () => {
    // now = 27/11 08:00: the parallel dossier is due 28/11 17:00 (33 h later).
    expect(codes((await list({ dueWithinHours: 24 })).items)).toEqual([]);
    expect(codes((await list({ dueWithinHours: 48 })).items)).toEqual([CODES.parallelOverdue]);
    // The other desk's dossier is already past due: not "due soon".
    expect(codes((await list({ now: nov(25, '08:00'), dueWithinHours: 40 })).items)).toEqual([
      CODES.otherDesk,
    ]);
  });

  it('filters by status, procedure and receiving unit', async () => {
    expect(codes((await list({ status: 'returned' })).items)).toEqual([CODES.done]);
    expect(codes((await list({ status: ['stopped', 'intake-refused'] })).items)).toEqual([
      CODES.stopped,
      `intake:${REFUSED_INTAKE_REF}`,
    ]);
    expect(codes((await list({ procedureCode: '2.000001' })).items)).toEqual([CODES.otherDesk]);
    expect(codes((await list({ receivingUnitCode: OTHER_DESK })).items)).toEqual([CODES.otherDesk]);
  });

  it('carries dates, apology re-appointment and the result times', async () => {
    const items = (await list()).items;
    expect(items.find((i) => i.code === CODES.done)).toMatchObject({
      status: 'returned',
      procedureCode: '1.001193',
      procedureVersion: 3,
      receivedAt: nov(24, '08:00'),
      dueAt: nov(28, '17:00'),
      resultReadyAt: nov(26, '11:00'),
      resultOutcome: 'early',
      returnedAt: nov(27, '15:00'),
      holders: [],
      overdue: false,
    });
    expect(items.find((i) => i.code === CODES.reworked)).toMatchObject({
      status: 'in-processing',
      dueAt: vn(12, 5, '17:00'),
      appointmentAt: vn(12, 9, '17:00'),
      // The police finished its reopened step late; the commune apologised.
      lateResponsibleAgencyCodes: [POLICE, COMMUNE],
      // Counted with whether it came by its notice deadline (Decree 61/2018 art. 19: one working day before).
      apologies: [
        { agencyCode: COMMUNE, issuedAt: expect.any(String), withinNoticePeriod: expect.any(Boolean) },
      ],
      holders: [{ stepId: 'sign', agencyCode: COMMUNE }],
    });
  });

  it('pages with a cursor and with an offset, in the same stable order', async () => {
    const all = codes((await list()).items);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i += 1) {
      const page = await list({ limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...codes(page.items));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all);
    expect(codes((await list({ limit: 2, offset: 2 })).items)).toEqual(all.slice(2, 4));
  });

  it('refuses malformed criteria with every problem listed', async () => {
    const error = await list({ limit: 201, cursor: 'x', offset: 1, now: 'yesterday' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('validation');
    expect((error as DomainError).problems?.map((p) => p.path).sort()).toEqual([
      'cursor',
      'cursor',
      'limit',
      'now',
    ]);
  });

  it('keeps no personal data in its table', async () => {
    const { rows } = await db.pool.query<{ doc: unknown }>('SELECT doc FROM dossier_list');
    const text = JSON.stringify(rows);
    expect(text).not.toContain('vault:');
    expect(text).not.toContain('officer-');
  });

  it('rebuilds to the same rows', async () => {
    const snapshot = async () =>
      (await db.pool.query('SELECT * FROM dossier_list ORDER BY stream')).rows as unknown[];
    const before = await snapshot();
    // A live runner notices a rebuild only when its next event arrives: rebuild between two runners.
    await runner.stop();
    await runner.rebuild(DOSSIER_LIST_PROJECTION);
    expect(await snapshot()).toEqual([]);
    runner = new ProjectionRunner(store, db.pool, [dossierListProjection()], { batchSize: 50 });
    await runner.start();
    await runner.waitForCheckpoint(DOSSIER_LIST_PROJECTION, written.last, 20_000);
    expect(await snapshot()).toEqual(before);
  });
});

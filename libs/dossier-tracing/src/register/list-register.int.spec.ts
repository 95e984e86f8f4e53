import { DomainError } from '@lien-thong/contracts';
import { migrateEventStore, PostgresEventStore } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { ProjectionRunner } from '@lien-thong/projections';
import {
  CODES,
  COMMUNE,
  DESK,
  nov,
  OTHER_DESK,
  writeScenarios,
  type Written,
} from '../testing/dossier-scenarios';
import { ListRegister, type ListRegisterCriteria } from './list-register.query';
import { ListRegisterHandler } from './list-register.query-handler';
import { REGISTER_PROJECTION, registerProjection } from './register.projection';

describe('ListRegister (form 07 read model on PostgreSQL)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let written: Written;
  let handler: ListRegisterHandler;
  const register = (criteria: ListRegisterCriteria) => handler.execute(new ListRegister(criteria));

  beforeAll(async () => {
    db = await createTestSchema('dossier_register');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
    written = await writeScenarios(store);
    runner = new ProjectionRunner(store, db.pool, [registerProjection()], { batchSize: 10 });
    await runner.start();
    await runner.waitForCheckpoint(REGISTER_PROJECTION, written.lastDossier, 20_000);
    handler = new ListRegisterHandler(db.pool);
  });
  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await db?.drop();
  });

  it('lists the dossiers received in the period, oldest first, start included and end excluded', async () => {
    const page = await register({ from: nov(25, '00:00'), to: nov(27, '08:00') });
    expect(page.items.map((i) => i.code)).toEqual([CODES.parallelOverdue, CODES.reworked]);
    expect(page.nextOffset).toBeNull();
    const all = await register({ from: nov(24, '08:00'), to: nov(28, '00:00') });
    expect(all.items.map((i) => i.code)).toEqual([
      CODES.done,
      CODES.otherDesk,
      CODES.parallelOverdue,
      CODES.reworked,
      CODES.stopped,
    ]);
  });

  it('filters by receiving unit', async () => {
    expect(
      (await register({ unitCode: OTHER_DESK, from: nov(1), to: nov(30) })).items.map((i) => i.code),
    ).toEqual([CODES.otherDesk]);
    expect((await register({ unitCode: DESK, from: nov(1), to: nov(30) })).items).toHaveLength(4);
  });

  it('fills the columns of form 07 and keeps the applicant reference for the vault', async () => {
    const [done] = (await register({ from: nov(24, '00:00'), to: nov(24, '09:00') })).items;
    expect(done).toMatchObject({
      code: CODES.done,
      procedure: { code: '1.001193', version: 3 },
      applicantRef: `vault:${CODES.done}`,
      leadAgencyCode: COMMUNE,
      receivedAt: nov(24, '08:00'),
      dueAt: nov(28, '17:00'),
      transferredAt: nov(24, '08:30'),
      resultReadyAt: nov(26, '11:00'),
      returnedAt: nov(27, '15:00'),
      notes: [],
    });
  });

  it('notes stops, supplements, late steps and apologies', async () => {
    const items = (await register({ from: nov(26, '00:00'), to: nov(28, '00:00') })).items;
    const reworked = items.find((i) => i.code === CODES.reworked)!;
    expect(reworked.notes.map((n) => n.kind)).toEqual(['supplement', 'late', 'apology']);
    const stopped = items.find((i) => i.code === CODES.stopped)!;
    expect(stopped.notes).toEqual([
      expect.objectContaining({
        kind: 'stopped',
        text: expect.objectContaining({ vi: 'Dừng xử lý theo đề nghị của người nộp' }),
      }),
    ]);
    expect(stopped.status).toBe('stopped');
  });

  it('pages with an offset', async () => {
    const first = await register({ from: nov(1), to: nov(30), limit: 3 });
    expect(first.nextOffset).toBe(3);
    const second = await register({ from: nov(1), to: nov(30), limit: 3, offset: 3 });
    expect(second.nextOffset).toBeNull();
    expect([...first.items, ...second.items]).toHaveLength(5);
  });

  it('refuses a period that ends before it starts', async () => {
    const error = await register({ from: nov(28), to: nov(27) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'validation' });
  });
});

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
import { CONTROL_SLIP_PROJECTION, controlSlipProjection } from './control-slip.projection';
import { GetControlSlip } from './get-control-slip.query';
import { GetControlSlipHandler } from './get-control-slip.query-handler';

describe('GetControlSlip (form 06 read model on PostgreSQL)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let written: Written;
  let handler: GetControlSlipHandler;
  const slipOf = (code: string) => handler.execute(new GetControlSlip(code));

  beforeAll(async () => {
    db = await createTestSchema('dossier_slip');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
    written = await writeScenarios(store);
    runner = new ProjectionRunner(store, db.pool, [controlSlipProjection()], { batchSize: 10 });
    await runner.start();
    await runner.waitForCheckpoint(CONTROL_SLIP_PROJECTION, written.lastDossier, 20_000);
    handler = new GetControlSlipHandler(db.pool);
  });
  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await db?.drop();
  });

  it('logs the transfer, every handoff with receipt, deadline, previous and own outcome, then the result', async () => {
    const slip = await slipOf(CODES.done);
    expect(slip.header).toEqual({
      code: CODES.done,
      procedure: { code: '1.001193', version: 3, bundleOf: ['1.001193', '1.004194', '1.002947'] },
      receivingUnitCode: DESK,
      receivedAt: nov(24, '08:00'),
      dueAt: nov(28, '17:00'),
      appointmentAt: nov(28, '17:00'),
      leadAgencyCode: COMMUNE,
      coOperatingAgencyCodes: [INSURANCE, POLICE],
    });
    expect(
      slip.rows.map((r) => [
        r.kind,
        r.stepId,
        r.fromAgencyCode,
        r.toAgencyCode,
        r.handedOffAt,
        r.receivedAt,
        r.previousStepOutcome,
        r.completedAt,
        r.outcome,
      ]),
    ).toEqual([
      ['transfer', null, DESK, COMMUNE, nov(24, '08:30'), null, 'on-time', null, null],
      [
        'handoff',
        'appraise',
        COMMUNE,
        COMMUNE,
        nov(24, '09:00'),
        nov(24, '09:10'),
        null,
        nov(24, '11:00'),
        'on-time',
      ],
      [
        'handoff',
        'police-check',
        COMMUNE,
        POLICE,
        nov(24, '13:00'),
        nov(24, '13:30'),
        'on-time',
        nov(25, '09:00'),
        'on-time',
      ],
      [
        'handoff',
        'insurance',
        COMMUNE,
        INSURANCE,
        nov(24, '13:00'),
        nov(24, '13:30'),
        'on-time',
        nov(25, '09:00'),
        'on-time',
      ],
      [
        'handoff',
        'sign',
        POLICE,
        COMMUNE,
        nov(25, '10:00'),
        nov(25, '10:30'),
        'on-time',
        nov(26, '09:00'),
        'on-time',
      ],
      [
        'handoff',
        'return-result',
        COMMUNE,
        DESK,
        nov(26, '10:00'),
        nov(26, '10:30'),
        'on-time',
        nov(26, '11:00'),
        'early',
      ],
      ['result', null, DESK, DESK, nov(26, '11:00'), nov(26, '11:00'), 'early', nov(26, '11:00'), 'early'],
    ]);
    expect(slip.rows[6]!.notes.map((n) => n.text.vi)).toEqual([
      'Đã trả kết quả tại quầy lúc 15:00 27/11/2025',
    ]);
  });

  it('notes an overdue step with the agency responsible', async () => {
    const slip = await slipOf(CODES.parallelOverdue);
    const police = slip.rows.find((r) => r.stepId === 'police-check')!;
    expect(police.notes).toEqual([
      {
        kind: 'overdue',
        at: nov(26, '17:30'),
        reason: null,
        text: {
          vi: `Quá hạn 17:00 26/11/2025; trách nhiệm: ${POLICE}`,
          en: `Overdue since 17:00 26/11/2025; responsible: ${POLICE}`,
        },
      },
    ]);
    expect(police.completedAt).toBeNull();
  });

  it('shows a supplement, moved deadlines, a return with its reason and the rerun late', async () => {
    const slip = await slipOf(CODES.reworked);
    expect(slip.rows.map((r) => [r.kind, r.stepId, r.fromAgencyCode, r.toAgencyCode, r.outcome])).toEqual([
      ['transfer', null, DESK, COMMUNE, null],
      ['handoff', 'appraise', COMMUNE, COMMUNE, 'on-time'],
      ['handoff', 'police-check', COMMUNE, POLICE, 'early'],
      ['handoff', 'insurance', COMMUNE, INSURANCE, 'early'],
      ['handoff', 'sign', POLICE, COMMUNE, null],
      ['return', 'police-check', COMMUNE, POLICE, 'late'],
      ['handoff', 'sign', POLICE, COMMUNE, null],
    ]);
    const police = slip.rows[2]!;
    expect(police.deadline).toBe(vn(12, 1, '17:00'));
    expect(police.notes.map((n) => n.kind)).toEqual([
      'supplement-requested',
      'supplement-received',
      'deadline-moved',
    ]);
    expect(slip.rows[4]).toMatchObject({ returnedAt: nov(28, '15:00') });
    expect(slip.rows[4]!.notes[0]).toMatchObject({ kind: 'returned', reason: 'Thiếu xác minh cư trú' });
    expect(slip.rows[5]).toMatchObject({ receivedAt: nov(28, '15:30'), completedAt: vn(12, 2, '09:00') });
    expect(slip.rows[6]).toMatchObject({
      previousStepId: 'police-check',
      previousStepOutcome: 'late',
      completedAt: null,
    });
    expect(slip.header).toMatchObject({ dueAt: vn(12, 5, '17:00'), appointmentAt: vn(12, 9, '17:00') });
    expect(slip.notes.map((n) => n.kind)).toEqual(['apology']);
    expect(JSON.stringify(slip)).not.toContain('vault:');
  });

  it('answers not-found for an unknown dossier and for an intake without a code', async () => {
    for (const code of ['000.00.05.H54-251231-9999', REFUSED_INTAKE_REF]) {
      const error = await slipOf(code).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'not-found' });
    }
  });
});

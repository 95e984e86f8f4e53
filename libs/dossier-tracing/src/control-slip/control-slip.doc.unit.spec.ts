import {
  DESK,
  INSURANCE,
  allStepsDone,
  at,
  parallel,
  refusedAtIntake,
  resultReady,
  resultReturned,
  supplementRequested,
} from '@lien-thong/dossiers/testing';
import {
  COMMUNE,
  POLICE,
  everyEventType,
  excludedStepDoneLate,
  foldDoc,
  paidLateRecordedAsLate,
  stepReturned,
} from '../testing/dossier-sample-events';
import { evolveControlSlip } from './control-slip.doc';
import type { ControlSlip } from './control-slip.response.dto';
import { type DossierEvent } from '@lien-thong/dossier-model';

const fold = (events: readonly DossierEvent[]): ControlSlip => foldDoc(evolveControlSlip, events)!;

describe('control slip (form 06) derivation', () => {
  it('has a header with the lead and co-operating agencies, and one row per handoff then the result', () => {
    const slip = fold([...allStepsDone, resultReady, resultReturned]);
    expect(slip.header).toMatchObject({
      code: '000.00.05.H54-251124-0001',
      leadAgencyCode: COMMUNE,
      coOperatingAgencyCodes: [INSURANCE, POLICE],
      dueAt: '2025-11-28T17:00:00+07:00',
    });
    expect(slip.rows.map((r) => [r.seq, r.kind, r.stepId, r.fromAgencyCode, r.toAgencyCode])).toEqual([
      [1, 'transfer', null, DESK, COMMUNE],
      [2, 'handoff', 'appraise', COMMUNE, COMMUNE],
      [3, 'handoff', 'police-check', COMMUNE, POLICE],
      [4, 'handoff', 'insurance', COMMUNE, INSURANCE],
      [5, 'handoff', 'sign', POLICE, COMMUNE],
      [6, 'handoff', 'return-result', COMMUNE, DESK],
      [7, 'result', null, DESK, DESK],
    ]);
    expect(slip.rows[2]).toMatchObject({
      handedOffAt: at(25, '10:00'),
      receivedAt: at(25, '10:30'),
      deadline: at(26, '17:00'),
      previousStepId: 'appraise',
      previousStepOutcome: 'on-time',
      completedAt: at(26, '09:00'),
      outcome: 'on-time',
    });
    expect(slip.rows[6]).toMatchObject({
      completedAt: at(27, '11:00'),
      outcome: 'early',
      previousStepId: 'return-result',
    });
    expect(slip.rows[6]!.notes.map((n) => n.kind)).toEqual(['result-returned']);
    expect(slip.status).toBe('returned');
  });

  it('leaves the receipt time empty until the receiving agency acknowledges', () => {
    const slip = fold(parallel.slice(0, 7));
    expect(slip.rows.map((r) => r.receivedAt)).toEqual([null, at(24, '10:30'), null, null]);
  });

  it('records a return on the returning row and opens a row for the reopened step', () => {
    const slip = fold([...parallel, stepReturned]);
    const returning = slip.rows.find((r) => r.stepId === 'police-check')!;
    expect(returning).toMatchObject({ returnedAt: at(25, '15:00'), completedAt: null });
    expect(returning.notes).toEqual([
      expect.objectContaining({ kind: 'returned', reason: 'Thiếu xác minh' }),
    ]);
    expect(slip.rows[slip.rows.length - 1]).toMatchObject({
      kind: 'return',
      stepId: 'appraise',
      fromAgencyCode: POLICE,
      toAgencyCode: COMMUNE,
      previousStepId: 'police-check',
      deadline: at(26, '17:00'),
    });
  });

  it('notes supplements, moved deadlines and overdue steps on the row concerned', () => {
    const slip = fold([
      ...parallel.slice(0, 4),
      supplementRequested,
      {
        type: 'SupplementReceived',
        data: {
          stepId: 'appraise',
          requestedAt: at(24, '14:00'),
          receivedAt: at(25, '09:00'),
          policy: 'pause',
          dueAt: at(29, '17:00'),
          appointmentAt: at(29, '17:00'),
          stepDeadlines: [{ stepId: 'appraise', deadline: at(26, '17:00') }],
        },
      },
      {
        type: 'StepOverdue',
        data: {
          stepId: 'appraise',
          responsibleAgencyCode: COMMUNE,
          deadline: at(26, '17:00'),
          detectedAt: at(26, '18:00'),
        },
      },
    ]);
    const row = slip.rows[1]!;
    expect(row.deadline).toBe(at(26, '17:00'));
    expect(row.notes.map((n) => n.kind)).toEqual([
      'supplement-requested',
      'supplement-received',
      'deadline-moved',
      'overdue',
    ]);
    expect(slip.header.dueAt).toBe(at(29, '17:00'));
  });

  it('shows a step excluded from the limit as not counted, on its row and as the previous step of the next', () => {
    const slip = fold(excludedStepDoneLate);
    const paying = slip.rows.find((r) => r.stepId === 'insurance')!;
    expect(paying).toMatchObject({ completedAt: at(28, '09:00'), outcome: 'not-counted' });
    expect(paying.notes).toEqual([
      {
        kind: 'not-counted',
        at: at(28, '09:00'),
        reason: null,
        text: {
          vi: 'Không tính vào thời hạn giải quyết; quá thời hạn riêng của bước (17:00 26/11/2025)',
          en: "Not counted towards the time limit; past the step's own period (17:00 26/11/2025)",
        },
      },
    ]);
    expect(slip.rows.find((r) => r.stepId === 'sign')).toMatchObject({
      previousStepId: 'insurance',
      previousStepOutcome: 'not-counted',
    });
    expect(JSON.stringify(slip)).not.toMatch(/'late'|"late"|trễ hạn/);
    // Judged against the limit, the same history would have shown the holder late.
    const judged = fold(paidLateRecordedAsLate);
    expect(judged.rows.find((r) => r.stepId === 'insurance')?.outcome).toBe('late');
    expect(judged.rows.find((r) => r.stepId === 'sign')?.previousStepOutcome).toBe('late');
  });

  it('has no slip for an intake without a code, and never holds the applicant reference', () => {
    expect(foldDoc(evolveControlSlip, [refusedAtIntake])).toBeNull();
    let slip: ControlSlip | null = null;
    for (const event of everyEventType) {
      slip = evolveControlSlip(slip, event, {
        streamName: 'dossier-x',
        revision: 0,
        occurredAt: at(24),
        recordedAt: at(24),
      });
      expect(JSON.stringify(slip)).not.toMatch(/vault:|officer-/);
    }
  });
});

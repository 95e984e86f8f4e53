import {
  INSURANCE,
  allStepsDone,
  at,
  completed,
  parallel,
  refusedAtIntake,
  resultReady,
  resultReturned,
  stopped,
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
import { checkListCriteria, decodeListCursor, encodeListCursor } from './list-dossiers.criteria';
import {
  dossierListColumns,
  evolveDossierListRow,
  isOverdueAt,
  type DossierListRow,
} from './dossier-list.row';
import { type DossierEvent } from '@lien-thong/dossier-model';

const fold = (events: readonly DossierEvent[], stream = 'dossier-x'): DossierListRow =>
  foldDoc(evolveDossierListRow, events, stream)!;
const overdue = (stepId: string, agency: string): DossierEvent => ({
  type: 'StepOverdue',
  data: { stepId, responsibleAgencyCode: agency, deadline: at(26, '17:00'), detectedAt: at(26, '17:30') },
});

describe('dossier list row', () => {
  it('holds every parallel branch with its agency', () => {
    const row = fold(parallel);
    expect(row.holders).toEqual([
      { stepId: 'police-check', agencyCode: POLICE },
      { stepId: 'insurance', agencyCode: INSURANCE },
    ]);
    expect(row).toMatchObject({ status: 'in-processing', leadAgencyCode: COMMUNE });
    expect(dossierListColumns(row).holder_agencies).toEqual([POLICE, INSURANCE]);
  });

  it('keeps a StepOverdue until the step completes, is handed back, or its deadline moves', () => {
    const late = fold([...parallel, overdue('police-check', POLICE)]);
    expect(late.overdueSteps.map((o) => o.stepId)).toEqual(['police-check']);
    expect(late.lateResponsibleAgencyCodes).toEqual([POLICE]);
    expect(isOverdueAt(late, Date.parse(at(24)))).toBe(true);

    const done = fold([
      ...parallel,
      overdue('police-check', POLICE),
      completed('police-check', POLICE, { outcome: 'late' }),
    ]);
    expect(done.overdueSteps).toEqual([]);
    expect(done.lateResponsibleAgencyCodes).toEqual([POLICE]);

    const handedBack = fold([...parallel, overdue('police-check', POLICE), stepReturned]);
    expect(handedBack.overdueSteps).toEqual([]);
    expect(handedBack.holders).toEqual([
      { stepId: 'insurance', agencyCode: INSURANCE },
      { stepId: 'appraise', agencyCode: COMMUNE },
    ]);

    const moved = fold([
      ...parallel,
      overdue('police-check', POLICE),
      {
        type: 'ExcludedPhaseEnded',
        data: {
          phaseId: 'p',
          startedAt: at(26),
          endedAt: at(27),
          dueAt: at(30),
          appointmentAt: at(30),
          stepDeadlines: [
            { stepId: 'police-check', deadline: at(28) },
            { stepId: 'insurance', deadline: at(28) },
          ],
        },
      },
    ]);
    expect(moved.overdueSteps).toEqual([]);
    expect(moved.dueAt).toBe(at(30));
  });

  it('counts no agency late for a step excluded from the limit (the applicant’s time)', () => {
    expect(fold(excludedStepDoneLate).lateResponsibleAgencyCodes).toEqual([]);
    expect(fold(paidLateRecordedAsLate).lateResponsibleAgencyCodes).toEqual([INSURANCE]);
  });

  it('is overdue by its due date only while open and while the clock runs', () => {
    const afterDue = Date.parse(at(29));
    expect(isOverdueAt(fold(parallel), afterDue)).toBe(true);
    expect(isOverdueAt(fold(parallel), Date.parse(at(27)))).toBe(false);
    expect(isOverdueAt(fold([...parallel.slice(0, 4), supplementRequested]), afterDue)).toBe(false);
    expect(isOverdueAt(fold([...allStepsDone, resultReady]), afterDue)).toBe(false);
    expect(isOverdueAt(fold([...parallel, overdue('police-check', POLICE), stopped]), afterDue)).toBe(false);
    expect(dossierListColumns(fold([...parallel, stopped]))).toMatchObject({
      due_counts: false,
      overdue_step: false,
    });
  });

  it('records the result times and the statutory due date from ResultReady', () => {
    const row = fold([...allStepsDone, resultReady, resultReturned]);
    expect(row).toMatchObject({
      status: 'returned',
      holders: [],
      resultReadyAt: at(27, '11:00'),
      resultOutcome: 'early',
      returnedAt: at(27, '15:00'),
    });
  });

  it('lists an intake refused without a code under its stream, with no due date', () => {
    expect(fold([refusedAtIntake], 'intake-counter-12')).toMatchObject({
      stream: 'intake-counter-12',
      code: null,
      intakeRef: 'counter-12',
      status: 'intake-refused',
      dueAt: null,
    });
  });

  it('never stores the applicant reference or an officer id, whatever the event', () => {
    let row: DossierListRow | null = null;
    for (const event of everyEventType) {
      row = evolveDossierListRow(row, event, {
        streamName: 'dossier-x',
        revision: 0,
        occurredAt: at(24),
        recordedAt: at(24),
      });
      expect(JSON.stringify(row)).not.toMatch(/vault:|officer-|head-71/);
    }
  });
});

describe('list criteria', () => {
  it('round-trips a cursor and rejects a forged one', () => {
    const cursor = { receivedAt: at(24), stream: 'dossier-a' };
    expect(decodeListCursor(encodeListCursor(cursor))).toEqual(cursor);
    expect(decodeListCursor('bm90IGEgY3Vyc29y')).toBeNull();
  });

  it('defaults the page size and caps it at 200', () => {
    expect(checkListCriteria({ now: at(24) }).limit).toBe(50);
    expect(checkListCriteria({ now: at(24), limit: 200 }).limit).toBe(200);
    expect(() => checkListCriteria({ now: at(24), limit: 201 })).toThrow(/limit/);
    expect(() => checkListCriteria({ now: at(24), dueWithinHours: 0 })).toThrow(/dueWithinHours/);
    expect(() => checkListCriteria({ now: at(24), status: 'lost' as never })).toThrow(/status/);
  });
});

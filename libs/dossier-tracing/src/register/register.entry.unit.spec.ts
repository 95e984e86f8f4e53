import {
  allStepsDone,
  at,
  completed,
  received,
  parallel,
  refusedAtIntake,
  resultReady,
  resultReturned,
  stopped,
} from '@lien-thong/dossiers/testing';
import {
  COMMUNE,
  POLICE,
  excludedStepDoneLate,
  foldDoc,
  otherEvents,
  paidLateRecordedAsLate,
} from '../testing/dossier-sample-events';
import { evolveRegisterEntry } from './register.entry';
import type { RegisterEntry } from './register.response.dto';
import { type DossierEvent } from '@lien-thong/dossier-model';

const fold = (events: readonly DossierEvent[]): RegisterEntry => foldDoc(evolveRegisterEntry, events)!;

describe('register (form 07) derivation', () => {
  it('records receipt, transfer, result back at the desk and return to the applicant', () => {
    expect(fold([...allStepsDone, resultReady, resultReturned])).toMatchObject({
      code: '000.00.05.H54-251124-0001',
      procedure: { code: '1.001193', version: 3 },
      applicantRef: 'vault:1',
      leadAgencyCode: COMMUNE,
      sets: 1,
      statutoryLimit: { unit: 'workingDays', amount: 4 },
      receivedAt: '2025-11-24T08:00:00+07:00',
      dueAt: '2025-11-28T17:00:00+07:00',
      transferredAt: at(24, '09:00'),
      resultReadyAt: at(27, '11:00'),
      resultOutcome: 'early',
      // A four-working-day procedure: not one counted by the day.
      resolvedWithinDay: null,
      returnedAt: at(27, '15:00'),
      notes: [],
      status: 'returned',
    });
  });

  it('notes a stop, a late step, an overdue step and an apology', () => {
    const apology = otherEvents.find((e) => e.type === 'ApologyIssued')!;
    const overdue = otherEvents.find((e) => e.type === 'StepOverdue')!;
    const entry = fold([
      ...parallel,
      completed('police-check', POLICE, { outcome: 'late' }),
      overdue,
      apology,
      stopped,
    ]);
    expect(entry.notes.map((n) => n.kind)).toEqual(['late', 'late', 'apology', 'stopped']);
    expect(entry.appointmentAt).toBe('2025-12-02T17:00:00+07:00');
    expect(entry.dueAt).toBe('2025-11-28T17:00:00+07:00');
    expect(JSON.stringify(entry.notes)).not.toContain('Chậm thẩm định');
  });

  it('writes no late note for a step excluded from the limit, however long the applicant took', () => {
    expect(fold(excludedStepDoneLate).notes).toEqual([]);
    // The same completion judged against the limit would have been noted late.
    expect(fold(paidLateRecordedAsLate).notes.map((n) => n.kind)).toEqual(['late']);
  });

  it('marks the erasure of personal data and registers no intake without a code', () => {
    const erased = otherEvents.find((e) => e.type === 'ApplicantDataErased')!;
    expect(fold([...allStepsDone, resultReady, resultReturned, erased]).applicantDataErased).toBe(true);
    expect(foldDoc(evolveRegisterEntry, [refusedAtIntake])).toBeNull();
  });

  describe('same-day procedures (issue 18, item 9)', () => {
    // Not counted by the read model before: a report could not tell a dossier of a procedure "trong
    // ngày" resolved within its day from any other early or on-time one. Now the register says so.
    const withLimit = (
      statutoryLimit: Extract<DossierEvent, { type: 'DossierReceived' }>['data']['statutoryLimit'],
      outcome: 'early' | 'on-time' | 'late',
    ): DossierEvent[] => {
      if (received.type !== 'DossierReceived' || resultReady.type !== 'ResultReady')
        throw new Error('fixture');
      const { statutoryLimit: _limit, ...rest } = received.data;
      return [
        { type: 'DossierReceived', data: statutoryLimit ? { ...rest, statutoryLimit } : rest },
        ...allStepsDone.slice(1),
        { type: 'ResultReady', data: { ...resultReady.data, outcome } },
      ];
    };

    it('counts a same-day or immediate dossier ready by its due date as resolved within the day', () => {
      expect(fold(withLimit({ unit: 'sameDay' }, 'on-time')).resolvedWithinDay).toBe(true);
      expect(fold(withLimit({ unit: 'sameDay' }, 'early')).resolvedWithinDay).toBe(true);
      expect(fold(withLimit({ unit: 'immediate' }, 'on-time'))).toMatchObject({
        statutoryLimit: { unit: 'immediate' },
        resolvedWithinDay: true,
      });
    });

    it('counts a late one as not resolved within the day, and says nothing before the result', () => {
      expect(fold(withLimit({ unit: 'sameDay' }, 'late')).resolvedWithinDay).toBe(false);
      expect(fold(withLimit({ unit: 'sameDay' }, 'late').slice(0, -1)).resolvedWithinDay).toBeNull();
    });

    it('says nothing for a dossier received before the limit was recorded', () => {
      const entry = fold(withLimit(undefined, 'on-time'));
      expect(entry).toMatchObject({ statutoryLimit: null, resolvedWithinDay: null });
    });

    it('keeps the number of sets handed in', () => {
      if (received.type !== 'DossierReceived') throw new Error('fixture');
      expect(fold([{ type: 'DossierReceived', data: { ...received.data, sets: 3 } }]).sets).toBe(3);
    });
  });
});

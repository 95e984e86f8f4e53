import {
  allStepsDone,
  at,
  completed,
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
      receivedAt: '2025-11-24T08:00:00+07:00',
      dueAt: '2025-11-28T17:00:00+07:00',
      transferredAt: at(24, '09:00'),
      resultReadyAt: at(27, '11:00'),
      resultOutcome: 'early',
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
});

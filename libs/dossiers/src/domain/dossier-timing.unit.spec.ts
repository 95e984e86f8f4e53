import type { DossierCommand } from './dossier-commands';
import { decideDossier } from './decider/dossier.decider';
import type { DossierEvent } from '@lien-thong/dossier-model';
import { clockExclusions, evolveDossier, foldDossier, initialDossierState } from '@lien-thong/dossier-model';
import { COMMUNE, DESK, INSURANCE, POLICE, at, receiveCommand } from '../testing/dossier-fixtures';

/** A whole dossier driven through the decider, as handlers would: decide, then evolve. */
function run(commands: readonly DossierCommand[]): DossierEvent[] {
  const events: DossierEvent[] = [];
  let state = initialDossierState;
  for (const command of commands) {
    const decided = decideDossier(command, state);
    state = decided.reduce(evolveDossier, state);
    events.push(...decided);
  }
  return events;
}

const NEW_DUE = '2025-12-01T17:00:00+07:00';

const lifecycle: DossierCommand[] = [
  receiveCommand,
  {
    type: 'Transfer',
    fromUnitCode: DESK,
    toAgencyCode: COMMUNE,
    at: at(24, '09:00'),
    dueBy: at(24, '17:00'),
  },
  {
    type: 'HandOffStep',
    stepId: 'appraise',
    fromAgencyCode: COMMUNE,
    toAgencyCode: COMMUNE,
    at: at(24, '09:30'),
    deadline: at(25, '17:00'),
  },
  { type: 'ReceiveStep', stepId: 'appraise', agencyCode: COMMUNE, at: at(24, '10:00') },
  {
    type: 'RequestSupplement',
    stepId: 'appraise',
    agencyCode: COMMUNE,
    items: [{ documentCode: null, action: 'correct', description: 'Sửa tờ khai' }],
    reason: 'Sai thông tin',
    at: at(24, '14:00'),
    windowEndsAt: at(27, '10:00'),
  },
  {
    type: 'ReceiveSupplement',
    at: at(25, '14:00'),
    dueAt: NEW_DUE,
    stepDeadlines: [{ stepId: 'appraise', deadline: at(26, '17:00') }],
  },
  {
    type: 'CompleteStep',
    stepId: 'appraise',
    agencyCode: COMMUNE,
    at: at(26, '16:00'),
    resultSummary: 'Đạt',
  },
  {
    type: 'HandOffStep',
    stepId: 'police-check',
    fromAgencyCode: COMMUNE,
    toAgencyCode: POLICE,
    at: at(26, '16:30'),
    deadline: at(27, '17:00'),
  },
  {
    type: 'HandOffStep',
    stepId: 'insurance',
    fromAgencyCode: COMMUNE,
    toAgencyCode: INSURANCE,
    at: at(26, '16:30'),
    deadline: at(27, '12:00'),
  },
  { type: 'ReceiveStep', stepId: 'police-check', agencyCode: POLICE, at: at(27, '08:00') },
  { type: 'ReceiveStep', stepId: 'insurance', agencyCode: INSURANCE, at: at(27, '08:00') },
  { type: 'MarkStepOverdue', stepId: 'insurance', detectedAt: at(27, '12:01') },
  {
    type: 'CompleteStep',
    stepId: 'police-check',
    agencyCode: POLICE,
    at: at(27, '10:00'),
    resultSummary: 'Đã đăng ký thường trú',
  },
  {
    type: 'CompleteStep',
    stepId: 'insurance',
    agencyCode: INSURANCE,
    at: at(27, '14:00'),
    resultSummary: 'Đã cấp thẻ',
  },
  {
    type: 'HandOffStep',
    stepId: 'sign',
    fromAgencyCode: INSURANCE,
    toAgencyCode: COMMUNE,
    at: at(27, '14:30'),
    deadline: at(28, '12:00'),
  },
  { type: 'ReceiveStep', stepId: 'sign', agencyCode: COMMUNE, at: at(27, '15:00') },
  { type: 'CompleteStep', stepId: 'sign', agencyCode: COMMUNE, at: at(28, '09:00'), resultSummary: 'Đã ký' },
  {
    type: 'HandOffStep',
    stepId: 'return-result',
    fromAgencyCode: COMMUNE,
    toAgencyCode: DESK,
    at: at(28, '09:30'),
    deadline: at(28, '17:00'),
  },
  { type: 'ReceiveStep', stepId: 'return-result', agencyCode: DESK, at: at(28, '09:45') },
  {
    type: 'CompleteStep',
    stepId: 'return-result',
    agencyCode: DESK,
    at: at(28, '10:00'),
    resultSummary: 'Kết quả tại bộ phận một cửa',
  },
  { type: 'MarkResultReady', deskUnitCode: DESK, at: at(28, '10:00') },
  { type: 'ReturnResult', channel: 'post', at: at(28, '15:00') },
  { type: 'RateSatisfaction', score: 4, at: at(28, '16:00') },
];

describe('timing facts come from the events alone', () => {
  const events = run(lifecycle);
  // What a projection or the statistics would read back from the store.
  const stored = JSON.parse(JSON.stringify(events)) as DossierEvent[];

  it('rebuilds the same state from the stored events as the decisions produced', () => {
    const live = lifecycle.reduce(
      (state, command) => decideDossier(command, state).reduce(evolveDossier, state),
      initialDossierState,
    );
    expect(foldDossier(stored)).toEqual(live);
    expect(foldDossier(stored).status).toBe('returned');
  });

  it('gives each handoff row of the control slip: who, when, and how the previous step ended', () => {
    const rows = stored
      .filter((e) => e.type === 'StepHandedOff')
      .map((e) => [e.data.stepId, e.data.fromAgencyCode, e.data.toAgencyCode, e.data.previousStepOutcome]);
    expect(rows).toEqual([
      ['appraise', COMMUNE, COMMUNE, null],
      ['police-check', COMMUNE, POLICE, 'on-time'],
      ['insurance', COMMUNE, INSURANCE, 'on-time'],
      ['sign', INSURANCE, COMMUNE, 'late'],
      ['return-result', COMMUNE, DESK, 'on-time'],
    ]);
  });

  it('gives each step’s outcome against its (moved) deadline and the agency responsible for a delay', () => {
    const state = foldDossier(stored);
    expect(Object.values(state.completedSteps).map((s) => [s.stepId, s.outcome])).toEqual([
      ['appraise', 'on-time'],
      ['police-check', 'on-time'],
      ['insurance', 'late'],
      ['sign', 'on-time'],
      ['return-result', 'on-time'],
    ]);
    expect(state.overdue).toEqual([
      { stepId: 'insurance', agencyCode: INSURANCE, deadline: at(27, '12:00'), detectedAt: at(27, '12:01') },
    ]);
  });

  it('gives the paused intervals, so working time used can be computed with the calendar', () => {
    expect(clockExclusions(foldDossier(stored), Date.parse(at(28, '10:00')))).toEqual([
      { from: Date.parse(at(24, '14:00')), to: Date.parse(at(25, '14:00')) },
    ]);
  });

  it('gives the result against the moved due date, and how it reached the applicant', () => {
    const state = foldDossier(stored);
    expect(state.dueAt).toBe(NEW_DUE);
    expect(state.result).toEqual({
      readyAt: at(28, '10:00'),
      outcome: 'early',
      outcomeAgainstAppointment: 'early',
      returnedAt: at(28, '15:00'),
      channel: 'post',
    });
    expect(state.satisfactionScore).toBe(4);
  });
});

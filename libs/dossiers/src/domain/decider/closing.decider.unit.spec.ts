import type { DossierCommand, StopProcessing } from '../dossier-commands';
import type { DossierEvent } from '@lien-thong/dossier-model';
import {
  COMMUNE,
  DESK,
  DUE_AT,
  POLICE,
  allStepsDone,
  appraising,
  at,
  parallel,
  received,
  refusedAtIntake,
  resultReady,
  resultReturned,
  stopped,
  supplementRequestedAtIntake,
  withdrawn,
} from '../../testing/dossier-fixtures';
import { given } from '../../testing/given-when-then';

const stopByApplicant: StopProcessing = {
  type: 'StopProcessing',
  reason: 'Người nộp đề nghị dừng',
  requester: { kind: 'applicant' },
  at: at(25, '09:00'),
};

const markReady: DossierCommand = { type: 'MarkResultReady', deskUnitCode: DESK, at: at(27, '11:00') };
const rate: DossierCommand = {
  type: 'RateSatisfaction',
  score: 5,
  comment: 'Nhanh, đúng hẹn',
  at: at(27, '16:00'),
};
const erase: DossierCommand = {
  type: 'EraseApplicantData',
  reason: 'Hết thời hạn lưu trữ',
  at: '2035-11-27T09:00:00+07:00',
};

/** One command of every kind a live dossier accepts: none may touch a closed one. */
const processingCommands: DossierCommand[] = [
  { type: 'Transfer', fromUnitCode: DESK, toAgencyCode: COMMUNE, at: at(25), dueBy: at(25, '17:00') },
  {
    type: 'HandOffStep',
    stepId: 'appraise',
    fromAgencyCode: COMMUNE,
    toAgencyCode: COMMUNE,
    at: at(25),
    deadline: at(26),
  },
  { type: 'ReceiveStep', stepId: 'appraise', agencyCode: COMMUNE, at: at(25) },
  { type: 'CompleteStep', stepId: 'appraise', agencyCode: COMMUNE, at: at(25), resultSummary: 'x' },
  {
    type: 'ReturnStep',
    stepId: 'police-check',
    agencyCode: POLICE,
    toStepId: 'appraise',
    reason: 'x',
    at: at(25),
    deadline: at(26),
  },
  {
    type: 'RequestSupplement',
    stepId: 'appraise',
    agencyCode: COMMUNE,
    items: [{ documentCode: null, action: 'add', description: 'x' }],
    reason: 'x',
    at: at(25),
    windowEndsAt: at(27),
  },
  { type: 'ReceiveSupplement', at: at(25), dueAt: at(28), stepDeadlines: [] },
  { type: 'StartExcludedPhase', phaseId: 'p', reason: 'x', at: at(25) },
  { type: 'EndExcludedPhase', phaseId: 'p', at: at(25), dueAt: at(28), stepDeadlines: [] },
  { type: 'MarkStepOverdue', stepId: 'appraise', detectedAt: at(26) },
  {
    type: 'IssueApology',
    agencyCode: COMMUNE,
    reason: 'x',
    newAppointmentAt: '2025-12-05T17:00:00+07:00',
    signedBy: 'h',
    signer: null,
    newAppointmentOnWorkingDay: true,
    at: at(25),
    noticeDueBy: at(27),
  },
  { type: 'Escalate', to: 'head', fromAgencyCode: null, reason: 'x', at: at(25) },
  stopByApplicant,
  { type: 'Withdraw', at: at(25) },
  markReady,
  { type: 'ReturnResult', channel: 'counter', at: at(27) },
];

describe('stop and withdrawal (form 05)', () => {
  it('stops at the applicant’s request', () => {
    const state = given(...parallel)
      .when(stopByApplicant)
      .then([stopped]);
    expect(state).toMatchObject({ status: 'stopped', activeSteps: {}, closedAt: at(25, '09:00') });
  });

  it('requires the legal ground when an agency stops the processing', () => {
    const byAgency: StopProcessing = {
      ...stopByApplicant,
      requester: { kind: 'agency', agencyCode: POLICE },
    };
    given(...parallel)
      .when(byAgency)
      .thenFails('DOSSIER_INVALID_COMMAND', 'validation');
    given(...parallel)
      .when({ ...byAgency, legalGround: 'Khoản 2 Điều 18 Nghị định 118/2025/NĐ-CP' })
      .thenEmits('ProcessingStopped', { requester: 'agency', requestingAgencyCode: POLICE });
  });

  it('records a withdrawal by the applicant, also before the transfer', () => {
    given(received)
      .when({ type: 'Withdraw', at: at(25, '09:00') })
      .then([withdrawn]);
  });

  it('closes the pauses still running when the dossier stops', () => {
    const phase: DossierEvent = {
      type: 'ExcludedPhaseStarted',
      data: { phaseId: 'pay', reason: 'x', startedAt: at(24, '15:00') },
    };
    const state = given(...appraising, phase)
      .when(stopByApplicant)
      .stateAfter();
    expect(state.clockStops).toEqual([
      { kind: 'excluded-phase', ref: 'pay', from: at(24, '15:00'), to: at(25, '09:00') },
    ]);
    expect(state.openExcludedPhase).toBeNull();
  });

  it('refuses to stop or withdraw once the result is at the desk', () => {
    given(...allStepsDone, resultReady)
      .when(stopByApplicant)
      .thenFails('DOSSIER_RESULT_ALREADY_READY', 'conflict');
    given(...allStepsDone, resultReady)
      .when({ type: 'Withdraw', at: at(27, '12:00') })
      .thenFails('DOSSIER_RESULT_ALREADY_READY');
  });
});

describe('result', () => {
  it('marks the result ready at the desk once every step is completed, early against the due date', () => {
    const state = given(...allStepsDone)
      .when(markReady)
      .then([resultReady]);
    expect(state.status).toBe('result-ready');
  });

  it('judges the result on time on the due day and late after it', () => {
    given(...allStepsDone)
      .when({ ...markReady, at: at(28, '10:00') })
      .thenEmits('ResultReady', { outcome: 'on-time', dueAt: DUE_AT });
    given(...allStepsDone)
      .when({ ...markReady, at: at(28, '17:01') })
      .thenEmits('ResultReady', { outcome: 'late' });
  });

  it('refuses a ready result while steps remain', () => {
    const error = given(...parallel)
      .when(markReady)
      .thenFails('DOSSIER_STEPS_UNFINISHED', 'conflict');
    expect(error.message).toContain('police-check, insurance, sign, return-result');
  });

  it('returns the result by the chosen channel, which closes the dossier', () => {
    const state = given(...allStepsDone, resultReady)
      .when({ type: 'ReturnResult', channel: 'counter', at: at(27, '15:00') })
      .then([resultReturned]);
    expect(state).toMatchObject({
      status: 'returned',
      result: { channel: 'counter', returnedAt: at(27, '15:00') },
    });
  });

  it('returns only a result that is ready', () => {
    given(...allStepsDone)
      .when({ type: 'ReturnResult', channel: 'post', at: at(27, '15:00') })
      .thenFails('DOSSIER_WRONG_STATUS', 'conflict');
  });
});

describe('closed dossiers', () => {
  const closings: [string, DossierEvent[]][] = [
    ['stopped', [...parallel, stopped]],
    ['withdrawn', [received, withdrawn]],
    ['returned (finished)', [...allStepsDone, resultReady, resultReturned]],
  ];

  it.each(closings)('lets nothing more happen to a %s dossier', (_label, history) => {
    for (const command of processingCommands)
      given(...history)
        .when(command)
        .thenFails('DOSSIER_CLOSED', 'conflict');
  });

  it.each([
    ['refused the dossier', refusedAtIntake],
    ['asked for a supplement', supplementRequestedAtIntake],
  ])('lets nothing be processed after an intake that %s', (_label, outcome) => {
    for (const command of processingCommands)
      given(outcome).when(command).thenFails('DOSSIER_NOT_ACCEPTED', 'conflict');
  });

  it('knows no dossier before its intake', () => {
    for (const command of [...processingCommands, rate, erase])
      given().when(command).thenFails('DOSSIER_NOT_FOUND', 'not-found');
  });
});

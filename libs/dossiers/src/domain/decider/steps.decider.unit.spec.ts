import type { CompleteStep, HandOffStep, ReturnStep, Transfer } from '../dossier-commands';
import {
  COMMUNE,
  DESK,
  INSURANCE,
  OTHER,
  POLICE,
  allStepsDone,
  appraising,
  at,
  completed,
  handedOff,
  parallel,
  received,
  receivedWith,
  routing,
  stepReceived,
  transferred,
} from '../../testing/dossier-fixtures';
import { given } from '../../testing/given-when-then';

const transfer: Transfer = {
  type: 'Transfer',
  fromUnitCode: DESK,
  toAgencyCode: COMMUNE,
  at: at(24, '09:00'),
  dueBy: at(24, '17:00'),
};

const handOffAppraise: HandOffStep = {
  type: 'HandOffStep',
  stepId: 'appraise',
  fromAgencyCode: COMMUNE,
  toAgencyCode: COMMUNE,
  at: at(24, '10:00'),
  deadline: at(25, '17:00'),
};

const complete = (stepId: string, agencyCode: string, when = at(25, '09:00')): CompleteStep => ({
  type: 'CompleteStep',
  stepId,
  agencyCode,
  at: when,
  resultSummary: 'Đã xử lý',
});

describe('transfer to the processing agency', () => {
  it('records the transfer and whether it met the same-day deadline', () => {
    given(received).when(transfer).then([transferred]);
    given(received)
      .when({ ...transfer, at: at(25, '08:00') })
      .thenEmits('DossierTransferred', { outcome: 'late' });
  });

  it('transfers a dossier only once', () => {
    given(received, transferred).when(transfer).thenFails('DOSSIER_WRONG_STATUS', 'conflict');
  });

  it('lets only the receiving desk transfer the dossier', () => {
    given(received)
      .when({ ...transfer, fromUnitCode: OTHER })
      .thenFails('DOSSIER_TRANSFER_FROM_WRONG_UNIT', 'forbidden');
  });
});

describe('handoffs', () => {
  it('hands a first step from the processing agency, with no previous step', () => {
    const state = given(received, transferred)
      .when(handOffAppraise)
      .then([handedOff('appraise', COMMUNE, COMMUNE)]);
    expect(state.activeSteps['appraise']).toMatchObject({ holderAgencyCode: COMMUNE, receivedAt: null });
  });

  it('lets the desk hand a first step over too, but no other agency', () => {
    given(received, transferred)
      .when({ ...handOffAppraise, fromAgencyCode: DESK })
      .thenEmits('StepHandedOff', { fromAgencyCode: DESK });
    given(received, transferred)
      .when({ ...handOffAppraise, fromAgencyCode: OTHER })
      .thenFails('DOSSIER_HANDOFF_FROM_WRONG_AGENCY', 'forbidden');
  });

  it('refuses a handoff before the dossier is transferred', () => {
    given(received).when(handOffAppraise).thenFails('DOSSIER_WRONG_STATUS');
  });

  it('refuses a step the routing does not have', () => {
    given(received, transferred)
      .when({ ...handOffAppraise, stepId: 'ghost' })
      .thenFails('DOSSIER_STEP_UNKNOWN', 'not-found');
  });

  it('refuses to hand a step to an agency that does not own it', () => {
    given(received, transferred)
      .when({ ...handOffAppraise, toAgencyCode: POLICE })
      .thenFails('DOSSIER_STEP_WRONG_OWNER', 'unprocessable');
  });

  it('refuses a step whose predecessors are not all completed (a join waits for every branch)', () => {
    given(...appraising)
      .when({ ...handOffAppraise, stepId: 'police-check', toAgencyCode: POLICE })
      .thenFails('DOSSIER_STEP_PREDECESSORS_PENDING');
    const policeDone = [...parallel, completed('police-check', POLICE, { at: at(26, '09:00') })];
    given(...policeDone)
      .when({
        ...handOffAppraise,
        stepId: 'sign',
        fromAgencyCode: POLICE,
        at: at(26, '10:00'),
        deadline: at(27, '17:00'),
      })
      .thenFails('DOSSIER_STEP_PREDECESSORS_PENDING');
    given(...policeDone, completed('insurance', INSURANCE, { at: at(26, '09:30') }))
      .when({
        ...handOffAppraise,
        stepId: 'sign',
        fromAgencyCode: POLICE,
        at: at(26, '10:00'),
        deadline: at(27, '17:00'),
      })
      .thenEmits('StepHandedOff', { stepId: 'sign', previousStepId: 'police-check' });
  });

  it('refuses to hand off a step that is already held', () => {
    given(...appraising)
      .when(handOffAppraise)
      .thenFails('DOSSIER_STEP_ALREADY_ACTIVE', 'conflict');
  });

  it('refuses to hand off a completed step again unless it was returned', () => {
    const done = [...appraising, completed('appraise', COMMUNE)];
    given(...done)
      .when(handOffAppraise)
      .thenFails('DOSSIER_STEP_ALREADY_COMPLETED', 'conflict');
  });

  it('records the outcome of the step it follows and refuses an agency that did not complete one', () => {
    const late = [...appraising, completed('appraise', COMMUNE, { at: at(26, '09:00'), outcome: 'late' })];
    const handOffPolice: HandOffStep = {
      ...handOffAppraise,
      stepId: 'police-check',
      toAgencyCode: POLICE,
      at: at(26, '10:00'),
      deadline: at(27, '17:00'),
    };
    given(...late)
      .when(handOffPolice)
      .thenEmits('StepHandedOff', { previousStepId: 'appraise', previousStepOutcome: 'late' });
    given(...late)
      .when({ ...handOffPolice, fromAgencyCode: INSURANCE })
      .thenFails('DOSSIER_HANDOFF_FROM_WRONG_AGENCY');
  });

  it('refuses a deadline that is not after the handoff', () => {
    given(received, transferred)
      .when({ ...handOffAppraise, deadline: handOffAppraise.at })
      .thenFails('DOSSIER_INVALID_COMMAND', 'validation');
  });

  it('keeps parallel steps held by different agencies at once', () => {
    const state = given(...parallel).state;
    expect(Object.values(state.activeSteps).map((s) => [s.stepId, s.holderAgencyCode])).toEqual([
      ['police-check', POLICE],
      ['insurance', INSURANCE],
    ]);
  });
});

describe('receiving, completing and returning a step', () => {
  it('lets only the holder acknowledge a step, once (a repeat records nothing)', () => {
    const handed = [received, transferred, handedOff('appraise', COMMUNE, COMMUNE)];
    given(...handed)
      .when({ type: 'ReceiveStep', stepId: 'appraise', agencyCode: COMMUNE, at: at(24, '10:30') })
      .then([stepReceived('appraise', COMMUNE)]);
    given(...handed)
      .when({ type: 'ReceiveStep', stepId: 'appraise', agencyCode: POLICE, at: at(24, '10:30') })
      .thenFails('DOSSIER_STEP_NOT_HELD', 'forbidden');
    given(...appraising)
      .when({ type: 'ReceiveStep', stepId: 'appraise', agencyCode: COMMUNE, at: at(24, '11:00') })
      .thenNothing();
  });

  it('lets only the holder complete a step', () => {
    given(...parallel)
      .when(complete('police-check', INSURANCE, at(26, '09:00')))
      .thenFails('DOSSIER_STEP_NOT_HELD', 'forbidden');
    given(...parallel)
      .when(complete('police-check', POLICE, at(26, '09:00')))
      .thenEmits('StepCompleted', { stepId: 'police-check', agencyCode: POLICE });
  });

  it('refuses to complete a step its holder has not acknowledged', () => {
    given(received, transferred, handedOff('appraise', COMMUNE, COMMUNE))
      .when(complete('appraise', COMMUNE))
      .thenFails('DOSSIER_STEP_NOT_RECEIVED', 'conflict');
  });

  it('refuses to complete a step that is not running', () => {
    given(...appraising)
      .when(complete('police-check', POLICE))
      .thenFails('DOSSIER_STEP_NOT_ACTIVE');
  });

  it('judges a completion early, on time or late against the step deadline', () => {
    given(...appraising)
      .when(complete('appraise', COMMUNE, at(24, '16:00')))
      .thenEmits('StepCompleted', { outcome: 'early' });
    given(...appraising)
      .when(complete('appraise', COMMUNE, at(25, '16:59')))
      .thenEmits('StepCompleted', { outcome: 'on-time' });
    given(...appraising)
      .when(complete('appraise', COMMUNE, at(25, '17:01')))
      .thenEmits('StepCompleted', {
        outcome: 'late',
        deadline: at(25, '17:00'),
      });
  });

  describe('a step excluded from the limit (excludedFromLimit: the applicant paying land tax)', () => {
    const excludingAppraise = receivedWith({
      steps: routing.steps.map((s) => (s.id === 'appraise' ? { ...s, excludedFromLimit: true } : s)),
    });
    const appraisingExcluded = [excludingAppraise, ...appraising.slice(1)];
    const handOffPolice: HandOffStep = {
      ...handOffAppraise,
      stepId: 'police-check',
      toAgencyCode: POLICE,
      at: at(26, '10:00'),
      deadline: at(27, '17:00'),
    };

    it('records that its completion is not judged against the limit, keeping the outcome against its own period', () => {
      const events = given(...appraisingExcluded)
        .when(complete('appraise', COMMUNE, at(26, '09:00')))
        .events();
      expect(events).toEqual([
        {
          type: 'StepCompleted',
          data: {
            stepId: 'appraise',
            agencyCode: COMMUNE,
            completedAt: at(26, '09:00'),
            deadline: at(25, '17:00'),
            outcome: 'late',
            excludedFromLimit: true,
            resultSummary: 'Đã xử lý',
            attachments: [],
          },
        },
      ]);
      given(...appraisingExcluded)
        .when(complete('appraise', COMMUNE, at(25, '09:00')))
        .thenEmits('StepCompleted', { outcome: 'on-time', excludedFromLimit: true });
    });

    it('leaves the flag out of every other completion, so their shape is unchanged', () => {
      const [event] = given(...appraising)
        .when(complete('appraise', COMMUNE, at(26, '09:00')))
        .events();
      expect(event?.data).toMatchObject({ outcome: 'late' });
      expect(event?.data).not.toHaveProperty('excludedFromLimit');
    });

    it('hands the next step on with no outcome for it: nobody is late for the applicant’s time', () => {
      const done = given(...appraisingExcluded)
        .when(complete('appraise', COMMUNE, at(26, '09:00')))
        .events();
      given(...appraisingExcluded, ...done)
        .when(handOffPolice)
        .thenEmits('StepHandedOff', { previousStepId: 'appraise', previousStepOutcome: null });
    });

    it('reads a completion recorded before the flag existed the same way, from the routing', () => {
      const recordedEarlier = completed('appraise', COMMUNE, { at: at(26, '09:00'), outcome: 'late' });
      const state = given(...appraisingExcluded, recordedEarlier)
        .when(handOffPolice)
        .thenEmits('StepHandedOff', { previousStepId: 'appraise', previousStepOutcome: null });
      expect(state.completedSteps['appraise']).toMatchObject({ outcome: 'late', excludedFromLimit: true });
    });
  });

  const returnSign: ReturnStep = {
    type: 'ReturnStep',
    stepId: 'sign',
    agencyCode: COMMUNE,
    toStepId: 'police-check',
    reason: 'Thông tin cư trú chưa khớp',
    at: at(27, '09:00'),
    deadline: at(28, '12:00'),
  };
  const signing = allStepsDone.slice(0, allStepsDone.length - 4);

  it('hands a step back to an allowed earlier step, which runs again with its former holder', () => {
    const state = given(...signing)
      .when(returnSign)
      .then([
        {
          type: 'StepReturned',
          data: {
            stepId: 'sign',
            fromAgencyCode: COMMUNE,
            toStepId: 'police-check',
            toAgencyCode: POLICE,
            returnedAt: at(27, '09:00'),
            reason: 'Thông tin cư trú chưa khớp',
            deadline: at(28, '12:00'),
            reset: ['sign'],
          },
        },
      ]);
    expect(state.activeSteps['police-check']).toMatchObject({ holderAgencyCode: POLICE, receivedAt: null });
    expect(state.activeSteps['sign']).toBeUndefined();
    expect(state.completedSteps['police-check']).toBeUndefined();
    expect(state.completedSteps['insurance']).toBeDefined();
  });

  it('sets back every completed step after the reopened one, so each can be handed off again', () => {
    const state = given(...signing)
      .when({ ...returnSign, toStepId: 'appraise' })
      .thenEmits('StepReturned', { toAgencyCode: COMMUNE, reset: ['sign', 'police-check', 'insurance'] });
    expect(Object.keys(state.completedSteps)).toEqual([]);
    given(
      ...signing,
      ...given(...signing)
        .when({ ...returnSign, toStepId: 'appraise' })
        .events(),
      stepReceived('appraise', COMMUNE, at(27, '10:00')),
      completed('appraise', COMMUNE, { at: at(27, '11:00'), deadline: at(28, '12:00') }),
    )
      .when({
        ...handOffAppraise,
        stepId: 'police-check',
        toAgencyCode: POLICE,
        at: at(27, '11:30'),
        deadline: at(28, '17:00'),
      })
      .thenEmits('StepHandedOff', { stepId: 'police-check', previousStepId: 'appraise' });
  });

  it('refuses a return to a step outside the allowed list, or not completed', () => {
    given(...signing)
      .when({ ...returnSign, toStepId: 'insurance' })
      .thenFails('DOSSIER_RETURN_TARGET_INVALID', 'unprocessable');
    given(...parallel)
      .when({ ...returnSign, stepId: 'police-check', agencyCode: POLICE, toStepId: 'appraise' })
      .thenEmits('StepReturned', { toStepId: 'appraise' });
    given(...parallel)
      .when({ ...returnSign, stepId: 'insurance', agencyCode: INSURANCE, toStepId: 'appraise' })
      .thenFails('DOSSIER_RETURN_TARGET_INVALID');
    const insuranceMayReturnToPolice = receivedWith({
      steps: routing.steps.map((s) => (s.id === 'insurance' ? { ...s, canReturnTo: ['police-check'] } : s)),
    });
    given(insuranceMayReturnToPolice, ...parallel.slice(1))
      .when({ ...returnSign, stepId: 'insurance', agencyCode: INSURANCE, toStepId: 'police-check' })
      .thenFails('DOSSIER_RETURN_TARGET_INVALID');
  });

  it('lets only the holder hand a step back', () => {
    given(...signing)
      .when({ ...returnSign, agencyCode: POLICE })
      .thenFails('DOSSIER_STEP_NOT_HELD', 'forbidden');
  });
});

import { assertPhaseIdForPeople } from './clock.decider';
import type {
  CompleteStep,
  EndExcludedPhase,
  ReceiveSupplement,
  RequestSupplement,
  StartExcludedPhase,
} from '../dossier-commands';
import type { DossierEvent } from '@lien-thong/dossier-model';
import { clockExclusions } from '@lien-thong/dossier-model';
import {
  COMMUNE,
  DESK,
  DUE_AT,
  INSURANCE,
  POLICE,
  allStepsDone,
  appraising,
  at,
  handedOff,
  parallel,
  receivedWith,
  supplementRequested,
  transferred,
} from '../../testing/dossier-fixtures';
import { given } from '../../testing/given-when-then';

const request: RequestSupplement = {
  type: 'RequestSupplement',
  stepId: 'appraise',
  agencyCode: COMMUNE,
  items: [{ documentCode: null, action: 'correct', description: 'Sửa ngày sinh trên tờ khai' }],
  reason: 'Thông tin không khớp',
  at: at(24, '14:00'),
  windowEndsAt: at(27, '10:30'),
};

const resume: ReceiveSupplement = {
  type: 'ReceiveSupplement',
  at: at(26, '09:00'),
  dueAt: '2025-12-02T17:00:00+07:00',
  stepDeadlines: [{ stepId: 'appraise', deadline: at(27, '11:00') }],
};

const supplementReceived = (
  change: Partial<Extract<DossierEvent, { type: 'SupplementReceived' }>['data']> = {},
): DossierEvent => ({
  type: 'SupplementReceived',
  data: {
    stepId: 'appraise',
    requestedAt: at(24, '14:00'),
    receivedAt: at(26, '09:00'),
    policy: 'pause',
    dueAt: resume.dueAt,
    appointmentAt: resume.dueAt,
    stepDeadlines: [{ stepId: 'appraise', deadline: at(27, '11:00') }],
    ...change,
  },
});

const complete: CompleteStep = {
  type: 'CompleteStep',
  stepId: 'appraise',
  agencyCode: COMMUNE,
  at: at(25, '09:00'),
  resultSummary: 'Đã thẩm định',
};

describe('supplement during processing', () => {
  it('lets the holder ask for a supplement within the window, pausing the clock', () => {
    const state = given(...appraising)
      .when(request)
      .then([supplementRequested]);
    expect(state.openSupplement).toEqual({
      stepId: 'appraise',
      agencyCode: COMMUNE,
      requestedAt: at(24, '14:00'),
    });
    expect(state.clockStops).toEqual([
      { kind: 'supplement', ref: 'appraise', from: at(24, '14:00'), to: null },
    ]);
  });

  it('refuses a supplement request from an agency that does not hold the step', () => {
    given(...appraising)
      .when({ ...request, agencyCode: POLICE })
      .thenFails('DOSSIER_STEP_NOT_HELD', 'forbidden');
  });

  it('refuses a supplement request before the holder acknowledged the step', () => {
    given(...appraising.slice(0, 3))
      .when(request)
      .thenFails('DOSSIER_STEP_NOT_RECEIVED');
  });

  it('refuses a supplement request after the 3-working-day window', () => {
    given(...appraising)
      .when({ ...request, at: at(27, '10:31') })
      .thenFails('DOSSIER_SUPPLEMENT_WINDOW_PASSED', 'unprocessable');
    given(...appraising)
      .when({ ...request, at: at(27, '10:30') })
      .thenEmits('SupplementRequested');
  });

  it('pauses only once at a time, whichever agency asks', () => {
    given(...appraising, supplementRequested)
      .when(request)
      .thenFails('DOSSIER_SUPPLEMENT_ALREADY_OPEN', 'conflict');
    const policeAsks = { ...request, stepId: 'police-check', agencyCode: POLICE, at: at(25, '11:00') };
    given(...parallel)
      .when(policeAsks)
      .thenEmits('SupplementRequested');
    given(...parallel, {
      ...supplementRequested,
      data: { ...supplementRequested.data, stepId: 'insurance', agencyCode: INSURANCE },
    } as DossierEvent)
      .when(policeAsks)
      .thenFails('DOSSIER_SUPPLEMENT_ALREADY_OPEN');
  });

  it('keeps the requesting step from completing or handing back until the supplement arrives', () => {
    given(...appraising, supplementRequested)
      .when(complete)
      .thenFails('DOSSIER_AWAITING_SUPPLEMENT', 'conflict');
    given(...appraising, supplementRequested, supplementReceived())
      .when(complete)
      .thenEmits('StepCompleted');
    const policeWaits = {
      ...supplementRequested,
      data: {
        ...supplementRequested.data,
        stepId: 'police-check',
        agencyCode: POLICE,
        requestedAt: at(25, '11:00'),
      },
    } as DossierEvent;
    const handBack = {
      type: 'ReturnStep',
      stepId: 'police-check',
      agencyCode: POLICE,
      toStepId: 'appraise',
      reason: 'Cần thẩm định lại',
      at: at(26, '09:00'),
      deadline: at(27, '17:00'),
    } as const;
    given(...parallel, policeWaits)
      .when(handBack)
      .thenFails('DOSSIER_AWAITING_SUPPLEMENT');
    given(...parallel)
      .when(handBack)
      .thenEmits('StepReturned');
  });

  it('lets the other parallel steps go on while one waits for a supplement', () => {
    const insuranceWaits: DossierEvent = {
      ...supplementRequested,
      data: {
        ...supplementRequested.data,
        stepId: 'insurance',
        agencyCode: INSURANCE,
        requestedAt: at(25, '11:00'),
      },
    } as DossierEvent;
    given(...parallel, insuranceWaits)
      .when({ ...complete, stepId: 'police-check', agencyCode: POLICE, at: at(26, '09:00') })
      .thenEmits('StepCompleted', { stepId: 'police-check' });
  });

  it('refuses a supplement receipt when none is awaited', () => {
    given(...appraising)
      .when(resume)
      .thenFails('DOSSIER_NO_OPEN_SUPPLEMENT', 'conflict');
  });

  it('resumes a paused clock: time used before still counts, deadlines move', () => {
    const state = given(...appraising, supplementRequested)
      .when(resume)
      .then([supplementReceived()]);
    expect(state.clockStartedAt).toBe(at(24, '08:00'));
    expect(state.dueAt).toBe(resume.dueAt);
    expect(state.activeSteps['appraise']?.deadline).toBe(at(27, '11:00'));
    expect(state.clockStops).toEqual([
      { kind: 'supplement', ref: 'appraise', from: at(24, '14:00'), to: at(26, '09:00') },
    ]);
  });

  it('restarts the clock from the complete dossier when the procedure says so', () => {
    const restartHistory = [
      receivedWith({ supplementPolicy: 'restart' }),
      ...appraising.slice(1),
      supplementRequested,
    ];
    const state = given(...restartHistory)
      .when(resume)
      .then([supplementReceived({ policy: 'restart' })]);
    expect(state.clockStartedAt).toBe(at(26, '09:00'));
    expect(clockExclusions(state, Date.parse(at(28)))).toEqual([]);
  });

  it('wants a new deadline for every active step and only those', () => {
    const error = given(...appraising, supplementRequested)
      .when({ ...resume, stepDeadlines: [{ stepId: 'sign', deadline: at(27) }] })
      .thenFails('DOSSIER_STEP_DEADLINES_MISMATCH', 'validation');
    expect(error.problems?.map((p) => p.code)).toEqual(['NOT_ACTIVE', 'MISSING']);
  });

  it('keeps a re-set appointment when the clock resumes, else the appointment follows the due date', () => {
    const apology: DossierEvent = {
      type: 'ApologyIssued',
      data: {
        responsibleAgencyCode: COMMUNE,
        reason: 'Chờ xác minh',
        originalDueAt: DUE_AT,
        previousAppointmentAt: DUE_AT,
        newAppointmentAt: '2025-12-03T17:00:00+07:00',
        issuedAt: at(24, '13:00'),
        signedBy: 'head-1',
        noticeDueBy: at(27, '17:00'),
        withinNoticePeriod: true,
        reappointment: 1,
      },
    };
    given(...appraising, apology, supplementRequested)
      .when(resume)
      .thenEmits('SupplementReceived', { dueAt: resume.dueAt, appointmentAt: '2025-12-03T17:00:00+07:00' });
    given(...appraising, supplementRequested)
      .when(resume)
      .thenEmits('SupplementReceived', { appointmentAt: resume.dueAt });
  });
});

describe('excluded phases', () => {
  const start: StartExcludedPhase = {
    type: 'StartExcludedPhase',
    phaseId: 'applicant-pays',
    reason: 'Người sử dụng đất nộp nghĩa vụ tài chính',
    at: at(25, '09:00'),
  };
  const end: EndExcludedPhase = {
    type: 'EndExcludedPhase',
    phaseId: 'applicant-pays',
    at: at(26, '15:00'),
    dueAt: '2025-12-01T17:00:00+07:00',
    stepDeadlines: [{ stepId: 'appraise', deadline: at(27, '11:00') }],
  };
  const started: DossierEvent = {
    type: 'ExcludedPhaseStarted',
    data: { phaseId: 'applicant-pays', reason: start.reason, startedAt: at(25, '09:00') },
  };

  it('records the start and the end of a phase that does not count, moving the deadlines', () => {
    given(...appraising)
      .when(start)
      .then([started]);
    const state = given(...appraising, started)
      .when(end)
      .then([
        {
          type: 'ExcludedPhaseEnded',
          data: {
            phaseId: 'applicant-pays',
            startedAt: at(25, '09:00'),
            endedAt: at(26, '15:00'),
            dueAt: '2025-12-01T17:00:00+07:00',
            appointmentAt: '2025-12-01T17:00:00+07:00',
            stepDeadlines: [{ stepId: 'appraise', deadline: at(27, '11:00') }],
          },
        },
      ]);
    expect(clockExclusions(state, Date.parse(at(28)))).toEqual([
      { from: Date.parse(at(25, '09:00')), to: Date.parse(at(26, '15:00')) },
    ]);
  });

  it('runs one excluded phase at a time', () => {
    given(...appraising, started)
      .when(start)
      .thenFails('DOSSIER_EXCLUDED_PHASE_OPEN', 'conflict');
  });

  it('ends only the phase that is running', () => {
    given(...appraising)
      .when(end)
      .thenFails('DOSSIER_EXCLUDED_PHASE_NOT_OPEN', 'conflict');
    given(...appraising, started)
      .when({ ...end, phaseId: 'other' })
      .thenFails('DOSSIER_EXCLUDED_PHASE_NOT_OPEN');
  });

  it('does not mark the result ready while a phase is running', () => {
    const phaseDuringReturn: DossierEvent = {
      ...started,
      data: { ...started.data, startedAt: at(27, '10:00') },
    };
    given(...allStepsDone, phaseDuringReturn)
      .when({ type: 'MarkResultReady', deskUnitCode: DESK, at: at(27, '11:00') })
      .thenFails('DOSSIER_EXCLUDED_PHASE_OPEN');
  });

  it('cuts a running pause at the given instant when listing exclusions', () => {
    const state = given(...appraising, started).state;
    expect(clockExclusions(state, Date.parse(at(25, '10:00')))).toEqual([
      { from: Date.parse(at(25, '09:00')), to: Date.parse(at(25, '10:00')) },
    ]);
  });

  it('needs a transferred dossier', () => {
    given(appraising[0]!).when(start).thenFails('DOSSIER_WRONG_STATUS');
    given(appraising[0]!, transferred, handedOff('appraise', COMMUNE, COMMUNE))
      .when(start)
      .thenEmits('ExcludedPhaseStarted');
  });
});

describe("the coordinator's phases", () => {
  it('are never opened or ended by a person: ids starting with step: are refused with 422, others pass', () => {
    expect(() => assertPhaseIdForPeople('step:pay-tax')).toThrow(
      expect.objectContaining({ code: 'DOSSIER_EXCLUDED_PHASE_RESERVED', kind: 'unprocessable' }),
    );
    expect(() => assertPhaseIdForPeople('nop-thue')).not.toThrow();
    expect(() => assertPhaseIdForPeople('steps-later')).not.toThrow();
  });
});

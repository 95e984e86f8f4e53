import type {
  RecomputeDeadlines,
  RequestApology,
  SendStepReminder,
  WarnStepLateness,
} from '../dossier-commands';
import type { DossierEvent } from '@lien-thong/dossier-model';
import {
  COMMUNE,
  DUE_AT,
  INSURANCE,
  OTHER,
  POLICE,
  allStepsDone,
  appraising,
  at,
  parallel,
  receivedWith,
  supplementRequested,
  transferred,
  handedOff,
  stepReceived,
} from '../../testing/dossier-fixtures';
import { given } from '../../testing/given-when-then';
import { foldDossier } from '@lien-thong/dossier-model';

const remind: SendStepReminder = {
  type: 'SendStepReminder',
  stepId: 'appraise',
  deadline: at(25, '17:00'),
  budgetShare: 0.8,
  at: at(25, '15:00'),
};

const reminded: DossierEvent = {
  type: 'StepReminderSent',
  data: {
    stepId: 'appraise',
    agencyCode: COMMUNE,
    deadline: at(25, '17:00'),
    budgetShare: 0.8,
    remindedAt: at(25, '15:00'),
  },
};

const appraiseOverdue: DossierEvent = {
  type: 'StepOverdue',
  data: {
    stepId: 'appraise',
    responsibleAgencyCode: COMMUNE,
    deadline: at(25, '17:00'),
    detectedAt: at(25, '17:01'),
  },
};

describe('step reminders (nhắc hạn)', () => {
  it('records a reminder to the agency holding the step, about its current deadline', () => {
    given(...appraising)
      .when(remind)
      .then([reminded]);
  });

  it('records one reminder per deadline: a retried round records nothing', () => {
    given(...appraising, reminded)
      .when({ ...remind, at: at(25, '15:05') })
      .thenNothing();
  });

  it('reminds again once a pause has moved the deadline', () => {
    const resumed: DossierEvent = {
      type: 'SupplementReceived',
      data: {
        stepId: 'appraise',
        requestedAt: at(24, '14:00'),
        receivedAt: at(26, '09:00'),
        policy: 'pause',
        dueAt: '2025-12-01T17:00:00+07:00',
        appointmentAt: '2025-12-01T17:00:00+07:00',
        stepDeadlines: [{ stepId: 'appraise', deadline: at(27, '17:00') }],
      },
    };
    given(...appraising, reminded, supplementRequested, resumed)
      .when({ ...remind, deadline: at(27, '17:00'), at: at(27, '15:00') })
      .then([
        {
          type: 'StepReminderSent',
          data: { ...reminded.data, deadline: at(27, '17:00'), remindedAt: at(27, '15:00') },
        },
      ]);
  });

  it('refuses a reminder about a deadline the step no longer has', () => {
    given(...appraising)
      .when({ ...remind, deadline: at(26, '17:00') })
      .thenFails('DOSSIER_STEP_DEADLINE_MOVED', 'conflict');
  });

  it('refuses a reminder once the step is overdue, and for a step nobody holds', () => {
    given(...appraising, appraiseOverdue)
      .when(remind)
      .thenFails('DOSSIER_STEP_ALREADY_OVERDUE', 'conflict');
    given(...parallel)
      .when(remind)
      .thenFails('DOSSIER_STEP_NOT_ACTIVE', 'conflict');
  });

  it('refuses a budget share outside (0, 1), naming the field', () => {
    expect(
      given(...appraising)
        .when({ ...remind, budgetShare: 1.5 })
        .thenFails('DOSSIER_INVALID_COMMAND', 'validation')
        .problems?.map((x) => x.path),
    ).toEqual(['budgetShare']);
  });
});

const askForApology: RequestApology = {
  type: 'RequestApology',
  agencyCodes: [COMMUNE],
  at: at(26, '09:00'),
  respondBy: at(27, '17:00'),
};

const apologyRequested: DossierEvent = {
  type: 'ApologyRequested',
  data: {
    agencyCodes: [COMMUNE],
    reason: 'step-overdue',
    dueAt: DUE_AT,
    appointmentAt: DUE_AT,
    respondBy: at(27, '17:00'),
    requestedAt: at(26, '09:00'),
  },
};

describe('apology requests (đề nghị xin lỗi, mẫu 04)', () => {
  it('asks the agency that let a step run late, before the due date', () => {
    given(...appraising, appraiseOverdue)
      .when(askForApology)
      .then([apologyRequested]);
  });

  it('asks the holders of the steps in progress when nothing is overdue yet', () => {
    given(...parallel)
      .when({ ...askForApology, agencyCodes: [POLICE, INSURANCE, POLICE] })
      .then([
        {
          type: 'ApologyRequested',
          data: {
            ...apologyRequested.data,
            agencyCodes: [POLICE, INSURANCE],
            reason: 'due-date-approaching',
          },
        },
      ]);
  });

  it('asks once per due date', () => {
    given(...appraising, appraiseOverdue, apologyRequested)
      .when({ ...askForApology, at: at(26, '10:00') })
      .thenNothing();
  });

  it('refuses to ask an agency that has nothing to do with the dossier', () => {
    given(...appraising)
      .when({ ...askForApology, agencyCodes: [OTHER] })
      .thenFails('DOSSIER_APOLOGY_AGENCY_NOT_RESPONSIBLE', 'forbidden');
  });

  it('refuses to ask once the re-appointment allowance is used up (escalation comes instead)', () => {
    given(receivedWith({ maxReappointments: 0 }), transferred, handedOff('appraise', COMMUNE, COMMUNE))
      .when(askForApology)
      .thenFails('DOSSIER_REAPPOINTMENT_LIMIT_REACHED', 'unprocessable');
  });

  it('refuses without an agency, naming the field', () => {
    expect(
      given(...appraising)
        .when({ ...askForApology, agencyCodes: [] })
        .thenFails('DOSSIER_INVALID_COMMAND', 'validation')
        .problems?.map((x) => x.path),
    ).toEqual(['agencyCodes']);
  });
});

const NEW_DUE = '2025-12-01T17:00:00+07:00';
const recompute: RecomputeDeadlines = {
  type: 'RecomputeDeadlines',
  cause: { kind: 'calendar-decision', year: 2025, document: 'Thông báo 1/TB-BNV' },
  at: at(24, '16:00'),
  dueAt: NEW_DUE,
  stepDeadlines: [{ stepId: 'appraise', deadline: at(26, '17:00') }],
};

describe('deadlines counted again after a holiday decision', () => {
  it('records what moved: the due date, the appointment that follows it, the step deadline', () => {
    given(...appraising)
      .when(recompute)
      .then([
        {
          type: 'DeadlinesRecomputed',
          data: {
            cause: recompute.cause,
            recomputedAt: at(24, '16:00'),
            dueAt: { from: DUE_AT, to: NEW_DUE },
            appointmentAt: { from: DUE_AT, to: NEW_DUE },
            steps: [{ stepId: 'appraise', from: at(25, '17:00'), to: at(26, '17:00') }],
          },
        },
      ]);
  });

  it('records nothing when the new calendar moves nothing (the same instant in another offset included)', () => {
    given(...appraising)
      .when({
        ...recompute,
        dueAt: '2025-11-28T10:00:00Z',
        stepDeadlines: [{ stepId: 'appraise', deadline: '2025-11-25T10:00:00Z' }],
      })
      .thenNothing();
  });

  it('keeps the appointment an apology re-set, and moves only the due date', () => {
    const NEW_APPOINTMENT = '2025-12-03T17:00:00+07:00';
    const apology: DossierEvent = {
      type: 'ApologyIssued',
      data: {
        responsibleAgencyCode: COMMUNE,
        reason: 'Chờ xác minh',
        originalDueAt: DUE_AT,
        previousAppointmentAt: DUE_AT,
        newAppointmentAt: NEW_APPOINTMENT,
        issuedAt: at(24, '15:00'),
        signedBy: 'head',
        noticeDueBy: at(27, '17:00'),
        withinNoticePeriod: true,
        reappointment: 1,
      },
    };
    const then = given(...appraising, apology).when({ ...recompute, stepDeadlines: [] as never });
    then.thenFails('DOSSIER_STEP_DEADLINES_MISMATCH', 'validation');
    given(...appraising, apology)
      .when({ ...recompute, stepDeadlines: [{ stepId: 'appraise', deadline: at(25, '17:00') }] })
      .then([
        {
          type: 'DeadlinesRecomputed',
          data: {
            cause: recompute.cause,
            recomputedAt: at(24, '16:00'),
            dueAt: { from: DUE_AT, to: NEW_DUE },
            appointmentAt: null,
            steps: [],
          },
        },
      ]);
  });

  it('moves the recorded deadlines and clears the reminder and overdue marks of the moved steps', () => {
    const state = foldDossier([
      ...appraising,
      reminded,
      {
        type: 'DeadlinesRecomputed',
        data: {
          cause: recompute.cause,
          recomputedAt: at(24, '16:00'),
          dueAt: { from: DUE_AT, to: NEW_DUE },
          appointmentAt: { from: DUE_AT, to: NEW_DUE },
          steps: [{ stepId: 'appraise', from: at(25, '17:00'), to: at(26, '17:00') }],
        },
      },
    ]);
    expect(state.dueAt).toBe(NEW_DUE);
    expect(state.appointmentAt).toBe(NEW_DUE);
    expect(state.activeSteps['appraise']).toMatchObject({ deadline: at(26, '17:00'), remindedAt: null });
  });

  it('leaves a paused dossier alone (its deadlines are counted when the clock resumes) and closed ones', () => {
    given(...appraising, supplementRequested)
      .when(recompute)
      .thenFails('DOSSIER_CLOCK_PAUSED', 'conflict');
    given(...allStepsDone, {
      type: 'ResultReady',
      data: {
        readyAt: at(26, '09:00'),
        deskUnitCode: COMMUNE,
        dueAt: DUE_AT,
        appointmentAt: DUE_AT,
        outcome: 'early',
        outcomeAgainstAppointment: 'early',
      },
    })
      .when({ ...recompute, stepDeadlines: [] })
      .thenFails('DOSSIER_RESULT_ALREADY_READY', 'conflict');
  });

  it('refuses an unknown cause, naming the field', () => {
    expect(
      given(...appraising)
        .when({ ...recompute, cause: { kind: 'whim' } as never })
        .thenFails('DOSSIER_INVALID_COMMAND', 'validation')
        .problems?.map((x) => x.path),
    ).toEqual(['cause.kind']);
  });
});

it('the fixtures used here are a processing dossier (guards the scenario)', () => {
  expect(foldDossier([...appraising, stepReceived('appraise', COMMUNE)]).status).toBe('in-processing');
});

describe('lateness warnings (cảnh báo nguy cơ trễ hạn)', () => {
  const warn: WarnStepLateness = {
    type: 'WarnStepLateness',
    stepId: 'appraise',
    handedOffAt: '2025-11-24T03:00:00.000Z',
    probability: 0.81234,
    threshold: 0.6,
    basis: { visits: 40, load: 1.234, pace: 1.456, usedShare: 0.256 },
    at: at(24, '13:00'),
  };
  const warned: DossierEvent = {
    type: 'StepLatenessWarned',
    data: {
      stepId: 'appraise',
      agencyCode: COMMUNE,
      deadline: at(25, '17:00'),
      probability: 0.8123,
      threshold: 0.6,
      basis: { visits: 40, load: 1.23, pace: 1.46, usedShare: 0.26 },
      warnedAt: at(24, '13:00'),
    },
  };

  it('warns the agency holding the step (the handoff named by its instant), once per visit', () => {
    given(...appraising)
      .when(warn)
      .then([warned]);
    given(...appraising, warned)
      .when({ ...warn, at: at(24, '13:05') })
      .thenNothing();
    expect(foldDossier([...appraising, warned]).activeSteps.appraise!.latenessWarning).toEqual({
      probability: 0.8123,
      warnedAt: at(24, '13:00'),
    });
  });

  it('refuses a warning about another handoff, an overdue step, a paused clock, or below the threshold', () => {
    given(...appraising)
      .when({ ...warn, handedOffAt: at(24, '11:00') })
      .thenFails('DOSSIER_STEP_HANDED_OFF_AGAIN', 'conflict');
    given(...appraising, appraiseOverdue)
      .when(warn)
      .thenFails('DOSSIER_STEP_ALREADY_OVERDUE', 'conflict');
    given(...appraising, supplementRequested)
      .when(warn)
      .thenFails('DOSSIER_CLOCK_PAUSED', 'conflict');
    expect(
      given(...appraising)
        .when({ ...warn, probability: 0.5, basis: { visits: -1, load: 1, pace: 1, usedShare: 0 } })
        .thenFails('DOSSIER_INVALID_COMMAND', 'validation')
        .problems?.map((x) => x.path),
    ).toEqual(['basis.visits', 'probability']);
  });
});

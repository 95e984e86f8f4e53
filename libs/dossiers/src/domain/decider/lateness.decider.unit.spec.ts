import type { Escalate, IssueApology, MarkStepOverdue } from '../dossier-commands';
import type { DossierEvent } from '@lien-thong/dossier-model';
import {
  COMMUNE,
  DESK,
  DUE_AT,
  OTHER,
  POLICE,
  allStepsDone,
  appraising,
  at,
  completed,
  handedOff,
  parallel,
  receivedWith,
  routing,
  supplementRequested,
} from '../../testing/dossier-fixtures';
import { given } from '../../testing/given-when-then';

const overdueCheck: MarkStepOverdue = {
  type: 'MarkStepOverdue',
  stepId: 'appraise',
  detectedAt: at(25, '17:01'),
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

const NEW_APPOINTMENT = '2025-12-03T17:00:00+07:00';

const apologise: IssueApology = {
  type: 'IssueApology',
  agencyCode: COMMUNE,
  reason: 'Chờ kết quả xác minh',
  newAppointmentAt: NEW_APPOINTMENT,
  signedBy: 'head-commune',
  signer: { name: 'Lê Văn Cường', title: 'Chủ tịch UBND phường' },
  newAppointmentOnWorkingDay: true,
  at: at(26, '16:00'),
  noticeDueBy: at(27, '17:00'),
};

const apologyIssued: DossierEvent = {
  type: 'ApologyIssued',
  data: {
    responsibleAgencyCode: COMMUNE,
    reason: 'Chờ kết quả xác minh',
    originalDueAt: DUE_AT,
    previousAppointmentAt: DUE_AT,
    newAppointmentAt: NEW_APPOINTMENT,
    issuedAt: at(26, '16:00'),
    signedBy: 'head-commune',
    signer: { name: 'Lê Văn Cường', title: 'Chủ tịch UBND phường' },
    noticeDueBy: at(27, '17:00'),
    withinNoticePeriod: true,
    reappointment: 1,
  },
};

describe('overdue steps (quá hạn)', () => {
  it('records the overdue step against the agency that holds it', () => {
    given(...appraising)
      .when(overdueCheck)
      .then([appraiseOverdue]);
  });

  it('refuses to call a step overdue before its deadline has passed', () => {
    given(...appraising)
      .when({ ...overdueCheck, detectedAt: at(25, '17:00') })
      .thenFails('DOSSIER_STEP_NOT_YET_OVERDUE', 'unprocessable');
  });

  it('records a deadline overrun once (a timer firing twice records nothing)', () => {
    given(...appraising, appraiseOverdue)
      .when({ ...overdueCheck, detectedAt: at(25, '18:00') })
      .thenNothing();
  });

  it('records a new overrun once a pause has moved the deadline', () => {
    const resumed: DossierEvent = {
      type: 'SupplementReceived',
      data: {
        stepId: 'appraise',
        requestedAt: at(24, '14:00'),
        receivedAt: at(26, '09:00'),
        policy: 'pause',
        dueAt: '2025-12-02T17:00:00+07:00',
        appointmentAt: '2025-12-02T17:00:00+07:00',
        stepDeadlines: [{ stepId: 'appraise', deadline: at(27, '11:00') }],
      },
    };
    given(...appraising, supplementRequested, resumed)
      .when({ ...overdueCheck, detectedAt: at(27, '11:01') })
      .thenEmits('StepOverdue', { deadline: at(27, '11:00') });
  });

  it('does not mark a step overdue while the clock is paused', () => {
    given(...appraising, supplementRequested)
      .when({ ...overdueCheck, detectedAt: at(26, '08:00') })
      .thenFails('DOSSIER_CLOCK_PAUSED', 'conflict');
  });

  it('never marks a step excluded from the limit overdue, even on a running clock', () => {
    const excluding = receivedWith({
      steps: routing.steps.map((s) => (s.id === 'appraise' ? { ...s, excludedFromLimit: true } : s)),
    });
    given(excluding, ...appraising.slice(1))
      .when({ ...overdueCheck, detectedAt: at(27, '09:00') })
      .thenFails('DOSSIER_STEP_EXCLUDED_FROM_LIMIT', 'unprocessable');
  });

  it('marks only a running step overdue', () => {
    given(...appraising, completed('appraise', COMMUNE))
      .when(overdueCheck)
      .thenFails('DOSSIER_STEP_NOT_ACTIVE');
  });
});

describe('apology and re-appointment (form 04)', () => {
  it('records the apology, keeping the original due date, and re-sets the appointment', () => {
    const state = given(...appraising)
      .when(apologise)
      .then([apologyIssued]);
    expect(state).toMatchObject({ dueAt: DUE_AT, appointmentAt: NEW_APPOINTMENT, reappointments: 1 });
  });

  it('records whether the apology came within the notice period', () => {
    given(...appraising)
      .when({ ...apologise, at: at(28, '08:00') })
      .thenEmits('ApologyIssued', { withinNoticePeriod: false });
  });

  it('refuses an apology from an agency that neither holds a step nor let one run late', () => {
    given(...appraising)
      .when({ ...apologise, agencyCode: OTHER })
      .thenFails('DOSSIER_APOLOGY_AGENCY_NOT_RESPONSIBLE', 'forbidden');
  });

  it('accepts the apology of an agency that let a step run late, even after handing it on', () => {
    const lateAndHandedOn = [
      ...appraising,
      appraiseOverdue,
      completed('appraise', COMMUNE, { at: at(26, '09:00'), outcome: 'late' }),
      handedOff('police-check', POLICE, COMMUNE, { at: at(26, '10:00'), deadline: at(27, '17:00') }),
    ];
    given(...lateAndHandedOn)
      .when(apologise)
      .thenEmits('ApologyIssued', { responsibleAgencyCode: COMMUNE });
  });

  it('refuses a second re-appointment when the rules allow one', () => {
    given(...appraising, apologyIssued)
      .when({ ...apologise, newAppointmentAt: '2025-12-05T17:00:00+07:00' })
      .thenFails('DOSSIER_REAPPOINTMENT_LIMIT_REACHED', 'unprocessable');
  });

  it('allows as many re-appointments as the procedure configures', () => {
    given(receivedWith({ maxReappointments: 2 }), ...appraising.slice(1), apologyIssued)
      .when({ ...apologise, newAppointmentAt: '2025-12-05T17:00:00+07:00' })
      .thenEmits('ApologyIssued', {
        originalDueAt: DUE_AT,
        previousAppointmentAt: NEW_APPOINTMENT,
        reappointment: 2,
      });
  });

  // Decree 61/2018 art. 19 and Circular 03/2025 form 04: the apology "có chữ ký của người đứng đầu cơ
  // quan" names a new appointment the applicant can keep: after the one it replaces, on a working day.
  it('refuses a new appointment outside a working day (the calendar of the receiving unit decides)', () => {
    given(...appraising)
      .when({ ...apologise, newAppointmentOnWorkingDay: false })
      .thenFails('DOSSIER_APPOINTMENT_NOT_WORKING_DAY', 'unprocessable');
  });

  it("records the head's name and title for form 04 only when the directory has them", () => {
    given(...appraising)
      .when(apologise)
      .thenEmits('ApologyIssued', {
        signedBy: 'head-commune',
        signer: { name: 'Lê Văn Cường', title: 'Chủ tịch UBND phường' },
      });
    const [event] = given(...appraising)
      .when({ ...apologise, signer: null })
      .events();
    expect(event!.data).not.toHaveProperty('signer');
  });

  it('refuses a new appointment that is not after the current one', () => {
    given(...appraising)
      .when({ ...apologise, newAppointmentAt: DUE_AT })
      .thenFails('DOSSIER_APPOINTMENT_NOT_LATER', 'unprocessable');
  });

  it('counts a result after a re-appointment as late against the due date, not against the new appointment', () => {
    given(...allStepsDone.slice(0, 3), apologyIssued, ...allStepsDone.slice(3))
      .when({ type: 'MarkResultReady', deskUnitCode: DESK, at: at(28, '17:30') })
      .thenEmits('ResultReady', {
        dueAt: DUE_AT,
        appointmentAt: NEW_APPOINTMENT,
        outcome: 'late',
        outcomeAgainstAppointment: 'early',
      });
  });
});

describe('escalation', () => {
  const escalate: Escalate = {
    type: 'Escalate',
    to: 'supervising-agency',
    toAgencyCode: '000.00.00.H29',
    fromAgencyCode: COMMUNE,
    reason: 'Quá hạn lần hai',
    at: at(28, '09:00'),
  };

  it('records an escalation to the supervising agency, which must be named', () => {
    const state = given(...parallel)
      .when(escalate)
      .then([
        {
          type: 'DossierEscalated',
          data: {
            to: 'supervising-agency',
            toAgencyCode: '000.00.00.H29',
            fromAgencyCode: COMMUNE,
            reason: 'Quá hạn lần hai',
            escalatedAt: at(28, '09:00'),
          },
        },
      ]);
    expect(state.escalations).toBe(1);
    given(...parallel)
      .when({ ...escalate, toAgencyCode: undefined })
      .thenFails('DOSSIER_INVALID_COMMAND');
    given(...parallel)
      .when({ ...escalate, to: 'head', toAgencyCode: undefined })
      .thenEmits('DossierEscalated', { to: 'head', toAgencyCode: null });
  });
});

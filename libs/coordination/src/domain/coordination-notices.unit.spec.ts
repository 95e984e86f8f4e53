import {
  alwaysOpenCalendar,
  vietnameseCalendar,
  type TimeBudget,
  type WorkingTimeCalendar,
} from '@lien-thong/calendar';
import {
  DEFAULT_NOTICE_OPTIONS,
  noticeOptionsFromEnv,
  planNotices,
  type ProcedureTiming,
} from './coordination-notices';
import { type ActiveStep, type DossierState, initialDossierState } from '@lien-thong/dossier-model';

const POLICE = '000.00.72.H29';
const INSURANCE = '000.00.61.H29';
const T0 = Date.parse('2026-11-23T09:00:00+07:00');
const iso = (ms: number) => new Date(ms).toISOString();

function step(
  stepId: string,
  holder: string,
  handedOffAt: string,
  deadline: string,
  overdue = false,
): ActiveStep {
  return {
    stepId,
    holderAgencyCode: holder,
    fromAgencyCode: '000.00.71.H29',
    handedOffAt,
    deadline,
    receivedAt: handedOffAt,
    overdueDetectedAt: overdue ? deadline : null,
    remindedAt: null,
    latenessWarning: null,
  };
}

function processing(over: Partial<DossierState>): DossierState {
  return {
    ...initialDossierState,
    status: 'in-processing',
    dossierCode: '000.00.71.H29-261123-0001',
    receivedAt: iso(T0),
    clockStartedAt: iso(T0),
    routing: { supplementPolicy: 'pause', maxReappointments: 1, steps: [] },
    processingAgencyCode: '000.00.71.H29',
    ...over,
  };
}

/** police and insurance in parallel, then a signature of one working day. */
const joinRouting: DossierState['routing'] = {
  supplementPolicy: 'pause',
  maxReappointments: 1,
  steps: [
    { id: 'police', ownerAgencyCode: POLICE, after: [], canReturnTo: [], excludedFromLimit: false },
    { id: 'insurance', ownerAgencyCode: INSURANCE, after: [], canReturnTo: [], excludedFromLimit: false },
    {
      id: 'sign',
      ownerAgencyCode: null,
      after: ['police', 'insurance'],
      canReturnTo: [],
      excludedFromLimit: false,
    },
  ],
};
const seconds = (amount: number): TimeBudget => ({ unit: 'workingSeconds', amount });
const TIMING: ProcedureTiming = {
  apologyNotice: { unit: 'workingDays', amount: 1 },
  stepBudgets: new Map<string, TimeBudget>([
    ['police', { unit: 'workingDays', amount: 1 }],
    ['insurance', { unit: 'workingDays', amount: 1 }],
    ['sign', { unit: 'workingDays', amount: 1 }],
  ]),
};
/** planNotices with the default reminder share and a procedure's timing (the apology notice given). */
const plan = (
  state: DossierState,
  calendar: WorkingTimeCalendar,
  now: number,
  notice: TimeBudget = TIMING.apologyNotice,
) => planNotices(state, calendar, now, DEFAULT_NOTICE_OPTIONS, { ...TIMING, apologyNotice: notice });

describe('coordination notices', () => {
  it('reminds the holder at 80 % of the step budget, once per deadline', () => {
    const state = processing({
      activeSteps: { b: step('b', POLICE, iso(T0), iso(T0 + 10_000)) },
    });
    const before = plan(state, alwaysOpenCalendar(), T0 + 5_000);
    expect(before).toEqual([
      expect.objectContaining({
        key: `reminder:b:${iso(T0 + 10_000)}`,
        kind: 'step-reminder',
        at: T0 + 8_000,
        due: false,
        stepId: 'b',
        agencyCodes: [POLICE],
      }),
    ]);
    expect(plan(state, alwaysOpenCalendar(), T0 + 8_000)[0]).toMatchObject({ due: true });
    expect(
      planNotices(state, alwaysOpenCalendar(), T0 + 8_000, { reminderShare: 0.5 }, TIMING)[0],
    ).toMatchObject({
      at: T0 + 5_000,
    });
  });

  it('counts the 80 % in working time on the civil-service calendar (over a weekend and the lunch break)', () => {
    // Handed off Friday 16:00, one working day (8 h): due Monday 16:00; 80 % = 6 h 24 min of working time.
    const state = processing({
      activeSteps: { b: step('b', POLICE, '2026-11-20T16:00:00+07:00', '2026-11-23T16:00:00+07:00') },
    });
    const [reminder] = plan(state, vietnameseCalendar(), Date.parse('2026-11-20T16:30:00+07:00'));
    expect(iso(reminder!.at)).toBe(iso(Date.parse('2026-11-23T14:24:00+07:00')));
  });

  it('sends nothing while the clock stands, and nothing once overdue (the overdue event says it)', () => {
    const active = { b: step('b', POLICE, iso(T0), iso(T0 + 10_000)) };
    const paused = processing({
      activeSteps: active,
      openSupplement: { stepId: 'b', agencyCode: POLICE, requestedAt: iso(T0 + 1_000) },
      dueAt: iso(T0 + 20_000),
    });
    expect(plan(paused, alwaysOpenCalendar(), T0 + 9_000)).toEqual([]);
    const late = processing({ activeSteps: { b: step('b', POLICE, iso(T0), iso(T0 + 10_000), true) } });
    expect(plan(late, alwaysOpenCalendar(), T0 + 11_000)).toEqual([]);
  });

  it('reminds no one and asks no apology while a step runs inside its own excluded phase (the applicant paying tax)', () => {
    const pay = { pay: step('pay', POLICE, iso(T0), iso(T0 + 10_000)) };
    // Past the reminder share, and late with no time left: both would be owed on a running clock.
    const late = processing({ activeSteps: pay, dueAt: iso(T0 + 20_000), appointmentAt: iso(T0 + 20_000) });
    expect(plan(late, alwaysOpenCalendar(), T0 + 16_000, seconds(5)).map((n) => n.kind)).toEqual([
      'step-reminder',
      'apology-requested',
    ]);
    const excluded = processing({
      activeSteps: pay,
      dueAt: iso(T0 + 20_000),
      openExcludedPhase: { phaseId: 'step:pay', startedAt: iso(T0 + 100) },
      clockStops: [{ kind: 'excluded-phase', ref: 'step:pay', from: iso(T0 + 100), to: null }],
    });
    expect(plan(excluded, alwaysOpenCalendar(), T0 + 16_000, seconds(5))).toEqual([]);
  });

  it('a moved deadline (after a pause) is a new reminder', () => {
    const moved = processing({ activeSteps: { b: step('b', POLICE, iso(T0), iso(T0 + 15_000)) } });
    const [reminder] = plan(moved, alwaysOpenCalendar(), T0);
    expect(reminder!.key).toBe(`reminder:b:${iso(T0 + 15_000)}`);
  });

  it('asks the agency whose step ran late as soon as the time left no longer covers the rest and the notice (Decree 61/2018 art. 19)', () => {
    // Appointment Wednesday 25/11 17:00; police hold a step due Tuesday 17:00, insurance one due Monday
    // 09:00 (late); the signature (one working day) follows both. Monday 10:30: the police step still
    // needs 13 working hours and the signature 8, exactly what is left before the appointment, so the
    // notice (8 h) no longer fits: the late agency, insurance, is asked now.
    const state = processing({
      dueAt: '2026-11-25T17:00:00+07:00',
      appointmentAt: '2026-11-25T17:00:00+07:00',
      routing: joinRouting,
      activeSteps: {
        police: step('police', POLICE, '2026-11-23T08:00:00+07:00', '2026-11-24T17:00:00+07:00'),
        insurance: step(
          'insurance',
          INSURANCE,
          '2026-11-23T08:00:00+07:00',
          '2026-11-23T09:00:00+07:00',
          true,
        ),
      },
    });
    const apology = plan(state, vietnameseCalendar(), Date.parse('2026-11-23T10:30:00+07:00')).find(
      (n) => n.kind === 'apology-requested',
    );
    expect(apology).toMatchObject({
      key: 'apology:2026-11-25T17:00:00+07:00',
      at: Date.parse('2026-11-23T10:30:00+07:00'),
      due: true,
      agencyCodes: [INSURANCE],
    });
  });

  it('with time to spare after a late step, asks when the slack runs out, leaving the agency a working day before its respondBy', () => {
    // Appointment Friday 27/11 17:00. After the police step (due Tuesday 17:00) the signature needs a
    // day: from Tuesday 17:00 the time left shrinks, and Wednesday 17:00 is the last moment it covers the
    // signature and the notice; respondBy (one working day before the appointment) is Thursday 17:00.
    const state = processing({
      dueAt: '2026-11-27T17:00:00+07:00',
      appointmentAt: '2026-11-27T17:00:00+07:00',
      routing: joinRouting,
      activeSteps: {
        police: step('police', POLICE, '2026-11-23T08:00:00+07:00', '2026-11-24T17:00:00+07:00'),
        insurance: step(
          'insurance',
          INSURANCE,
          '2026-11-23T08:00:00+07:00',
          '2026-11-23T09:00:00+07:00',
          true,
        ),
      },
    });
    const apology = plan(state, vietnameseCalendar(), Date.parse('2026-11-23T10:30:00+07:00')).find(
      (n) => n.kind === 'apology-requested',
    );
    expect(apology).toMatchObject({ at: Date.parse('2026-11-25T17:00:00+07:00'), due: false });
    expect([...apology!.agencyCodes].sort()).toEqual([INSURANCE, POLICE].sort());
  });

  it('asks nobody whose steps are on time; plans the request for the deadline that would make the dossier miss its appointment', () => {
    // The limit is wholly allotted: police until Monday 17:00, then the signature until Tuesday 17:00.
    const state = processing({
      dueAt: '2026-11-24T17:00:00+07:00',
      appointmentAt: '2026-11-24T17:00:00+07:00',
      routing: joinRouting,
      completedSteps: {},
      activeSteps: {
        police: step('police', POLICE, '2026-11-23T07:30:00+07:00', '2026-11-23T17:00:00+07:00'),
        insurance: step('insurance', INSURANCE, '2026-11-23T07:30:00+07:00', '2026-11-23T17:00:00+07:00'),
      },
    });
    const apology = plan(state, vietnameseCalendar(), Date.parse('2026-11-23T10:00:00+07:00')).find(
      (n) => n.kind === 'apology-requested',
    );
    expect(apology).toMatchObject({ at: Date.parse('2026-11-23T17:00:00+07:00'), due: false });
  });

  it('does not ask again once the re-appointment allowed by the rule set is used, nor after the result', () => {
    const used = processing({
      dueAt: iso(T0 + 60_000),
      appointmentAt: iso(T0 + 60_000),
      reappointments: 1,
      activeSteps: { b: step('b', POLICE, iso(T0), iso(T0 + 10_000), true) },
    });
    expect(plan(used, alwaysOpenCalendar(), T0 + 20_000)).toEqual([]);
    const ready = processing({ status: 'result-ready', dueAt: iso(T0 + 60_000) });
    expect(plan(ready, alwaysOpenCalendar(), T0)).toEqual([]);
  });

  it('for a limit shorter than the notice (same day), asks at the deadline of the step that runs late, not at intake', () => {
    const sameDay = (overdue: boolean) =>
      processing({
        dueAt: iso(T0 + 4 * 3_600_000),
        appointmentAt: iso(T0 + 4 * 3_600_000),
        activeSteps: { b: step('b', POLICE, iso(T0), iso(T0 + 3_600_000), overdue) },
      });
    const ask = (state: DossierState, now: number) =>
      plan(state, vietnameseCalendar(), now).filter((n) => n.kind === 'apology-requested');
    expect(ask(sameDay(false), T0 + 1_000)).toEqual([
      expect.objectContaining({ due: false, at: T0 + 3_600_000, agencyCodes: [POLICE] }),
    ]);
    expect(ask(sameDay(true), T0 + 3_700_000)).toEqual([
      expect.objectContaining({ due: true, at: T0 + 3_700_000, agencyCodes: [POLICE] }),
    ]);
  });

  it("reads the reminder share from the environment and refuses nonsense; the apology notice is the procedure's", () => {
    expect(noticeOptionsFromEnv({})).toEqual(DEFAULT_NOTICE_OPTIONS);
    expect(noticeOptionsFromEnv({ LIEN_THONG_REMINDER_SHARE: '0.75' })).toEqual({ reminderShare: 0.75 });
    expect(() => noticeOptionsFromEnv({ LIEN_THONG_REMINDER_SHARE: '80' })).toThrow(/between 0 and 1/);
    expect(() => noticeOptionsFromEnv({ LIEN_THONG_APOLOGY_NOTICE: '1wd' })).toThrow(/apologyNotice/);
  });
});

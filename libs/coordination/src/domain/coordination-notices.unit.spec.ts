import { alwaysOpenCalendar, vietnameseCalendar } from '@lien-thong/calendar';
import { DEFAULT_NOTICE_OPTIONS, noticeOptionsFromEnv, planNotices } from './coordination-notices';
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

describe('coordination notices', () => {
  it('reminds the holder at 80 % of the step budget, once per deadline', () => {
    const state = processing({
      activeSteps: { b: step('b', POLICE, iso(T0), iso(T0 + 10_000)) },
    });
    const before = planNotices(state, alwaysOpenCalendar(), T0 + 5_000);
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
    expect(planNotices(state, alwaysOpenCalendar(), T0 + 8_000)[0]).toMatchObject({ due: true });
    expect(
      planNotices(state, alwaysOpenCalendar(), T0 + 8_000, {
        ...DEFAULT_NOTICE_OPTIONS,
        reminderShare: 0.5,
      })[0],
    ).toMatchObject({ at: T0 + 5_000 });
  });

  it('counts the 80 % in working time on the civil-service calendar (over a weekend and the lunch break)', () => {
    // Handed off Friday 16:00, one working day (8 h): due Monday 16:00; 80 % = 6 h 24 min of working time.
    const state = processing({
      activeSteps: { b: step('b', POLICE, '2026-11-20T16:00:00+07:00', '2026-11-23T16:00:00+07:00') },
    });
    const [reminder] = planNotices(state, vietnameseCalendar(), Date.parse('2026-11-20T16:30:00+07:00'));
    expect(iso(reminder!.at)).toBe(iso(Date.parse('2026-11-23T14:24:00+07:00')));
  });

  it('sends nothing while the clock stands, and nothing once overdue (the overdue event says it)', () => {
    const active = { b: step('b', POLICE, iso(T0), iso(T0 + 10_000)) };
    const paused = processing({
      activeSteps: active,
      openSupplement: { stepId: 'b', agencyCode: POLICE, requestedAt: iso(T0 + 1_000) },
      dueAt: iso(T0 + 20_000),
    });
    expect(planNotices(paused, alwaysOpenCalendar(), T0 + 9_000)).toEqual([]);
    const late = processing({ activeSteps: { b: step('b', POLICE, iso(T0), iso(T0 + 10_000), true) } });
    expect(planNotices(late, alwaysOpenCalendar(), T0 + 11_000)).toEqual([]);
  });

  it('reminds no one and asks no apology while a step runs inside its own excluded phase (the applicant paying tax)', () => {
    const pay = { pay: step('pay', POLICE, iso(T0), iso(T0 + 10_000)) };
    const running = processing({ activeSteps: pay, dueAt: iso(T0 + 20_000) });
    // Past the reminder share and the apology notice instant: both would be owed on a running clock.
    const options = { ...DEFAULT_NOTICE_OPTIONS, apologyNotice: { ms: 5_000 } };
    expect(planNotices(running, alwaysOpenCalendar(), T0 + 16_000, options).map((n) => n.kind)).toEqual([
      'step-reminder',
      'apology-requested',
    ]);
    const excluded = processing({
      activeSteps: pay,
      dueAt: iso(T0 + 20_000),
      openExcludedPhase: { phaseId: 'step:pay', startedAt: iso(T0 + 100) },
      clockStops: [{ kind: 'excluded-phase', ref: 'step:pay', from: iso(T0 + 100), to: null }],
    });
    expect(planNotices(excluded, alwaysOpenCalendar(), T0 + 16_000, options)).toEqual([]);
  });

  it('a moved deadline (after a pause) is a new reminder', () => {
    const moved = processing({ activeSteps: { b: step('b', POLICE, iso(T0), iso(T0 + 15_000)) } });
    const [reminder] = planNotices(moved, alwaysOpenCalendar(), T0);
    expect(reminder!.key).toBe(`reminder:b:${iso(T0 + 15_000)}`);
  });

  it('asks for an apology one working day before the due date, from the agency holding the late branch', () => {
    // Due Tuesday 17:00: the notice is owed by the end of Monday (17:00).
    const state = processing({
      dueAt: '2026-11-24T17:00:00+07:00',
      appointmentAt: '2026-11-24T17:00:00+07:00',
      activeSteps: {
        police: step('police', POLICE, '2026-11-23T08:00:00+07:00', '2026-11-23T10:00:00+07:00'),
        insurance: step(
          'insurance',
          INSURANCE,
          '2026-11-23T08:00:00+07:00',
          '2026-11-23T09:00:00+07:00',
          true,
        ),
      },
    });
    const apology = planNotices(state, vietnameseCalendar(), Date.parse('2026-11-23T10:30:00+07:00')).find(
      (n) => n.kind === 'apology-requested',
    );
    expect(apology).toMatchObject({
      key: 'apology:2026-11-24T17:00:00+07:00',
      at: Date.parse('2026-11-23T17:00:00+07:00'),
      due: false,
      agencyCodes: [INSURANCE],
    });
    // Without an overdue branch, every agency holding a step is asked.
    const onTime = processing({
      dueAt: '2026-11-24T17:00:00+07:00',
      activeSteps: { police: step('police', POLICE, iso(T0), '2026-11-23T16:00:00+07:00') },
    });
    expect(
      planNotices(onTime, vietnameseCalendar(), Date.parse('2026-11-23T17:00:00+07:00')).find(
        (n) => n.kind === 'apology-requested',
      ),
    ).toMatchObject({ due: true, agencyCodes: [POLICE] });
  });

  it('does not ask again once the re-appointment allowed by the rule set is used, nor after the result', () => {
    const used = processing({ dueAt: iso(T0 + 60_000), reappointments: 1 });
    expect(
      planNotices(used, alwaysOpenCalendar(), T0, {
        ...DEFAULT_NOTICE_OPTIONS,
        apologyNotice: { ms: 10_000 },
      }),
    ).toEqual([]);
    const ready = processing({ status: 'result-ready', dueAt: iso(T0 + 60_000) });
    expect(planNotices(ready, alwaysOpenCalendar(), T0)).toEqual([]);
    const seconds = planNotices(processing({ dueAt: iso(T0 + 60_000) }), alwaysOpenCalendar(), T0, {
      ...DEFAULT_NOTICE_OPTIONS,
      apologyNotice: { ms: 10_000 },
    });
    expect(seconds).toEqual([
      expect.objectContaining({ kind: 'apology-requested', at: T0 + 50_000, due: false }),
    ]);
  });

  it('for a limit shorter than the notice lead, asks when a step first runs late rather than at intake', () => {
    const sameDay = (overdue: boolean) =>
      processing({
        dueAt: iso(T0 + 4 * 3_600_000),
        activeSteps: { b: step('b', POLICE, iso(T0), iso(T0 + 3_600_000), overdue) },
      });
    const ask = (state: DossierState) =>
      planNotices(state, vietnameseCalendar(), T0 + 3_700_000).filter((n) => n.kind === 'apology-requested');
    expect(ask(sameDay(false))).toEqual([]);
    expect(ask(sameDay(true))).toEqual([
      expect.objectContaining({ due: true, at: T0 + 3_700_000, agencyCodes: [POLICE] }),
    ]);
  });

  it('reads its options from the environment and refuses nonsense', () => {
    expect(noticeOptionsFromEnv({})).toEqual(DEFAULT_NOTICE_OPTIONS);
    expect(
      noticeOptionsFromEnv({ LIEN_THONG_REMINDER_SHARE: '0.75', LIEN_THONG_APOLOGY_NOTICE: '2wd' }),
    ).toEqual({
      reminderShare: 0.75,
      apologyNotice: { workingDays: 2 },
    });
    expect(noticeOptionsFromEnv({ LIEN_THONG_APOLOGY_NOTICE: '30s' }).apologyNotice).toEqual({ ms: 30_000 });
    expect(() => noticeOptionsFromEnv({ LIEN_THONG_REMINDER_SHARE: '80' })).toThrow(/between 0 and 1/);
    expect(() => noticeOptionsFromEnv({ LIEN_THONG_APOLOGY_NOTICE: 'tomorrow' })).toThrow(/"1wd"/);
  });
});

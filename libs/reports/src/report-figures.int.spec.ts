import { randomUUID } from 'node:crypto';
import { vietnameseCalendar } from '@lien-thong/calendar';
import { migrateEventStore, PostgresEventStore } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { ProjectionRunner } from '@lien-thong/projections';
import type { DossierEvent } from '@lien-thong/dossier-model';
import { parseReportQuery } from './domain/report-query';
import { REPORT_FACTS_PROJECTION } from './projection/report-facts.projection';
import { reportProjections } from './reports.projections';
import { summaryReport } from './summary/report-summary';
import { lateDossiers, lateReport } from './late/report-late';
import { stepsReport } from './steps/report-steps';
import { sameDayReport } from './same-day/report-same-day';
import { backlogReport } from './backlog/report-backlog';
import { scorecardReport } from './scorecard/report-scorecard';
import { reportChart } from './charts/report-charts';
import { markDirtyMonths, refreshDirtyMonths, rollupCover } from './rollups/report-rollups';

/**
 * Every summary figure over a small history with known answers, worked out by hand below (issue 19),
 * on the real Vietnamese calendar (Tết 2026: off Sat 14/02 to Sun 22/02; hours 07:30–11:30 and
 * 13:00–17:00, 8 working hours a day), through the real event store and projection runner.
 *
 * | Dossier | Lead | Channel | Received        | Result ready    | Due             | Outcome | Working time counted             |
 * | A       | 72   | online  | Thu 12/02 08:00 | Tue 24/02 10:00 | Wed 25/02 17:00 | early   | 7.5+8+(Tết)+8+2.5 = 26 h = 3.25 d |
 * | B       | 71   | counter | Mon 02/03 08:00 | Fri 06/03 09:00 | Thu 05/03 17:00 | late    | 7.5+8+8+8+1.5 = 33 h = 4.125 d    |
 * | C       | 72   | online  | Mon 02/03 08:00 | Fri 06/03 08:00 | Mon 09/03 17:00 | early   | 32 h − pause 16 h = 16 h = 2 d    |
 * | D       | 71   | counter | Mon 02/03 08:00 | Mon 09/03 10:00 | Fri 06/03 17:00 | late    | 7.5+8+8+8+8+2.5 = 42 h = 5.25 d   |
 * | E       | 72   | counter | Tue 03/03 08:00 | —               | Thu 05/03 17:00 | running, overdue at 31/03 |      |
 * | F       | 71   | counter | Wed 04/03 08:00 | Wed 04/03 15:00 | Wed 04/03 17:00 | on time | 3.5+2 = 5.5 h = 0.6875 d (same-day) |
 * | G       | —    | online  | Mon 02/03 09:00 | stopped Tue 03/03 |               |         |                                  |
 *
 * B is late because of a parallel branch: police (72) on time, social insurance (61) late. C was paused
 * for a supplement from Tue 03/03 08:00 to Thu 05/03 08:00 (7.5 + 8 + 0.5 = 16 working hours). D was
 * re-appointed once, its apology after the notice deadline; statistics count it against its due date.
 *
 * Period 01/02–31/03/2026: received 7 (A in February, six in March); finished 5 (early A, C; on time F;
 * late B, D): shares 0.4 / 0.2 / 0.4, early or on time 0.6; in progress at the end: E, overdue; average
 * (3.25 + 4.125 + 2 + 5.25 + 0.6875) / 5 = 3.0625 → 3.06 working days; p90 (linear, as PostgreSQL's
 * percentile_cont): 4.125 + 0.6 × (5.25 − 4.125) = 4.8; online 3/7 = 0.4286; same-day 1 of 1.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const INSURANCE = '000.00.61.H29';
const at = (day: string, time: string) => `2026-${day}T${time}:00+07:00`;

type Script = readonly DossierEvent[];

function received(
  code: string,
  channel: string,
  receivedAt: string,
  dueAt: string,
  limit = 'workingDays',
): DossierEvent {
  return {
    type: 'DossierReceived',
    data: {
      dossierCode: code,
      intakeRef: `ref-${code}`,
      procedure: { code: limit === 'sameDay' ? '2.000001' : '1.000001', version: 1, bundleOf: [] },
      ruleSet: 'decree-118-2025',
      statutoryLimit: limit === 'sameDay' ? { unit: 'sameDay' } : { unit: 'workingDays', amount: 5 },
      channel,
      channelNote: null,
      applicantRef: `vault:${code}`,
      documents: [],
      receivedAt,
      appointmentAt: dueAt,
      receivingUnitCode: DESK,
      receivingOfficer: 'cb-1',
      collectAtUnitCode: DESK,
      routing: { supplementPolicy: 'pause', maxReappointments: 1, steps: [] },
    },
  } as unknown as DossierEvent;
}
const transferred = (to: string, when: string): DossierEvent => ({
  type: 'DossierTransferred',
  data: { fromUnitCode: DESK, toAgencyCode: to, transferredAt: when, dueBy: when, outcome: 'on-time' },
});
const handedOff = (stepId: string, to: string, when: string, deadline: string): DossierEvent => ({
  type: 'StepHandedOff',
  data: {
    stepId,
    fromAgencyCode: DESK,
    toAgencyCode: to,
    handedOffAt: when,
    deadline,
    previousStepId: null,
    previousStepOutcome: null,
  },
});
const stepReceived = (stepId: string, agency: string, when: string): DossierEvent => ({
  type: 'StepReceived',
  data: { stepId, agencyCode: agency, receivedAt: when },
});
const completed = (
  stepId: string,
  agency: string,
  when: string,
  deadline: string,
  outcome: string,
): DossierEvent =>
  ({
    type: 'StepCompleted',
    data: {
      stepId,
      agencyCode: agency,
      completedAt: when,
      deadline,
      outcome,
      resultSummary: 'Xong',
      attachments: [],
    },
  }) as DossierEvent;
const ready = (when: string, dueAt: string, appointmentAt: string, outcome: string): DossierEvent =>
  ({
    type: 'ResultReady',
    data: {
      readyAt: when,
      deskUnitCode: DESK,
      dueAt,
      appointmentAt,
      outcome,
      outcomeAgainstAppointment: outcome,
    },
  }) as DossierEvent;

const HISTORY: Record<string, Script> = {
  A: [
    received('A', 'online', at('02-12', '08:00'), at('02-25', '17:00')),
    transferred(POLICE, at('02-12', '08:00')),
    handedOff('x', POLICE, at('02-12', '08:00'), at('02-25', '17:00')),
    stepReceived('x', POLICE, at('02-12', '09:00')),
    completed('x', POLICE, at('02-24', '10:00'), at('02-25', '17:00'), 'early'),
    ready(at('02-24', '10:00'), at('02-25', '17:00'), at('02-25', '17:00'), 'early'),
  ],
  B: [
    received('B', 'counter', at('03-02', '08:00'), at('03-05', '17:00')),
    transferred(DESK, at('03-02', '08:00')),
    handedOff('police', POLICE, at('03-02', '08:00'), at('03-04', '17:00')),
    handedOff('insurance', INSURANCE, at('03-02', '08:00'), at('03-04', '17:00')),
    stepReceived('police', POLICE, at('03-02', '09:00')),
    stepReceived('insurance', INSURANCE, at('03-03', '08:00')),
    completed('police', POLICE, at('03-03', '10:00'), at('03-04', '17:00'), 'early'),
    {
      type: 'StepOverdue',
      data: {
        stepId: 'insurance',
        responsibleAgencyCode: INSURANCE,
        deadline: at('03-04', '17:00'),
        detectedAt: at('03-04', '17:00'),
      },
    },
    completed('insurance', INSURANCE, at('03-06', '09:00'), at('03-04', '17:00'), 'late'),
    ready(at('03-06', '09:00'), at('03-05', '17:00'), at('03-05', '17:00'), 'late'),
  ],
  C: [
    received('C', 'online', at('03-02', '08:00'), at('03-05', '17:00')),
    transferred(POLICE, at('03-02', '08:00')),
    handedOff('x', POLICE, at('03-02', '08:00'), at('03-05', '17:00')),
    stepReceived('x', POLICE, at('03-02', '08:00')),
    {
      type: 'SupplementRequested',
      data: {
        stepId: 'x',
        agencyCode: POLICE,
        requestedAt: at('03-03', '08:00'),
        items: [],
        reason: 'Thiếu',
        windowEndsAt: at('03-05', '17:00'),
      },
    },
    {
      type: 'SupplementReceived',
      data: {
        stepId: 'x',
        requestedAt: at('03-03', '08:00'),
        receivedAt: at('03-05', '08:00'),
        policy: 'pause',
        dueAt: at('03-09', '17:00'),
        appointmentAt: at('03-09', '17:00'),
        stepDeadlines: [{ stepId: 'x', deadline: at('03-09', '17:00') }],
      },
    },
    completed('x', POLICE, at('03-06', '08:00'), at('03-09', '17:00'), 'early'),
    ready(at('03-06', '08:00'), at('03-09', '17:00'), at('03-09', '17:00'), 'early'),
  ],
  D: [
    received('D', 'counter', at('03-02', '08:00'), at('03-06', '17:00')),
    transferred(DESK, at('03-02', '08:00')),
    handedOff('x', DESK, at('03-02', '08:00'), at('03-06', '17:00')),
    {
      type: 'ApologyIssued',
      data: {
        responsibleAgencyCode: DESK,
        reason: 'Chậm xác minh',
        originalDueAt: at('03-06', '17:00'),
        previousAppointmentAt: at('03-06', '17:00'),
        newAppointmentAt: at('03-10', '17:00'),
        issuedAt: at('03-06', '10:00'),
        signedBy: 'head-71',
        noticeDueBy: at('03-05', '17:00'),
        withinNoticePeriod: false,
        reappointment: 1,
      },
    },
    completed('x', DESK, at('03-09', '10:00'), at('03-06', '17:00'), 'late'),
    ready(at('03-09', '10:00'), at('03-06', '17:00'), at('03-10', '17:00'), 'late'),
  ],
  E: [
    received('E', 'counter', at('03-03', '08:00'), at('03-05', '17:00')),
    transferred(POLICE, at('03-03', '08:00')),
    handedOff('x', POLICE, at('03-03', '08:00'), at('03-05', '17:00')),
  ],
  F: [
    received('F', 'counter', at('03-04', '08:00'), at('03-04', '17:00'), 'sameDay'),
    transferred(DESK, at('03-04', '08:00')),
    handedOff('x', DESK, at('03-04', '08:00'), at('03-04', '17:00')),
    completed('x', DESK, at('03-04', '15:00'), at('03-04', '17:00'), 'on-time'),
    ready(at('03-04', '15:00'), at('03-04', '17:00'), at('03-04', '17:00'), 'on-time'),
  ],
  G: [
    received('G', 'online', at('03-02', '09:00'), at('03-06', '17:00')),
    {
      type: 'ProcessingStopped',
      data: {
        reason: 'Người nộp đề nghị',
        requester: 'applicant',
        requestingAgencyCode: null,
        legalGround: null,
        stoppedAt: at('03-03', '10:00'),
      },
    },
  ],
};

describe('report figures over a history with known answers', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  const projections = () =>
    reportProjections({
      calendarFor: () => Promise.resolve(vietnameseCalendar()),
      procedure: (code) =>
        Promise.resolve({
          field: code === '2.000001' ? 'Chứng thực' : 'Hộ tịch',
          steps: [{ id: 'x', budgetMs: 8 * 3_600_000 }],
        }),
    });
  const rows = async () => ({
    dossiers: (await db.pool.query('SELECT * FROM report_dossiers ORDER BY code')).rows as unknown[],
    visits: (await db.pool.query('SELECT * FROM report_step_visits ORDER BY code, step_id, visit'))
      .rows as unknown[],
  });
  const q = (params: Record<string, string>) =>
    parseReportQuery({ from: '2026-02-01', to: '2026-03-31', ...params });
  const NOW = Date.parse('2026-12-05T10:00:00+07:00');

  beforeAll(async () => {
    db = await createTestSchema('report_figures');
    await migrateEventStore(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
    for (const [code, events] of Object.entries(HISTORY))
      await store.appendToStream(
        `dossier-${code}`,
        events.map((e) => ({
          id: randomUUID(),
          type: e.type,
          schemaVersion: 1,
          data: e.data,
          metadata: {
            occurredAt: at('03-01', '00:00'),
            actor: { system: 'test' },
            correlationId: randomUUID(),
          },
        })),
        'no_stream',
      );
    runner = new ProjectionRunner(store, db.pool, projections(), { batchSize: 7 });
    await runner.start();
    const last = (await store.readAll({})).at(-1)!.position;
    await runner.waitForCheckpoint(REPORT_FACTS_PROJECTION, last, 20_000);
  });
  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await db?.drop();
  });

  it('stores each dossier’s working time on the calendar, Tết and the pause left out', async () => {
    const byCode = Object.fromEntries(
      (
        (
          await db.pool.query(
            'SELECT code, processing_working_ms, paused_working_ms, late_by_working_ms, apologies, apologies_late, reappointments, supplements, outcome, same_day FROM report_dossiers',
          )
        ).rows as Record<string, unknown>[]
      ).map((r) => [r.code, r]),
    );
    const h = 3_600_000;
    expect(byCode.A).toMatchObject({ processing_working_ms: String(26 * h), outcome: 'early' });
    expect(byCode.B).toMatchObject({
      processing_working_ms: String(33 * h),
      late_by_working_ms: String(1.5 * h),
      outcome: 'late',
    });
    expect(byCode.C).toMatchObject({
      processing_working_ms: String(16 * h),
      paused_working_ms: String(16 * h),
      supplements: 1,
    });
    expect(byCode.D).toMatchObject({
      processing_working_ms: String(42 * h),
      apologies: 1,
      apologies_late: 1,
      reappointments: 1,
      outcome: 'late',
    });
    expect(byCode.E).toMatchObject({ processing_working_ms: null, outcome: null });
    expect(byCode.F).toMatchObject({ processing_working_ms: String(5.5 * h), same_day: true });
    const insurance = (
      await db.pool.query("SELECT * FROM report_step_visits WHERE code = 'B' AND step_id = 'insurance'")
    ).rows[0] as Record<string, unknown>;
    // Handed off Mon 02/03 08:00, received Tue 08:00: 7.5 + 0.5 = 8 h waiting; completed Fri 09:00:
    // 7.5 + 8 + 8 + 1.5 = 25 h working; its deadline Wed 17:00: 8 + 1.5 = 9.5 h late.
    expect(insurance).toMatchObject({
      agency_code: INSURANCE,
      waiting_working_ms: String(8 * h),
      working_working_ms: String(25 * h),
      late_by_working_ms: String(9.5 * h),
      outcome: 'late',
      overdue: true,
    });
  });

  it('gives every summary figure exactly', async () => {
    const report = await summaryReport(db.pool, q({}), null, NOW);
    expect(report.period).toEqual({ from: '2026-02-01', to: '2026-03-31', asOf: '2026-03-31T17:00:00.000Z' });
    expect(report.total).toEqual({
      received: 7,
      finished: {
        total: 5,
        early: 2,
        onTime: 1,
        late: 2,
        earlyShare: 0.4,
        onTimeShare: 0.2,
        lateShare: 0.4,
        earlyOrOnTimeShare: 0.6,
      },
      inProgress: { total: 1, onTime: 0, overdue: 1 },
      processingWorkingDays: { average: 3.06, p90: 4.8 },
      onlineShare: 0.4286,
      sameDay: { finished: 1, resolvedWithinDay: 1, share: 1 },
    });
  });

  it('counts a period not over as of now: what was received and finished by then, and what runs', async () => {
    // Fri 06/03 08:30: C ready at 08:00, B not until 09:00; G stopped on Tue.
    const midMarch = await summaryReport(db.pool, q({}), null, Date.parse('2026-03-06T08:30:00+07:00'));
    expect(midMarch.period.asOf).toBe('2026-03-06T01:30:00.000Z');
    expect(midMarch.total.received).toBe(7);
    expect(midMarch.total.finished).toMatchObject({ total: 3, early: 2, onTime: 1, late: 0 });
    // B and E past their Thursday 17:00 due date; D due this evening.
    expect(midMarch.total.inProgress).toEqual({ total: 3, onTime: 1, overdue: 2 });
  });

  it('groups by month (each month its own received, finished and in progress at its end) and by lead agency', async () => {
    const months = await summaryReport(db.pool, q({ groupBy: 'month' }), null, NOW);
    expect(
      months.groups.map((g) => [g.key.period, g.received, g.finished.total, g.inProgress.total]),
    ).toEqual([
      ['2026-02', 1, 1, 0],
      ['2026-03', 6, 4, 1],
    ]);
    const agencies = await summaryReport(db.pool, q({ groupBy: 'agency' }), null, NOW);
    expect(
      agencies.groups.map((g) => [
        g.key.agency,
        g.received,
        g.finished.early,
        g.finished.onTime,
        g.finished.late,
        g.inProgress.overdue,
      ]),
    ).toEqual([
      [DESK, 4, 0, 1, 2, 0],
      [POLICE, 3, 2, 0, 0, 1],
    ]);
    const fields = await summaryReport(db.pool, q({ groupBy: 'field,channel' }), null, NOW);
    expect(fields.groups.map((g) => [g.key.field, g.key.channel, g.received])).toEqual([
      ['Chứng thực', 'counter', 1],
      ['Hộ tịch', 'counter', 3],
      ['Hộ tịch', 'online', 3],
    ]);
  });

  it('counts for an agency only the dossiers it took part in (the insurance branch of B)', async () => {
    const report = await summaryReport(
      db.pool,
      q({}),
      { deskUnitCode: null, participantAgencyCode: INSURANCE },
      NOW,
    );
    expect(report.total.received).toBe(1);
    expect(report.total.finished).toMatchObject({ total: 1, late: 1 });
  });

  it('lists the late dossiers with their late steps, the agencies responsible and the apology', async () => {
    const late = await lateReport(db.pool, q({}), null, NOW);
    // Finished late: B and D; still running past its due date at the end of March: E. G was stopped.
    expect(late.totals).toEqual({
      late: 3,
      finishedLate: 2,
      runningLate: 1,
      apologies: { onTime: 0, late: 1, missing: 2 },
      reappointments: 1,
    });
    expect(
      late.items.map((i) => [i.code, i.lateByWorkingDays, i.apology, i.reappointments, i.lateSteps]),
    ).toEqual([
      // D: due Fri 06/03 17:00, ready Mon 09/03 10:00: 2.5 h = 0.3125 → 0.31; its apology after the deadline.
      ['D', 0.31, 'late', 1, [{ stepId: 'x', agencyCode: DESK, lateByWorkingDays: 0.31 }]],
      // B: 1.5 h = 0.1875 → 0.19; late because of the insurance branch (9.5 h = 1.1875 → 1.19), police on time.
      ['B', 0.19, 'missing', 0, [{ stepId: 'insurance', agencyCode: INSURANCE, lateByWorkingDays: 1.19 }]],
      // E: still open, its step past its deadline (how late is the backlog's business).
      ['E', null, 'missing', 0, [{ stepId: 'x', agencyCode: POLICE, lateByWorkingDays: null }]],
    ]);
    // The export reads the same list through a cursor, whole.
    const streamed = [];
    for await (const item of lateDossiers(db.pool, q({}), null, NOW)) streamed.push(item);
    expect(streamed).toEqual(late.items);
    const paged = await lateReport(
      db.pool,
      parseReportQuery(
        { from: '2026-02-01', to: '2026-03-31', limit: '1', offset: '1' },
        { paged: true, grouped: false },
      ),
      null,
      NOW,
    );
    expect(paged.items.map((i) => i.code)).toEqual(['B']);
    expect(paged.totals.late).toBe(3);
  });

  it('ranks the steps by the delay they caused, with used against budget, waiting and working time', async () => {
    const steps = await stepsReport(db.pool, q({}), null);
    expect(
      steps.steps.map((s) => [
        s.procedureCode,
        s.stepId,
        s.agencyCode,
        s.visits,
        s.delayCausedWorkingDays,
        s.lateShare,
        s.usedWorkingDays.p50,
        s.usedWorkingDays.p90,
        s.waitingWorkingDays,
        s.workingWorkingDays,
        s.budgetWorkingDays,
      ]),
    ).toEqual([
      // B's insurance: 8 h waiting + 25 h working = 33 h = 4.125; 9.5 h late.
      ['1.000001', 'insurance', INSURANCE, 1, 1.19, 1, 4.13, 4.13, 1, 3.13, null],
      // D's step at the desk: never acknowledged (no waiting or working split), 42 h used, 2.5 h late.
      ['1.000001', 'x', DESK, 1, 0.31, 1, 5.25, 5.25, null, null, 1],
      // B's police branch: 1 h waiting, 9 h working.
      ['1.000001', 'police', POLICE, 1, 0, 0, 1.25, 1.25, 0.13, 1.13, null],
      // A (26 h, Tết left out) and C (16 h, the pause left out): p50 21 h, p90 16 + 0.9 × 10 = 25 h.
      ['1.000001', 'x', POLICE, 2, 0, 0, 2.63, 3.13, 0.06, 2.56, 1],
      ['2.000001', 'x', DESK, 1, 0, 0, 0.69, 0.69, null, null, 1],
    ]);
  });

  it('counts the same-day dossiers by unit', async () => {
    const sameDay = await sameDayReport(db.pool, q({ groupBy: 'month' }), null);
    expect(sameDay.groups).toEqual([
      {
        unitCode: DESK,
        period: '2026-03',
        received: 1,
        finished: 1,
        resolvedWithinDay: 1,
        late: 0,
        resolvedShare: 1,
      },
    ]);
    expect(sameDay.total).toEqual({
      received: 1,
      finished: 1,
      resolvedWithinDay: 1,
      late: 0,
      resolvedShare: 1,
    });
  });

  it('gives the backlog at the end of any day, by holder, with the working days overdue', async () => {
    const calendarFor = () => Promise.resolve(vietnameseCalendar());
    const day = (d: string) => parseReportQuery({ from: d, to: d }, { paged: true, grouped: false });
    // End of Wed 04/03: B held by insurance (past its Wed 17:00 deadline, no working time since), C and E
    // by the police, D by the desk.
    const wednesday = await backlogReport(
      db.pool,
      day('2026-03-04'),
      null,
      Date.parse('2026-03-05T00:00:00+07:00'),
      calendarFor,
    );
    expect(wednesday.total).toEqual({ inFlight: 4, overdue: 1 });
    expect(wednesday.holders.map((h) => [h.holderAgencyCode, h.inFlight, h.overdue])).toEqual([
      [INSURANCE, 1, 1],
      [DESK, 1, 0],
      [POLICE, 2, 0],
    ]);
    // End of Mon 09/03: only E, its step due Thu 05/03 17:00: Fri and Mon, 2 working days overdue.
    const monday = await backlogReport(
      db.pool,
      day('2026-03-09'),
      null,
      Date.parse('2026-03-10T00:00:00+07:00'),
      calendarFor,
    );
    expect(monday.items).toEqual([
      expect.objectContaining({ code: 'E', holderAgencyCode: POLICE, stepId: 'x', overdueWorkingDays: 2 }),
    ]);
  });

  it('scores each agency by the versioned weights, with the deduction for its late steps', async () => {
    const card = await scorecardReport(db.pool, q({}), null);
    expect(card.config.version).toBe('2026.1');
    expect(
      card.agencies.map((a) => [
        a.agencyCode,
        a.score,
        a.components.onTime.points,
        a.components.apologies.points,
        a.deductions.lateSteps,
      ]),
    ).toEqual([
      // Police: A, B's branch and C all in time; C's one supplement asked once; nothing to apologise for.
      [POLICE, 100, 60, 20, { count: 0, points: 0 }],
      // Desk: D late (apologised after the deadline: 0 of 20), F on time (60 × 1/2); −0.5 for D's step.
      [DESK, 49.5, 30, 0, { count: 1, points: 0.5 }],
      // Insurance: its one step in B late, no apology: 0 + 0 + 10 + 10 − 0.5.
      [INSURANCE, 19.5, 0, 0, { count: 1, points: 0.5 }],
    ]);
    expect(card.agencies[0]!.components.singleSupplement).toEqual({
      weight: 10,
      value: 1,
      points: 10,
      basis: { dossiersWithSupplements: 1, askedMoreThanOnce: 0 },
    });
  });

  it('gives the same figures from the monthly rollups as from the facts, and marks a changed month dirty', async () => {
    const all = async () => ({
      summary: await summaryReport(db.pool, q({}), null, NOW),
      months: await summaryReport(db.pool, q({ groupBy: 'month,agency' }), null, NOW),
      midMarch: await summaryReport(db.pool, q({}), null, Date.parse('2026-03-06T08:30:00+07:00')),
      fields: await summaryReport(db.pool, q({ groupBy: 'field,channel' }), null, NOW),
      agency: await summaryReport(db.pool, q({ agency: '000.00.61.H29' }), null, NOW),
      unitScope: await summaryReport(
        db.pool,
        q({}),
        { deskUnitCode: '000.00.71.H29', participantAgencyCode: null },
        NOW,
      ),
      steps: await stepsReport(db.pool, q({}), null),
      scorecard: await scorecardReport(db.pool, q({}), null),
      sameDay: await sameDayReport(db.pool, q({ groupBy: 'month' }), null),
      cutMonth: await summaryReport(db.pool, q({ from: '2026-02-10', groupBy: 'month' }), null, NOW),
      late: await lateReport(db.pool, q({}), null, NOW),
      lateFebruary: await lateReport(db.pool, q({ to: '2026-02-28' }), null, NOW),
      lateAgency: await lateReport(db.pool, q({ agency: '000.00.61.H29' }), null, NOW),
    });
    const fromFacts = await all();
    expect(await rollupCover(db.pool, Date.parse('2026-02-01T00:00:00+07:00'), NOW)).toMatchObject({
      months: [],
    });
    while ((await refreshDirtyMonths(db.pool)) > 0);
    const cover = await rollupCover(
      db.pool,
      Date.parse('2026-02-01T00:00:00+07:00'),
      Date.parse('2026-04-01T00:00:00+07:00'),
    );
    expect(cover).toEqual({ months: ['2026-02-01', '2026-03-01'], rest: [] });
    expect(await all()).toEqual(fromFacts);
    // A month the projection rewrites is read from the facts until it is refreshed again.
    await db.pool.query(`UPDATE report_dossiers SET last_revision = last_revision`);
    const client = await db.pool.connect();
    try {
      await markDirtyMonths(client, ['2026-03-15T03:00:00Z', new Date().toISOString()]);
    } finally {
      client.release();
    }
    expect(
      (
        await rollupCover(
          db.pool,
          Date.parse('2026-02-01T00:00:00+07:00'),
          Date.parse('2026-04-01T00:00:00+07:00'),
        )
      ).months,
    ).toEqual(['2026-02-01']);
    expect(await all()).toEqual(fromFacts);
    while ((await refreshDirtyMonths(db.pool)) > 0);
    expect(await all()).toEqual(fromFacts);
    // The month under way stays dirty until it is over: no report reads it whole before then.
    const { rows: dirty } = await db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM report_dirty_months',
    );
    expect(Number(dirty[0]!.n)).toBe(1);
    // E, in flight past its due date at the end of March, counted there from the snapshot rollup.
    const { rows: snapshot } = await db.pool.query(
      `SELECT receiving_unit_code, overdue, apology, n, reappointments FROM report_rollup_running
        WHERE month = '2026-03-01'`,
    );
    expect(snapshot).toEqual([
      {
        receiving_unit_code: '000.00.71.H29',
        overdue: true,
        apology: 'missing',
        n: '1',
        reappointments: '0',
      },
    ]);
    // An apology for E recorded now changes what the snapshots say of it at the end of every month it ran
    // through: each is dirty again (April too, where none of E's instants falls) and read from the facts
    // until refreshed.
    const april = q({ from: '2026-04-01', to: '2026-04-30' });
    expect((await lateReport(db.pool, april, null, NOW)).totals).toMatchObject({
      runningLate: 1,
      apologies: { onTime: 0, late: 0, missing: 1 },
    });
    await store.appendToStream(
      'dossier-E',
      [
        {
          id: randomUUID(),
          type: 'ApologyIssued',
          schemaVersion: 1,
          data: {
            responsibleAgencyCode: POLICE,
            reason: 'Chậm xác minh',
            originalDueAt: at('03-05', '17:00'),
            previousAppointmentAt: at('03-05', '17:00'),
            newAppointmentAt: at('03-12', '17:00'),
            issuedAt: at('03-09', '10:00'),
            signedBy: 'head-61',
            noticeDueBy: at('03-04', '17:00'),
            withinNoticePeriod: false,
            reappointment: 1,
          },
          metadata: {
            occurredAt: at('03-09', '10:00'),
            actor: { system: 'test' },
            correlationId: randomUUID(),
          },
        },
      ],
      2,
    );
    await runner.waitForCheckpoint(
      REPORT_FACTS_PROJECTION,
      (await store.readAll({})).at(-1)!.position,
      20_000,
    );
    const covered = (await rollupCover(db.pool, Date.parse('2026-02-01T00:00:00+07:00'), NOW)).months;
    expect(covered).toContain('2026-02-01');
    expect(covered).not.toContain('2026-03-01');
    expect(covered).not.toContain('2026-04-01');
    // E's apology counted late in February–March and in April alike, read from the facts, then from
    // the refreshed rollups.
    const expectApologyCounted = async () => {
      expect((await lateReport(db.pool, q({}), null, NOW)).totals).toMatchObject({
        runningLate: 1,
        apologies: { onTime: 0, late: 2, missing: 1 },
        reappointments: 2,
      });
      expect((await lateReport(db.pool, april, null, NOW)).totals).toMatchObject({
        runningLate: 1,
        apologies: { onTime: 0, late: 1, missing: 0 },
        reappointments: 1,
      });
    };
    await expectApologyCounted();
    while ((await refreshDirtyMonths(db.pool)) > 0);
    expect((await rollupCover(db.pool, Date.parse('2026-02-01T00:00:00+07:00'), NOW)).months).toEqual(
      expect.arrayContaining(['2026-03-01', '2026-04-01']),
    );
    await expectApologyCounted();
  });

  it('draws the charts as SVG, in Vietnamese with diacritics or in English, from the same figures', async () => {
    const trend = await reportChart(db.pool, 'on-time-trend', q({}), null, 'vi', NOW);
    expect(trend.startsWith('<svg')).toBe(true);
    expect(trend).toContain('Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn theo tháng');
    // February: A early (100 %); March: C early, F on time, B and D late (50 %).
    expect(trend).toContain('2026-02');
    expect(trend).toContain('2026-03');
    expect(trend).toContain('aria-label="Tháng: 2026-02; Tỷ lệ trước và đúng hạn: 100%"');
    expect(trend).toContain('aria-label="Tháng: 2026-03; Tỷ lệ trước và đúng hạn: 50%"');
    const agencies = await reportChart(db.pool, 'agency-on-time', q({}), null, 'en', NOW);
    expect(agencies).toContain('Early or on-time share by lead agency');
    expect(agencies).toContain('Agency: 000.00.72.H29; Early or on-time share: 100%');
    expect(agencies).toContain('Agency: 000.00.71.H29; Early or on-time share: 33%');
    const steps = await reportChart(db.pool, 'step-times', q({}), null, 'vi', NOW);
    expect(steps).toContain('insurance (000.00.61.H29)');
    expect(steps).toContain('Ngày làm việc');
  });

  it('changes nothing when events already applied come again, one by one or in a batch', async () => {
    const before = await rows();
    const events = await store.readAll({ filter: { categories: ['dossier'] } });
    const [projection] = projections();
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      // Mid-stream, where applying again would add visits and stops: B's handoffs (A holds the first six
      // events, B the next ten), then C's handoff, supplement and its return (C starts at 16).
      for (const e of events.slice(8, 12)) await projection!.handle(e, client);
      await projection!.handleBatch!(events.slice(18, 22), client);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await rows()).toEqual(before);
  });

  it('rebuilds to identical rows', async () => {
    const before = await rows();
    expect(before.dossiers).toHaveLength(7);
    await runner.stop();
    // Another batch size: streams split differently across batches, the same rows.
    runner = new ProjectionRunner(store, db.pool, projections(), { batchSize: 500 });
    await runner.rebuild(REPORT_FACTS_PROJECTION);
    expect((await rows()).dossiers).toEqual([]);
    await runner.start();
    const last = (await store.readAll({})).at(-1)!.position;
    await runner.waitForCheckpoint(REPORT_FACTS_PROJECTION, last, 20_000);
    expect(await rows()).toEqual(before);
  });
});

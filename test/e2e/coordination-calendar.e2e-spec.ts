import { startApiTestApp, TestClock, type ApiTestApp } from '../support/api-test-app';
import { until } from '../support/until';

/**
 * A holiday decision loaded while dossiers run (the Vietnamese calendar, a test clock in 2027): every
 * running dossier counts its deadlines again on the new calendar and records what moved
 * (DeadlinesRecomputed); loading a decision that moves nothing records nothing; the control slip
 * and the timeline show the change.
 */
const DESK = '000.00.71.H29';
const SOURCE = { document: 'Thông báo thử nghiệm 1/TB-BNV', issuer: 'Bộ Nội vụ', issuedOn: '2026-11-15' };
const YEAR_2027 = {
  year: 2027,
  source: SOURCE,
  daysOff: [
    { date: '2027-01-01', reason: 'Tết Dương lịch' },
    { date: '2027-02-05', reason: 'Tết Nguyên đán (29 tháng Chạp)' },
    { date: '2027-02-08', reason: 'Tết Nguyên đán (mùng 3)' },
    { date: '2027-02-09', reason: 'Tết Nguyên đán (mùng 4)' },
    { date: '2027-02-10', reason: 'Nghỉ bù mùng 1 trùng thứ Bảy' },
    { date: '2027-02-11', reason: 'Nghỉ bù mùng 2 trùng Chủ nhật' },
    { date: '2027-02-12', reason: 'Nghỉ hoán đổi Tết' },
    { date: '2027-04-16', reason: 'Giỗ Tổ Hùng Vương' },
    { date: '2027-04-30', reason: 'Ngày Chiến thắng' },
    { date: '2027-05-03', reason: 'Nghỉ bù Quốc tế Lao động' },
    { date: '2027-09-02', reason: 'Quốc khánh' },
    { date: '2027-09-03', reason: 'Quốc khánh (ngày liền kề)' },
  ],
  workingDays: [{ date: '2027-02-20', reason: 'Làm bù cho 12/02' }],
};
/** The same year with one more day off: Tuesday 2 March 2027. */
const AMENDED = {
  ...YEAR_2027,
  source: { ...SOURCE, document: 'Thông báo thử nghiệm 2/TB-BNV', issuedOn: '2027-02-25' },
  daysOff: [...YEAR_2027.daysOff, { date: '2027-03-02', reason: 'Nghỉ đột xuất (thử nghiệm)' }],
};

interface StoredEvent {
  revision: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor: { system?: string }; causationId?: string };
}

describe('holiday decisions reach running dossiers (Vietnamese calendar, test clock)', () => {
  let t: ApiTestApp;
  const clock = new TestClock(Date.parse('2027-03-01T09:00:00.000+07:00'));
  const http = () => t.http();
  const events = async (code: string): Promise<StoredEvent[]> =>
    (
      await t.db.pool.query<StoredEvent>(
        'SELECT revision::int AS revision, type, data, metadata FROM events WHERE stream_name = $1 ORDER BY revision',
        [`dossier-${code}`],
      )
    ).rows;
  const eventOf = (code: string, type: string, nth = 1) =>
    until(
      `${type} #${nth} in ${code}`,
      async () => (await events(code)).filter((e) => e.type === type)[nth - 1],
    );

  beforeAll(async () => {
    t = await startApiTestApp('e2e_coordination_calendar', {
      overrides: { seed: 'sample' },
      clock,
      coordination: true,
      projections: true,
    });
    await t.as('administrator', null, 'admin-1').post('/calendar/decisions').send(YEAR_2027).expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function receive(): Promise<string> {
    const res = await t
      .as('reception-officer', DESK, 'can-bo-1')
      .post('/dossiers')
      .send({
        procedureCode: '2.001610',
        channel: 'counter',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        applicant: { fullName: 'Phạm Văn Thử', address: '1 Hàm Nghi', idNumber: '079000000001' },
        documents: [
          { code: 'giay-de-nghi', copies: 1, original: true },
          { code: 'dieu-le', copies: 1, original: true },
        ],
      })
      .expect(201);
    return res.body.dossierCode as string;
  }

  it('moves the due date, the appointment and the running step by the new day off, records it once, and records nothing for a decision that moves nothing', async () => {
    const code = await receive();
    const handoff = await eventOf(code, 'StepHandedOff');
    // Two working days from Monday 09:00 on the calendar as it was: Wednesday 09:00.
    expect(handoff.data).toMatchObject({
      stepId: 'register-enterprise',
      deadline: '2027-03-03T09:00:00.000+07:00',
    });
    const received = (await events(code))[0]!.data;
    expect(received.appointmentAt).toBe('2027-03-04T17:00:00.000+07:00');

    clock.set('2027-03-01T10:00:00.000+07:00');
    await t.as('administrator', null, 'admin-1').post('/calendar/decisions').send(AMENDED).expect(201);
    const recomputed = await eventOf(code, 'DeadlinesRecomputed');
    expect(recomputed.data).toEqual({
      cause: { kind: 'calendar-decision', year: 2027, document: 'Thông báo thử nghiệm 2/TB-BNV' },
      recomputedAt: '2027-03-01T10:00:00.000+07:00',
      dueAt: { from: '2027-03-04T17:00:00.000+07:00', to: '2027-03-05T17:00:00.000+07:00' },
      appointmentAt: { from: '2027-03-04T17:00:00.000+07:00', to: '2027-03-05T17:00:00.000+07:00' },
      steps: [
        {
          stepId: 'register-enterprise',
          from: '2027-03-03T09:00:00.000+07:00',
          to: '2027-03-04T09:00:00.000+07:00',
        },
      ],
    });
    expect(recomputed.metadata.actor.system).toBe('calendar');

    // The dossier's own views follow: the state, the control slip's header and row, the timeline.
    await t.settle();
    const { state } = (await http().get(`/dossiers/${code}`).expect(200)).body as {
      state: { dueAt: string; appointmentAt: string };
    };
    expect(state).toMatchObject({
      dueAt: '2027-03-05T17:00:00.000+07:00',
      appointmentAt: '2027-03-05T17:00:00.000+07:00',
    });
    const slip = (await http().get(`/dossiers/${code}/control-slip`).expect(200)).body as {
      header: { dueAt: string };
      rows: { stepId: string | null; deadline: string; notes: { kind: string }[] }[];
      notes: { kind: string; text: { vi: string } }[];
    };
    expect(slip.header.dueAt).toBe('2027-03-05T17:00:00.000+07:00');
    const row = slip.rows.find((r) => r.stepId === 'register-enterprise')!;
    expect(row.deadline).toBe('2027-03-04T09:00:00.000+07:00');
    expect(row.notes.map((n) => n.kind)).toContain('deadline-moved');
    expect(slip.notes.find((n) => n.kind === 'deadlines-recomputed')?.text.vi).toContain(
      'Tính lại thời hạn theo lịch nghỉ mới: Thông báo thử nghiệm 2/TB-BNV (2027)',
    );

    // The same calendar loaded again (a correction of its wording): nothing moves, nothing recorded.
    const again = { ...AMENDED, source: { ...AMENDED.source, document: 'Thông báo thử nghiệm 3/TB-BNV' } };
    const marker = await receive(); // a second dossier, received on the amended calendar
    await eventOf(marker, 'StepHandedOff');
    await t.as('administrator', null, 'admin-1').post('/calendar/decisions').send(again).expect(201);
    // Both workflows are signalled after their recomputation was tried (the code's second signal).
    const signals = async (id: string) =>
      ((await t.temporal.client.workflow.getHandle(id).fetchHistory()).events ?? []).filter(
        (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'calendarChanged',
      ).length;
    await until('the calendarChanged signals', async () =>
      (await signals(code)) >= 2 && (await signals(marker)) >= 1 ? true : undefined,
    );
    await t.settle();
    expect((await events(code)).filter((e) => e.type === 'DeadlinesRecomputed')).toHaveLength(1);
    expect((await events(marker)).filter((e) => e.type === 'DeadlinesRecomputed')).toHaveLength(0);
    // Each recomputation carries the decision event's id as its idempotency key.
    expect(recomputed.metadata.causationId).toMatch(/^calendar:/);

    await http().post(`/dossiers/${code}/withdrawal`).send({ reason: 'Kết thúc kiểm thử' }).expect(200);
    await http().post(`/dossiers/${marker}/withdrawal`).send({ reason: 'Kết thúc kiểm thử' }).expect(200);
  }, 90_000);
});

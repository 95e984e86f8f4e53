import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

describe('holiday calendar through HTTP', () => {
  let t: ApiTestApp;
  const http = () => t.http();

  beforeAll(async () => {
    t = await startApiTestApp('e2e_calendar');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows Tết 2025 from the shipped decision, with reasons', async () => {
    const res = await http().get('/calendar/days?from=2025-01-24&to=2025-02-08').expect(200);
    const byDate = Object.fromEntries(
      (res.body as { date: string; working: boolean }[]).map((d) => [d.date, d.working]),
    );
    expect(byDate).toMatchObject({
      '2025-01-24': true,
      '2025-01-27': false,
      '2025-01-31': false,
      '2025-02-03': true,
      '2025-02-08': true,
    });
  });

  it('refuses an invalid decision with every problem and loads nothing', async () => {
    const res = await http()
      .post('/calendar/decisions')
      .send({
        year: 2027,
        source: { document: '', issuer: 'Bộ Nội vụ', issuedOn: 'hôm qua' },
        daysOff: [{ date: '2027-02-30', reason: 'x' }],
        workingDays: [{ date: '2027-02-10', reason: 'thứ Tư' }],
      })
      .expect(400);
    expect(res.body.code).toBe('CALENDAR_DECISION_INVALID');
    expect((res.body.problems as { path: string }[]).map((p) => p.path)).toEqual([
      'source.document',
      'source.issuedOn',
      'daysOff[0].date',
      'workingDays[0].date',
    ]);
    expect(
      ((await http().get('/calendar/decisions').expect(200)).body as { year: number }[]).map((d) => d.year),
    ).toEqual([2024, 2025, 2026]);
    await http().get('/calendar/days?from=2027-13-01&to=2027-01-05').expect(400);
  });

  it('applies a loaded decision at once and records it', async () => {
    const decision = {
      year: 2027,
      source: { document: 'Thông báo thử nghiệm', issuer: 'Bộ Nội vụ', issuedOn: '2026-11-15' },
      daysOff: [
        { date: '2027-01-01', reason: 'Tết Dương lịch' },
        { date: '2027-02-12', reason: 'Nghỉ hoán đổi Tết' },
      ],
      workingDays: [{ date: '2027-02-20', reason: 'Làm bù cho 12/02' }],
    };
    expect(
      (await http().post('/calendar/decisions').set('x-person-id', 'admin-1').send(decision).expect(201))
        .body,
    ).toMatchObject({ replaced: false });
    const days = (await http().get('/calendar/days?from=2027-02-12&to=2027-02-20').expect(200)).body as {
      date: string;
      working: boolean;
      basis: string;
    }[];
    expect(days.find((d) => d.date === '2027-02-12')).toMatchObject({ working: false, basis: 'decision' });
    expect(days.find((d) => d.date === '2027-02-20')).toMatchObject({ working: true, basis: 'decision' });
    const events = await t.db.pool.query(
      "SELECT type FROM events WHERE stream_name = 'calendar-vn_civil_service'",
    );
    expect(events.rows).toEqual([{ type: 'CalendarDecisionLoaded' }]);
  });
});

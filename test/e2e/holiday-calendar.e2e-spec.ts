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

  // 2025: Tết off Sat 25/1 to Sun 2/2 with no Saturday made up (Công văn 8726/VPCP-KGVX, 26/11/2024).
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
      '2025-02-08': false,
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
      // A calendar year is the whole truth for its year: weekday public holidays it forgot are named.
      'daysOff',
      'daysOff',
      'daysOff',
      'daysOff',
      'daysOff',
    ]);
    expect(JSON.stringify(res.body.problems)).toContain('2027-04-16');
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
    expect(
      (await t.as('administrator', null, 'admin-1').post('/calendar/decisions').send(decision).expect(201))
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

import { OFFICIAL_DECISIONS } from './official-decisions';
import { parseCalendarDecision } from './calendar-decision';
import { statutoryHolidays } from './statutory-holidays';
import { WorkingDayCalendar } from './working-day-calendar';

const calendar = new WorkingDayCalendar(OFFICIAL_DECISIONS);

describe('official schedules 2024-2026', () => {
  it.each(OFFICIAL_DECISIONS.map((d) => [d.year, d] as const))(
    'the %i data file is valid',
    (_year, decision) => {
      expect(parseCalendarDecision(decision)).toEqual({ ok: true, value: decision });
    },
  );

  it.each(OFFICIAL_DECISIONS.flatMap((d) => d.daysOff.map((o) => [o.date, o.reason] as const)))(
    '%s is a day off (%s)',
    (date) => expect(calendar.isWorkingDay(date)).toBe(false),
  );

  it.each(OFFICIAL_DECISIONS.flatMap((d) => d.workingDays.map((o) => [o.date, o.reason] as const)))(
    '%s is a Saturday worked (%s)',
    (date) => expect(calendar.isWorkingDay(date)).toBe(true),
  );

  it('closes Tết Ất Tỵ from Sat 25/1 to Sun 2/2/2025 and opens again on Mon 3/2', () => {
    const days = [
      '2025-01-24',
      '2025-01-25',
      '2025-01-26',
      '2025-01-27',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
      '2025-02-03',
    ];
    expect(days.map((d) => calendar.isWorkingDay(d))).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('closes Tết Bính Ngọ from Sat 14/2 to Sun 22/2/2026', () => {
    for (let d = 14; d <= 22; d += 1) expect(calendar.isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
  });

  it('says why a day is off and on what basis', () => {
    expect(calendar.day('2025-05-02')).toMatchObject({
      working: false,
      basis: 'decision',
      reason: expect.stringMatching(/hoán đổi/),
    });
    expect(calendar.day('2025-05-10')).toMatchObject({ working: false, basis: 'weekend' });
    expect(calendar.day('2025-05-03')).toMatchObject({ working: false, basis: 'decision' });
  });

  it('applies a decision loaded later, so deadlines can be recomputed', () => {
    const before = new WorkingDayCalendar();
    expect(before.isWorkingDay('2025-01-27')).toBe(true);
    expect(before.withDecision(OFFICIAL_DECISIONS[1]!).isWorkingDay('2025-01-27')).toBe(false);
  });
});

describe('Labour Code rules for a year without a decision', () => {
  const fallback = new WorkingDayCalendar(OFFICIAL_DECISIONS);

  it('gives Tết 2027 five days around 6/2 and makes up the weekend ones on the next working days', () => {
    const dates = statutoryHolidays(2027).map((h) => h.date);
    expect(dates).toEqual(
      expect.arrayContaining([
        '2027-02-05',
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
      ]),
    );
    expect(fallback.isWorkingDay('2027-02-11')).toBe(false);
    expect(fallback.isWorkingDay('2027-02-12')).toBe(true);
  });

  it('makes up 1 May 2027, a Saturday, on Monday 3 May', () => {
    expect(fallback.day('2027-05-03')).toMatchObject({
      working: false,
      basis: 'statutory',
      reason: expect.stringMatching(/Nghỉ bù/),
    });
  });

  it('keeps Hùng Kings day on 10/3 lunar (16/4/2027) and National Day with its adjacent day', () => {
    expect(fallback.isWorkingDay('2027-04-16')).toBe(false);
    expect(fallback.isWorkingDay('2027-09-01')).toBe(false);
    expect(fallback.isWorkingDay('2027-09-02')).toBe(false);
    expect(fallback.isWorkingDay('2027-09-03')).toBe(true);
  });
});

describe('calendar decision files', () => {
  it('reports every problem with its path', () => {
    const result = parseCalendarDecision({
      year: 2027,
      source: { document: '', issuedOn: '2026-13-01' },
      daysOff: [
        { date: '2026-12-31', reason: 'x' },
        { date: '2027-02-30', reason: '' },
      ],
      workingDays: [{ date: '2027-02-10', reason: 'weekday' }],
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'source.document',
        'source.issuer',
        'source.issuedOn',
        'daysOff[0].date',
        'daysOff[1].date',
        'workingDays[0].date',
      ]),
    );
  });

  it('refuses something that is not an object', () => {
    expect(parseCalendarDecision([])).toEqual({
      ok: false,
      problems: [{ path: '', message: 'must be a JSON object' }],
    });
  });
});

import { addDays, toDayNumber, weekdayOfDayNumber } from '../local-date';
import { parseCalendarYear } from './calendar-year';
import { OFFICIAL_DECISIONS } from './official-decisions';
import { LABOUR_CODE_2019, statutoryHolidays } from './statutory-holidays';
import { WorkingDayCalendar, compileHolidaySet } from './working-day-calendar';

const calendar = new WorkingDayCalendar(OFFICIAL_DECISIONS);
const isWeekend = (date: string) => [0, 6].includes(weekdayOfDayNumber(toDayNumber(date)));
const datesFrom = (from: string, to: string) => {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
};

/**
 * What the government announced, written independently of the data files (see each file's sources):
 * the breaks (first and last day off) and the Saturdays worked in exchange.
 */
const ANNOUNCED: Record<number, { breaks: [string, string][]; saturdaysWorked: string[] }> = {
  2024: {
    breaks: [
      ['2024-01-01', '2024-01-01'],
      ['2024-02-08', '2024-02-14'],
      ['2024-04-18', '2024-04-18'],
      ['2024-04-27', '2024-05-01'],
      ['2024-08-31', '2024-09-03'],
    ],
    saturdaysWorked: ['2024-05-04'],
  },
  2025: {
    breaks: [
      ['2025-01-01', '2025-01-01'],
      ['2025-01-25', '2025-02-02'],
      ['2025-04-07', '2025-04-07'],
      ['2025-04-30', '2025-05-04'],
      ['2025-08-30', '2025-09-02'],
    ],
    saturdaysWorked: ['2025-04-26'],
  },
  2026: {
    breaks: [
      ['2026-01-01', '2026-01-04'],
      ['2026-02-14', '2026-02-22'],
      ['2026-04-26', '2026-04-27'],
      ['2026-04-30', '2026-05-01'],
      ['2026-08-29', '2026-09-02'],
    ],
    saturdaysWorked: ['2026-01-10', '2026-08-22'],
  },
};

const breaks = Object.values(ANNOUNCED).flatMap((y) => y.breaks);

describe('the official civil-service calendars 2024-2026', () => {
  it.each(OFFICIAL_DECISIONS.map((d) => [d.year, d] as const))(
    'ships a valid file for %i',
    (_year, decision) => {
      expect(parseCalendarYear(decision)).toEqual({ ok: true, value: decision });
    },
  );

  it.each(breaks)('closes every day of the break %s to %s', (from, to) => {
    expect(datesFrom(from, to).filter((d) => calendar.isWorkingDay(d))).toEqual([]);
  });

  it.each(breaks)('opens again around the break %s to %s (weekends aside)', (from, to) => {
    const before = addDays(from, -1);
    const after = addDays(to, 1);
    if (!isWeekend(before)) expect(calendar.isWorkingDay(before)).toBe(true);
    if (!isWeekend(after)) expect(calendar.isWorkingDay(after)).toBe(true);
  });

  it.each(Object.values(ANNOUNCED).flatMap((y) => y.saturdaysWorked))('works on Saturday %s', (date) => {
    expect(weekdayOfDayNumber(toDayNumber(date))).toBe(6);
    expect(calendar.day(date)).toMatchObject({ working: true, basis: 'decision' });
  });

  it.each([2024, 2025, 2026])(
    'gives civil servants exactly the 11 statutory days off net of swaps in %i',
    (year) => {
      const days = calendar.days(`${year}-01-01`, `${year}-12-31`);
      const weekdaysOff = days.filter((d) => !d.working && !isWeekend(d.date)).length;
      const weekendsWorked = days.filter((d) => d.working && isWeekend(d.date)).length;
      expect(weekdaysOff - weekendsWorked).toBe(11);
    },
  );

  it('lists nothing but the announced days: no other weekday is off, no other weekend day is worked', () => {
    const announcedOff = new Set(breaks.flatMap(([from, to]) => datesFrom(from, to)));
    const announcedWorked = new Set(Object.values(ANNOUNCED).flatMap((y) => y.saturdaysWorked));
    const unexpected = calendar
      .days('2024-01-01', '2026-12-31')
      .filter((d) =>
        isWeekend(d.date)
          ? d.working !== announcedWorked.has(d.date)
          : d.working === announcedOff.has(d.date),
      )
      .map((d) => d.date);
    expect(unexpected).toEqual([]);
  });

  it('keeps Saturday 8/2/2025 closed: the approved Tết 2025 plan swapped no day', () => {
    expect(calendar.day('2025-02-08')).toEqual({ date: '2025-02-08', working: false, basis: 'weekend' });
    expect(calendar.day('2025-01-27')).toMatchObject({
      working: false,
      basis: 'decision',
      source: 'Công văn 8726/VPCP-KGVX',
    });
  });

  it('says why a day is off, on what basis and by which document', () => {
    expect(calendar.day('2025-05-02')).toEqual({
      date: '2025-05-02',
      working: false,
      reason: expect.stringMatching(/hoán đổi/),
      basis: 'decision',
      source: 'Công văn 8726/VPCP-KGVX',
    });
    expect(calendar.day('2025-05-10')).toEqual({ date: '2025-05-10', working: false, basis: 'weekend' });
    expect(calendar.day('2025-05-12')).toEqual({ date: '2025-05-12', working: true, basis: 'weekday' });
  });

  it('applies a year file loaded later, so deadlines can be recomputed', () => {
    const before = new WorkingDayCalendar();
    expect(before.isWorkingDay('2026-08-31')).toBe(true);
    expect(before.withDecision(OFFICIAL_DECISIONS[2]!).isWorkingDay('2026-08-31')).toBe(false);
  });
});

describe('Labour Code rules for a year without a file', () => {
  const fallback = new WorkingDayCalendar(OFFICIAL_DECISIONS);

  it('gives Tết Đinh Mùi 2027 the last day of the old year and mùng 1-4, making up the weekend ones', () => {
    const tet = statutoryHolidays(2027).filter((h) => h.date >= '2027-02-01' && h.date <= '2027-02-28');
    expect(tet).toEqual([
      { date: '2027-02-05', reason: 'Tết Nguyên đán (29 tháng Chạp)' },
      { date: '2027-02-06', reason: 'Tết Nguyên đán (mùng 1)' },
      { date: '2027-02-07', reason: 'Tết Nguyên đán (mùng 2)' },
      { date: '2027-02-08', reason: 'Tết Nguyên đán (mùng 3)' },
      { date: '2027-02-09', reason: 'Tết Nguyên đán (mùng 4)' },
      { date: '2027-02-10', reason: expect.stringMatching(/^Nghỉ bù: Tết Nguyên đán \(mùng 1\)/) },
      { date: '2027-02-11', reason: expect.stringMatching(/^Nghỉ bù: Tết Nguyên đán \(mùng 2\)/) },
    ]);
    expect(fallback.isWorkingDay('2027-02-12')).toBe(true);
  });

  it('makes up 1 May 2027, a Saturday, on Monday 3 May', () => {
    expect(fallback.day('2027-05-03')).toMatchObject({
      working: false,
      basis: 'statutory',
      reason: expect.stringMatching(/Nghỉ bù/),
    });
  });

  it('keeps Hùng Kings day on 10/3 lunar (Friday 16/4/2027)', () => {
    expect(fallback.day('2027-04-16')).toMatchObject({ working: false, basis: 'statutory' });
  });

  it('takes the Friday after National Day when 2/9 is a Thursday (2027), else the day before (2028)', () => {
    expect(['2027-09-01', '2027-09-02', '2027-09-03'].map((d) => fallback.isWorkingDay(d))).toEqual([
      true,
      false,
      false,
    ]);
    expect(['2028-09-01', '2028-09-02'].map((d) => fallback.isWorkingDay(d))).toEqual([false, false]);
  });

  it('arrives at 2/9 and 3/9 for 2024 as the government did: 2/9 a Monday, 1/9 a Sunday made up on Tuesday', () => {
    const rules2024 = statutoryHolidays(2024).map((h) => h.date);
    expect(rules2024).toEqual(expect.arrayContaining(['2024-09-02', '2024-09-03']));
  });

  it.each([2027, 2028, 2029, 2030, 2031, 2032])('gives 11 weekdays off in %i', (year) => {
    const days = fallback.days(`${year}-01-01`, `${year}-12-31`);
    expect(days.filter((d) => !d.working && !isWeekend(d.date))).toHaveLength(11);
  });

  it('follows other rules when the law changes, e.g. a Vietnamese Culture Day on 24/11', () => {
    const amended = {
      ...LABOUR_CODE_2019,
      solar: [...LABOUR_CODE_2019.solar, { month: 11, day: 24, reason: 'Ngày Văn hóa Việt Nam' }],
    };
    expect(new WorkingDayCalendar([], amended).day('2027-11-24')).toMatchObject({
      working: false,
      reason: 'Ngày Văn hóa Việt Nam',
    });
    expect(fallback.isWorkingDay('2027-11-24')).toBe(true);
  });
});

describe('compiled holiday sets', () => {
  const set = compileHolidaySet(OFFICIAL_DECISIONS, 2024, 2027);

  it('says which years follow a file and which the rules', () => {
    expect(set.years).toEqual([
      { year: 2024, basis: 'decision', document: 'Thông báo 5015/TB-LĐTBXH' },
      { year: 2025, basis: 'decision', document: 'Công văn 8726/VPCP-KGVX' },
      { year: 2026, basis: 'decision', document: 'Thông báo 9441/TB-BNV' },
      { year: 2027, basis: 'statutory' },
    ]);
    expect(set.rules).toBe('Bộ luật Lao động 2019, Điều 112');
  });

  it('survives JSON (a workflow input) and answers every day like the calendar it came from', () => {
    const revived = WorkingDayCalendar.fromHolidaySet(JSON.parse(JSON.stringify(set)));
    const differing = calendar
      .days('2024-01-01', '2027-12-31')
      .filter((d) => revived.isWorkingDay(d.date) !== d.working)
      .map((d) => d.date);
    expect(differing).toEqual([]);
    expect(revived.day('2026-01-10')).toEqual(calendar.day('2026-01-10'));
  });

  it('holds only the days that differ from the ordinary week, sorted', () => {
    expect(set.days.every((d, i) => i === 0 || set.days[i - 1]!.date < d.date)).toBe(true);
    expect(set.days.every((d) => d.basis === 'decision' || d.basis === 'statutory')).toBe(true);
  });

  it('refuses a reversed range', () => {
    expect(() => compileHolidaySet(OFFICIAL_DECISIONS, 2026, 2024)).toThrow(RangeError);
  });
});

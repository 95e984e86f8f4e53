import { parseCalendarYear, type CalendarYear } from './calendar-year';

/** A complete, valid file for 2027 (holidays by the Labour Code, one swap). */
const valid: CalendarYear = {
  year: 2027,
  source: { document: 'Thông báo 1/TB-BNV', issuer: 'Bộ Nội vụ', issuedOn: '2026-10-15' },
  daysOff: [
    { date: '2027-01-01', reason: 'Tết Dương lịch' },
    { date: '2027-02-05', reason: 'Tết', source: 'Thông báo 1/TB-BNV' },
    { date: '2027-02-08', reason: 'Tết' },
    { date: '2027-02-09', reason: 'Tết' },
    { date: '2027-02-10', reason: 'Nghỉ bù' },
    { date: '2027-02-11', reason: 'Nghỉ bù' },
    { date: '2027-02-12', reason: 'Nghỉ hoán đổi', source: 'Thông báo 1/TB-BNV' },
    { date: '2027-04-16', reason: 'Giỗ Tổ Hùng Vương' },
    { date: '2027-04-30', reason: 'Ngày Chiến thắng' },
    { date: '2027-05-03', reason: 'Nghỉ bù 1/5' },
    { date: '2027-09-02', reason: 'Quốc khánh' },
    { date: '2027-09-03', reason: 'Quốc khánh (ngày liền kề)' },
  ],
  workingDays: [{ date: '2027-02-20', reason: 'Làm bù 12/2', source: 'Thông báo 1/TB-BNV' }],
};

const problemsOf = (input: unknown) => {
  const result = parseCalendarYear(input);
  return result.ok ? [] : result.problems;
};

describe('calendar-year files', () => {
  it('accepts a complete file and returns it typed', () => {
    expect(parseCalendarYear(valid)).toEqual({ ok: true, value: valid });
  });

  it('reports every problem at once, each with its path', () => {
    const problems = problemsOf({
      year: 2027,
      source: { document: '', issuedOn: '2026-13-01' },
      daysOff: [
        ...valid.daysOff,
        { date: '2026-12-31', reason: 'x' },
        { date: '2027-02-30', reason: '' },
        { date: '2027-04-30', reason: 'again' },
        'not a day',
      ],
      workingDays: [{ date: '2027-02-10', reason: 'a weekday', source: 'Công văn 9/VPCP' }],
      notes: 3,
    });
    expect(problems.map((p) => p.path)).toEqual([
      'source.document',
      'source.issuer',
      'source.issuedOn',
      'daysOff[12].date',
      'daysOff[13].reason',
      'daysOff[13].date',
      'daysOff[14].date',
      'daysOff[15]',
      'workingDays[0].date',
      'workingDays[0].date',
      'notes',
    ]);
    expect(problems.find((p) => p.path === 'daysOff[14].date')?.message).toMatch(
      /listed twice \(also at daysOff\[8\]\)/,
    );
    expect(problems.find((p) => p.path === 'daysOff[12].date')?.message).toBe('2026-12-31 is not in 2027');
  });

  it('names unknown fields, so a misspelt key is not silently ignored', () => {
    expect(problemsOf({ ...valid, dayOff: [] }).map((p) => p.path)).toEqual(['dayOff']);
    expect(problemsOf({ ...valid, source: { ...valid.source, number: '1' } }).map((p) => p.path)).toEqual([
      'source.number',
    ]);
  });

  it('requires a day source to be one of the cited documents', () => {
    const problems = problemsOf({
      ...valid,
      workingDays: [{ date: '2027-02-20', reason: 'Làm bù', source: 'Công văn 2/VPCP-KGVX' }],
    });
    expect(problems).toEqual([
      {
        path: 'workingDays[0].source',
        message: 'must be the document of a cited source (Thông báo 1/TB-BNV)',
      },
    ]);
    const cited = {
      ...valid,
      additionalSources: [{ document: 'Công văn 2/VPCP-KGVX', issuer: 'VPCP', issuedOn: '2026-09-01' }],
    };
    expect(
      problemsOf({
        ...cited,
        workingDays: [{ date: '2027-02-20', reason: 'Làm bù', source: 'Công văn 2/VPCP-KGVX' }],
      }),
    ).toEqual([]);
  });

  it('refuses a file that forgets a public holiday falling on a weekday', () => {
    const problems = problemsOf({ ...valid, daysOff: valid.daysOff.filter((d) => d.date !== '2027-04-16') });
    expect(problems).toEqual([
      {
        path: 'daysOff',
        message:
          '2027-04-16 (Giỗ Tổ Hùng Vương (10/3 âm lịch)) is a public holiday on a weekday: list it as a day off',
      },
    ]);
  });

  it('refuses what is not an object, and a year out of range', () => {
    expect(problemsOf([])).toEqual([{ path: '', message: 'must be a JSON object' }]);
    expect(problemsOf({ ...valid, year: 1850 }).map((p) => p.path)).toEqual(['year']);
  });
});

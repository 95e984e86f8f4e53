import { formatDate, formatDateTime, formatNumber, formatPercent, parseDay, todayInVietnam } from './format';

describe('Vietnamese formats', () => {
  it('writes instants in Vietnam time as dd/MM/yyyy HH:mm', () => {
    expect(formatDateTime('2026-03-09T01:05:00Z')).toBe('08:05 09/03/2026');
    expect(formatDateTime('2026-03-09T17:00:00.000+07:00')).toBe('17:00 09/03/2026');
    expect(formatDateTime('2026-03-09T17:00:00.000+07:00', 'en')).toBe('09/03/2026, 17:00');
  });
  it('writes a calendar day as dd/MM/yyyy and a missing one as a dash', () => {
    expect(formatDate('2026-12-31')).toBe('31/12/2026');
    expect(formatDate(null)).toBe('—');
  });
  it('uses a dot for thousands and a comma for decimals in Vietnamese', () => {
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatPercent(0.875)).toBe('87,5 %');
  });
  it("takes today's date in Vietnam, not in the machine's zone", () => {
    expect(todayInVietnam(new Date('2026-03-09T18:30:00Z'))).toBe('2026-03-10');
  });
  it('reads a typed day as dd/mm/yyyy, strictly: a day that does not exist or is not whole is none', () => {
    expect(parseDay('04/12/2026')).toBe('2026-12-04');
    expect(parseDay('4/2/2026')).toBe('2026-02-04');
    expect(parseDay('29/02/2028')).toBe('2028-02-29');
    expect(parseDay('29/02/2026')).toBeNull();
    expect(parseDay('31/04/2026')).toBeNull();
    expect(parseDay('12/04')).toBeNull();
    expect(parseDay('2026-12-04')).toBeNull();
  });
});

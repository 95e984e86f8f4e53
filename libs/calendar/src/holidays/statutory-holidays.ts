import { addDays, toLocalDate, weekdayOf, type LocalDate } from '../local-date';
import { hungKingsDay, tetDate } from '../lunar/vietnamese-lunar';

export interface Holiday {
  readonly date: LocalDate;
  readonly reason: string;
}

/**
 * Public holidays by the Labour Code 2019, Art. 112, for a year without a government decision:
 * 1/1; Tết (5 days: the last day of the lunar year and the first four of the new one — the usual
 * split; the exact days are decided each year); Hùng Kings day (10/3 lunar); 30/4; 1/5; 2/9 and the
 * day before it (the adjacent day is decided each year). A holiday on a weekend is made up on the next
 * working day. Pure.
 */
export function statutoryHolidays(year: number): Holiday[] {
  const tet = toLocalDate(tetDate(year));
  const base: Holiday[] = [
    { date: `${year}-01-01`, reason: 'Tết Dương lịch' },
    { date: addDays(tet, -1), reason: 'Tết Nguyên đán (cuối năm âm lịch)' },
    { date: tet, reason: 'Tết Nguyên đán (mùng 1)' },
    { date: addDays(tet, 1), reason: 'Tết Nguyên đán (mùng 2)' },
    { date: addDays(tet, 2), reason: 'Tết Nguyên đán (mùng 3)' },
    { date: addDays(tet, 3), reason: 'Tết Nguyên đán (mùng 4)' },
    { date: toLocalDate(hungKingsDay(year)), reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { date: `${year}-04-30`, reason: 'Ngày Chiến thắng' },
    { date: `${year}-05-01`, reason: 'Ngày Quốc tế lao động' },
    { date: `${year}-09-01`, reason: 'Quốc khánh (ngày liền kề)' },
    { date: `${year}-09-02`, reason: 'Quốc khánh' },
  ];
  // A Tết that starts late in a lunar year can push its last day into the next solar year: keep this year's.
  const inYear = base.filter((h) => h.date.startsWith(`${year}-`));
  const taken = new Set(inYear.map((h) => h.date));
  const result = [...inYear];
  for (const holiday of inYear) {
    const weekday = weekdayOf(holiday.date);
    if (weekday !== 0 && weekday !== 6) continue;
    let day = addDays(holiday.date, 1);
    while (taken.has(day) || weekdayOf(day) === 0 || weekdayOf(day) === 6) day = addDays(day, 1);
    taken.add(day);
    result.push({ date: day, reason: `Nghỉ bù: ${holiday.reason}` });
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

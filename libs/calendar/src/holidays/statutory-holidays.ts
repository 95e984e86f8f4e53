import {
  fromDayNumber,
  toDayNumber,
  toLocalDate,
  weekdayOfDayNumber,
  type DayNumber,
  type LocalDate,
} from '../local-date';
import { lunarToSolar, solarToLunar } from '../lunar/vietnamese-lunar';

export interface Holiday {
  readonly date: LocalDate;
  readonly reason: string;
}

/**
 * The public holidays the law fixes, as data, so a change of the law (a new holiday, such as the
 * proposed Vietnamese Culture Day, 24/11) is a new rules object rather than a code change.
 */
export interface HolidayRules {
  /** The law, e.g. `Bộ luật Lao động 2019, Điều 112`. */
  readonly name: string;
  /** Holidays on a solar date. */
  readonly solar: readonly { readonly month: number; readonly day: number; readonly reason: string }[];
  /** Holidays on a lunar date (regular month), other than Tết. */
  readonly lunar: readonly { readonly month: number; readonly day: number; readonly reason: string }[];
  /**
   * Tết: `days` consecutive days starting `firstDay` days from mùng 1 (−1: the last day of the old
   * year). The split is decided every year; this is the default until the year's decision is loaded.
   */
  readonly tet: { readonly firstDay: number; readonly days: number };
  /**
   * A solar holiday that comes with one adjacent day (2/9, National Day). The day before is assumed,
   * except when the holiday is a Thursday (the Friday makes a long weekend): the choice is announced
   * every year, so this is a default until the year's decision is loaded.
   */
  readonly withAdjacentDay?: { readonly month: number; readonly day: number; readonly reason: string };
}

/** Labour Code 2019 (Bộ luật Lao động số 45/2019/QH14), Art. 112(1); weekend holidays made up per Art. 111(3). */
export const LABOUR_CODE_2019: HolidayRules = {
  name: 'Bộ luật Lao động 2019, Điều 112',
  solar: [
    { month: 1, day: 1, reason: 'Tết Dương lịch' },
    { month: 4, day: 30, reason: 'Ngày Chiến thắng' },
    { month: 5, day: 1, reason: 'Ngày Quốc tế Lao động' },
    { month: 9, day: 2, reason: 'Quốc khánh' },
  ],
  lunar: [{ month: 3, day: 10, reason: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' }],
  tet: { firstDay: -1, days: 5 },
  withAdjacentDay: { month: 9, day: 2, reason: 'Quốc khánh (ngày liền kề)' },
};

const TET_DAY_NAMES = ['mùng 1', 'mùng 2', 'mùng 3', 'mùng 4', 'mùng 5', 'mùng 6', 'mùng 7'];

function tetDays(year: number, rules: HolidayRules): Holiday[] {
  const first = lunarToSolar({ day: 1, month: 1, year, leap: false });
  if (!first) return [];
  const mung1 = toDayNumber(toLocalDate(first));
  return [...Array(rules.tet.days).keys()].map((i) => {
    const day = mung1 + rules.tet.firstDay + i;
    const offset = day - mung1;
    const lunar = solarToLunar({ ...splitDate(fromDayNumber(day)) });
    const name = offset >= 0 ? TET_DAY_NAMES[offset] : `${lunar.day} tháng Chạp`;
    return { date: fromDayNumber(day), reason: `Tết Nguyên đán (${name ?? `mùng ${offset + 1}`})` };
  });
}

function splitDate(date: LocalDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/**
 * The holidays the law fixes to a date, without the days chosen each year: each solar and lunar
 * holiday and Tết mùng 1 to 3 (every Tết split includes them). A calendar-year file must list those
 * that fall on a weekday.
 */
export function statutoryAnchors(year: number, rules: HolidayRules = LABOUR_CODE_2019): Holiday[] {
  const anchors: Holiday[] = rules.solar.map((h) => ({
    date: toLocalDate({ ...h, year }),
    reason: h.reason,
  }));
  for (const h of rules.lunar) {
    const solar = lunarToSolar({ day: h.day, month: h.month, year, leap: false });
    if (solar) anchors.push({ date: toLocalDate(solar), reason: h.reason });
  }
  anchors.push(...tetDays(year, { ...rules, tet: { firstDay: 0, days: 3 } }));
  return anchors.sort((a, b) => a.date.localeCompare(b.date));
}

const isWeekend = (day: DayNumber): boolean => {
  const weekday = weekdayOfDayNumber(day);
  return weekday === 0 || weekday === 6;
};

/**
 * The public holidays of a year by the rules alone, for a year whose government decision is not
 * loaded: the solar and lunar holidays, Tết by the default split, the adjacent day of National Day,
 * and a compensatory day (nghỉ bù) on the next working day for each holiday on a weekend. Pure.
 */
export function statutoryHolidays(year: number, rules: HolidayRules = LABOUR_CODE_2019): Holiday[] {
  const holidays: Holiday[] = rules.solar.map((h) => ({
    date: toLocalDate({ ...h, year }),
    reason: h.reason,
  }));
  for (const h of rules.lunar) {
    const solar = lunarToSolar({ day: h.day, month: h.month, year, leap: false });
    if (solar) holidays.push({ date: toLocalDate(solar), reason: h.reason });
  }
  holidays.push(...tetDays(year, rules));
  if (rules.withAdjacentDay) {
    const main = toDayNumber(toLocalDate({ ...rules.withAdjacentDay, year }));
    const adjacent = weekdayOfDayNumber(main) === 4 ? main + 1 : main - 1;
    holidays.push({ date: fromDayNumber(adjacent), reason: rules.withAdjacentDay.reason });
  }
  const byDate = new Map<string, Holiday>();
  for (const h of holidays) if (!byDate.has(h.date)) byDate.set(h.date, h);
  const sorted = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  const taken = new Set(sorted.map((h) => toDayNumber(h.date)));
  const result = [...sorted];
  for (const holiday of sorted) {
    const day = toDayNumber(holiday.date);
    if (!isWeekend(day)) continue;
    let makeUp = day + 1;
    while (taken.has(makeUp) || isWeekend(makeUp)) makeUp += 1;
    taken.add(makeUp);
    result.push({
      date: fromDayNumber(makeUp),
      reason: `Nghỉ bù: ${holiday.reason} trùng ngày nghỉ hằng tuần`,
    });
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

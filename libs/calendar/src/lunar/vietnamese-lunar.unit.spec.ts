import { hungKingsDay, lunarToSolar, solarToLunar, tetDate } from './vietnamese-lunar';

const iso = (d: { day: number; month: number; year: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/**
 * Tết in Vietnam, from published Vietnamese calendars (lịch vạn niên). From 1968, when the North moved
 * its calendar from UTC+8 to UTC+7 (Tết Mậu Thân was celebrated on 29/1 in the North, 30/1 in the South).
 */
const VIETNAMESE_TET: Record<number, string> = {
  1968: '1968-01-29',
  1970: '1970-02-06',
  1975: '1975-02-11',
  1976: '1976-01-31',
  1980: '1980-02-16',
  1985: '1985-01-21',
  1990: '1990-01-27',
  1995: '1995-01-31',
  2000: '2000-02-05',
  2004: '2004-01-22',
  2005: '2005-02-09',
  2007: '2007-02-17',
  2008: '2008-02-07',
  2010: '2010-02-14',
  2012: '2012-01-23',
  2015: '2015-02-19',
  2016: '2016-02-08',
  2017: '2017-01-28',
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-02',
};

/** Years in which Chinese New Year (UTC+8) falls on another day than Vietnamese Tết (UTC+7). */
const CHINESE_DIFFERS: Record<number, string> = {
  1968: '1968-01-30',
  1985: '1985-02-20',
  2007: '2007-02-18',
  2030: '2030-02-03',
};

describe('Vietnamese lunar calendar', () => {
  it.each(Object.entries(VIETNAMESE_TET))('puts Tết %s on %s', (year, expected) => {
    expect(iso(tetDate(Number(year)))).toBe(expected);
  });

  it.each(Object.entries(CHINESE_DIFFERS))(
    'differs from the Chinese calendar in %s (China: %s), because Vietnam counts days at UTC+7',
    (year, chinese) => {
      expect(iso(tetDate(Number(year), 8))).toBe(chinese);
      expect(iso(tetDate(Number(year)))).not.toBe(chinese);
    },
  );

  it.each([
    [2019, '2019-04-14'],
    [2020, '2020-04-02'],
    [2021, '2021-04-21'],
    [2022, '2022-04-10'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('puts Hùng Kings day (10/3 lunar) of %i on %s', (year, expected) => {
    expect(iso(hungKingsDay(year))).toBe(expected);
  });

  it('converts both ways for every day from 1960 to 2040', () => {
    let checked = 0;
    for (let t = Date.UTC(1960, 0, 1); t <= Date.UTC(2040, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      const solar = { day: d.getUTCDate(), month: d.getUTCMonth() + 1, year: d.getUTCFullYear() };
      const lunar = solarToLunar(solar);
      expect(lunarToSolar(lunar)).toEqual(solar);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(29_000);
  });

  it('knows the leap month of 2023 (tháng 2 nhuận) and 2025 (tháng 6 nhuận)', () => {
    expect(solarToLunar({ day: 22, month: 3, year: 2023 })).toEqual({
      day: 1,
      month: 2,
      year: 2023,
      leap: true,
    });
    expect(solarToLunar({ day: 25, month: 7, year: 2025 })).toEqual({
      day: 1,
      month: 6,
      year: 2025,
      leap: true,
    });
    expect(lunarToSolar({ day: 1, month: 5, year: 2025, leap: true })).toBeUndefined();
  });
});

import { jdFromDate, jdToDate } from './astronomy';
import {
  hungKingsDay,
  lunarToSolar,
  solarToLunar,
  tetDate,
  vietnameseCalendarTimeZone,
  type SolarDate,
} from './vietnamese-lunar';

const iso = (d: SolarDate) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
const solar = (date: string): SolarDate => {
  const [year, month, day] = date.split('-').map(Number);
  return { year: year!, month: month!, day: day! };
};

/**
 * Chinese New Year (UTC+8), 1960-2030, as published in Chinese almanacs. Vietnamese Tết is the same
 * day except in the years listed in VIETNAM_DIFFERS.
 */
const CHINESE_NEW_YEAR: Record<number, string> = {
  1960: '1960-01-28',
  1961: '1961-02-15',
  1962: '1962-02-05',
  1963: '1963-01-25',
  1964: '1964-02-13',
  1965: '1965-02-02',
  1966: '1966-01-21',
  1967: '1967-02-09',
  1968: '1968-01-30',
  1969: '1969-02-17',
  1970: '1970-02-06',
  1971: '1971-01-27',
  1972: '1972-02-15',
  1973: '1973-02-03',
  1974: '1974-01-23',
  1975: '1975-02-11',
  1976: '1976-01-31',
  1977: '1977-02-18',
  1978: '1978-02-07',
  1979: '1979-01-28',
  1980: '1980-02-16',
  1981: '1981-02-05',
  1982: '1982-01-25',
  1983: '1983-02-13',
  1984: '1984-02-02',
  1985: '1985-02-20',
  1986: '1986-02-09',
  1987: '1987-01-29',
  1988: '1988-02-17',
  1989: '1989-02-06',
  1990: '1990-01-27',
  1991: '1991-02-15',
  1992: '1992-02-04',
  1993: '1993-01-23',
  1994: '1994-02-10',
  1995: '1995-01-31',
  1996: '1996-02-19',
  1997: '1997-02-07',
  1998: '1998-01-28',
  1999: '1999-02-16',
  2000: '2000-02-05',
  2001: '2001-01-24',
  2002: '2002-02-12',
  2003: '2003-02-01',
  2004: '2004-01-22',
  2005: '2005-02-09',
  2006: '2006-01-29',
  2007: '2007-02-18',
  2008: '2008-02-07',
  2009: '2009-01-26',
  2010: '2010-02-14',
  2011: '2011-02-03',
  2012: '2012-01-23',
  2013: '2013-02-10',
  2014: '2014-01-31',
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
  2030: '2030-02-03',
};

/**
 * Years in which Vietnamese Tết differs from Chinese New Year (Hồ Ngọc Đức's Âm lịch Việt Nam tables):
 * the new moon fell between 16:00 and 17:00 UT, i.e. before midnight at UTC+7 and after it at UTC+8.
 * In 1985 the leap month fell differently (China: 10th month of 1984; Vietnam: 2nd month of 1985), so
 * Tết came a whole month apart. 1968: North Vietnam's first Tết at UTC+7 (the South kept 30/1).
 */
const VIETNAM_DIFFERS: Record<number, string> = {
  1968: '1968-01-29',
  1969: '1969-02-16',
  1985: '1985-01-21',
  2007: '2007-02-17',
  2030: '2030-02-02',
};

const VIETNAMESE_TET: Record<number, string> = { ...CHINESE_NEW_YEAR, ...VIETNAM_DIFFERS };

describe('Tết on the Vietnamese lunar calendar', () => {
  it.each(Object.entries(VIETNAMESE_TET))('puts Tết %s on %s', (year, expected) => {
    expect(iso(tetDate(Number(year)))).toBe(expected);
  });

  it.each(Object.entries(CHINESE_NEW_YEAR))(
    'computes Chinese New Year %s (%s) with the same astronomy at UTC+8',
    (year, expected) => {
      expect(iso(tetDate(Number(year), 8))).toBe(expected);
    },
  );

  it('differs from the Chinese calendar in exactly 1968, 1969, 1985, 2007 and 2030 between 1960 and 2030', () => {
    const differing = Object.keys(CHINESE_NEW_YEAR)
      .map(Number)
      .filter((year) => iso(tetDate(year)) !== iso(tetDate(year, 8)));
    expect(differing).toEqual([1968, 1969, 1985, 2007, 2030]);
  });

  it('puts Tết 2053 a day before China too', () => {
    expect([iso(tetDate(2053)), iso(tetDate(2053, 8))]).toEqual(['2053-02-18', '2053-02-19']);
  });

  it('used the UTC+8 calendar before 1968: Tết Ất Tỵ was 2/2/1965, not the UTC+7 day 1/2', () => {
    expect(vietnameseCalendarTimeZone(1967)).toBe(8);
    expect(vietnameseCalendarTimeZone(1968)).toBe(7);
    expect(iso(tetDate(1965))).toBe('1965-02-02');
    expect(iso(tetDate(1965, 7))).toBe('1965-02-01');
  });
});

describe('Hùng Kings day (10/3 lunar)', () => {
  it.each([
    [2008, '2008-04-15'],
    [2015, '2015-04-28'],
    [2019, '2019-04-14'],
    [2020, '2020-04-02'],
    [2021, '2021-04-21'],
    [2022, '2022-04-10'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
    [2028, '2028-04-04'],
  ])('falls in %i on %s', (year, expected) => {
    expect(iso(hungKingsDay(year))).toBe(expected);
  });
});

describe('lunar dates quoted in the government notices on days off', () => {
  it.each([
    ['2020-01-23', { day: 29, month: 12, year: 2019 }],
    ['2020-01-29', { day: 5, month: 1, year: 2020 }],
    ['2023-01-20', { day: 29, month: 12, year: 2022 }],
    ['2023-01-26', { day: 5, month: 1, year: 2023 }],
    ['2024-02-08', { day: 29, month: 12, year: 2023 }],
    ['2024-02-14', { day: 5, month: 1, year: 2024 }],
    ['2025-01-25', { day: 26, month: 12, year: 2024 }],
    ['2025-02-02', { day: 5, month: 1, year: 2025 }],
    ['2026-02-14', { day: 27, month: 12, year: 2025 }],
    ['2026-02-16', { day: 29, month: 12, year: 2025 }],
    ['2026-02-20', { day: 4, month: 1, year: 2026 }],
    ['2026-02-22', { day: 6, month: 1, year: 2026 }],
  ])('%s is %o', (date, lunar) => {
    expect(solarToLunar(solar(date))).toEqual({ ...lunar, leap: false });
  });
});

describe('leap months', () => {
  /** Years with a leap month and its number, Vietnamese calendar, 1960-2060 (Hồ Ngọc Đức's tables). */
  const LEAP_MONTHS: Record<number, number> = {
    1960: 6,
    1963: 4,
    1966: 3,
    1968: 7,
    1971: 5,
    1974: 4,
    1976: 8,
    1979: 6,
    1982: 4,
    1985: 2,
    1987: 7,
    1990: 5,
    1993: 3,
    1995: 8,
    1998: 5,
    2001: 4,
    2004: 2,
    2006: 7,
    2009: 5,
    2012: 4,
    2014: 9,
    2017: 6,
    2020: 4,
    2023: 2,
    2025: 6,
    2028: 5,
    2031: 3,
    2033: 11,
    2036: 6,
    2039: 5,
    2042: 2,
    2044: 7,
    2047: 5,
    2050: 3,
    2052: 8,
    2055: 6,
    2058: 4,
  };

  const leapMonthsOf = (year: number, timeZone?: number) =>
    [...Array(12).keys()]
      .map((i) => i + 1)
      .filter((month) => lunarToSolar({ day: 1, month, year, leap: true }, timeZone) !== undefined);

  it('has exactly the published leap months from 1960 to 2060', () => {
    const found: Record<number, number> = {};
    for (let year = 1960; year <= 2060; year += 1) {
      const months = leapMonthsOf(year);
      expect(months.length).toBeLessThanOrEqual(1);
      if (months[0] !== undefined) found[year] = months[0];
    }
    expect(found).toEqual(LEAP_MONTHS);
  });

  it('puts the leap month of 1984/85 and 1987 elsewhere than China does', () => {
    expect([leapMonthsOf(1984), leapMonthsOf(1985), leapMonthsOf(1987)]).toEqual([[], [2], [7]]);
    expect([leapMonthsOf(1984, 8), leapMonthsOf(1985, 8), leapMonthsOf(1987, 8)]).toEqual([[10], [], [6]]);
  });

  it('knows the leap 2nd month of 2023 and the leap 6th month of 2025', () => {
    expect(solarToLunar(solar('2023-03-22'))).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(solarToLunar(solar('2025-07-25'))).toEqual({ day: 1, month: 6, year: 2025, leap: true });
  });
});

describe('conversions', () => {
  it('converts both ways for every day from 1960 to 2060', () => {
    const broken: string[] = [];
    let checked = 0;
    for (let jd = jdFromDate(1, 1, 1960); jd <= jdFromDate(31, 12, 2060); jd += 1) {
      const day = jdToDate(jd);
      const back = lunarToSolar(solarToLunar(day));
      if (!back || iso(back) !== iso(day)) broken.push(iso(day));
      checked += 1;
    }
    expect(broken).toEqual([]);
    expect(checked).toBe(36_891);
  });

  it('counts every lunar month as 29 or 30 days with consecutive days', () => {
    for (let year = 1960; year <= 2060; year += 1) {
      const tet = jdFromDate(tetDate(year).day, tetDate(year).month, tetDate(year).year);
      const nextTet = jdFromDate(tetDate(year + 1).day, tetDate(year + 1).month, tetDate(year + 1).year);
      expect([353, 354, 355, 383, 384, 385]).toContain(nextTet - tet);
    }
  });

  it('refuses lunar dates that do not exist', () => {
    // Month 12 of Ất Tỵ (2025) has 29 days: Tết Bính Ngọ follows 29 tháng Chạp.
    expect(lunarToSolar({ day: 30, month: 12, year: 2025, leap: false })).toBeUndefined();
    expect(lunarToSolar({ day: 29, month: 12, year: 2025, leap: false })).toEqual(solar('2026-02-16'));
    expect(lunarToSolar({ day: 1, month: 5, year: 2025, leap: true })).toBeUndefined();
    expect(lunarToSolar({ day: 0, month: 1, year: 2025, leap: false })).toBeUndefined();
    expect(lunarToSolar({ day: 1, month: 13, year: 2025, leap: false })).toBeUndefined();
  });

  it('places the month starts where the precise new moons fall, also for new moons minutes from midnight', () => {
    // New moons at 00:01 (21/9/1998) and 23:57 (21/4/2031) Vietnamese time, and two just before
    // midnight that the classic short series put on the next day (9/12/2072, 15/11/2077).
    expect(solarToLunar(solar('1998-09-21')).day).toBe(1);
    expect(solarToLunar(solar('2031-04-21')).day).toBe(1);
    expect(solarToLunar(solar('2072-12-09')).day).toBe(1);
    expect(solarToLunar(solar('2077-11-15')).day).toBe(1);
  });
});

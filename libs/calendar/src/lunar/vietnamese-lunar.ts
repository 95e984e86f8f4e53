import { jdFromDate, jdToDate, newMoonUT, sunApparentLongitude } from './astronomy';

/**
 * The Vietnamese lunisolar calendar (âm lịch) by the standard astronomical method, as Hồ Ngọc Đức
 * formulated it for Vietnam: a month starts on the local day of a new moon; the 11th month is the one
 * holding the winter solstice; in a year of 13 months the first month without a principal solar term
 * is the leap month (tháng nhuận). Days are counted at local midnight of the calendar's meridian.
 *
 * The meridian is what makes the Vietnamese and Chinese calendars differ: Vietnam counts at UTC+7
 * since North Vietnam adopted its own calendar (decision of 8 August 1967, in force from lunar year
 * Mậu Thân 1968); before that, Vietnam used the calendar computed for UTC+8, like China. A new moon
 * between 16:00 and 17:00 UT falls on different days at UTC+7 and UTC+8, so Tết differs in 1968,
 * 1969, 1985 (by a month: the leap month fell differently), 2007, 2030 and 2053.
 * (South Vietnam kept UTC+8 until 1975; that calendar is not modelled: dossiers need only recent dates.)
 *
 * Pure: no clock, no I/O.
 */

/** UTC+7: the meridian of the Vietnamese calendar from lunar year 1968. */
export const VIETNAM_TIME_ZONE_HOURS = 7;

/** The first lunar year Vietnam computed at UTC+7. */
const FIRST_UTC7_LUNAR_YEAR = 1968;

export interface LunarDate {
  readonly day: number;
  readonly month: number;
  readonly year: number;
  /** True for the intercalary (nhuận) month, which repeats the number of the month before it. */
  readonly leap: boolean;
}

export interface SolarDate {
  readonly day: number;
  readonly month: number;
  readonly year: number;
}

/** The time zone (hours east of UTC) at which Vietnam computed the given lunar year. */
export function vietnameseCalendarTimeZone(lunarYear: number): number {
  return lunarYear >= FIRST_UTC7_LUNAR_YEAR ? VIETNAM_TIME_ZONE_HOURS : 8;
}

/*
 * Lunations are numbered as in Hồ Ngọc Đức's program (k = 0: the new moon of 1 January 1900), with his
 * constants for choosing k, so the month logic below stays his; only the new-moon and solar-longitude
 * series are the more precise ones of astronomy.ts (whose count starts 1237 lunations later).
 */
const SYNODIC_MONTH = 29.530588853;
const EPOCH_1900 = 2415021.076998695;
const LUNATIONS_1900_TO_2000 = 1237;

/**
 * Results are memoised: they are pure functions of their arguments, so a cache cannot change an answer
 * (it stays deterministic inside workflows), and each conversion needs a dozen new moons and solar
 * longitudes. The caches grow with the number of distinct years converted: a few hundred entries.
 */
function memo<T>(compute: (a: number, timeZone: number) => T): (a: number, timeZone: number) => T {
  const cache = new Map<string, T>();
  return (a, timeZone) => {
    const key = `${timeZone}:${a}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(a, timeZone);
      cache.set(key, value);
    }
    return value;
  };
}

/** Julian day number of the local day on which the k-th new moon falls. */
const newMoonDay = memo((k, timeZone) =>
  Math.floor(newMoonUT(k - LUNATIONS_1900_TO_2000) + 0.5 + timeZone / 24),
);

/** The principal-term sector (0..11, 30° of solar longitude each) the sun is in as local day `jd` starts. */
function sunSector(jd: number, timeZone: number): number {
  return Math.floor(sunApparentLongitude(jd - 0.5 - timeZone / 24) / 30);
}

/**
 * The lunation whose month contains local day `jd`. The mean-motion estimate can be a lunation off when
 * a new moon falls near midnight, so it is corrected against the actual new-moon days.
 */
function lunationContaining(jd: number, timeZone: number): number {
  let k = Math.floor((jd - EPOCH_1900) / SYNODIC_MONTH);
  while (newMoonDay(k + 1, timeZone) <= jd) k += 1;
  while (newMoonDay(k, timeZone) > jd) k -= 1;
  return k;
}

/** The first day of the 11th lunar month (the month of the winter solstice) ending in solar year `year`. */
const lunarMonth11 = memo((year, timeZone) => {
  const k = lunationContaining(jdFromDate(31, 12, year), timeZone);
  const start = newMoonDay(k, timeZone);
  // Sector 9 starts at 270°, the solstice: a month starting past it is the 12th, not the 11th.
  return sunSector(start, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : start;
});

/** In a 13-month year starting with month 11 on day `a11`: index of the first month without a principal term. */
const leapMonthOffset = memo((a11, timeZone) => {
  const k = lunationContaining(a11, timeZone);
  let i = 1;
  let sector = sunSector(newMoonDay(k + i, timeZone), timeZone);
  let previous: number;
  do {
    previous = sector;
    i += 1;
    sector = sunSector(newMoonDay(k + i, timeZone), timeZone);
  } while (sector !== previous && i < 14);
  return i - 1;
});

function solarToLunarAt(date: SolarDate, timeZone: number): LunarDate {
  const jd = jdFromDate(date.day, date.month, date.year);
  const monthStart = newMoonDay(lunationContaining(jd, timeZone), timeZone);
  let a11 = lunarMonth11(date.year, timeZone);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = date.year;
    a11 = lunarMonth11(date.year - 1, timeZone);
  } else {
    year = date.year + 1;
    b11 = lunarMonth11(date.year + 1, timeZone);
  }
  const diff = Math.floor((monthStart - a11) / 29);
  let month = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { day: jd - monthStart + 1, month, year, leap };
}

function lunarToJdAt(lunar: LunarDate, timeZone: number): number | undefined {
  const [a11, b11] =
    lunar.month < 11
      ? [lunarMonth11(lunar.year - 1, timeZone), lunarMonth11(lunar.year, timeZone)]
      : [lunarMonth11(lunar.year, timeZone), lunarMonth11(lunar.year + 1, timeZone)];
  const k = lunationContaining(a11, timeZone);
  let offset = lunar.month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (lunar.leap && lunar.month !== leapMonth) return undefined;
    if (lunar.leap || offset >= leapOffset) offset += 1;
  } else if (lunar.leap) {
    return undefined;
  }
  return newMoonDay(k + offset, timeZone) + lunar.day - 1;
}

/**
 * The lunar date of a solar (Gregorian) date on the Vietnamese calendar, or, when `timeZone` is given,
 * on the calendar computed at that meridian (8 gives the Chinese calendar).
 */
export function solarToLunar(date: SolarDate, timeZone?: number): LunarDate {
  if (timeZone !== undefined) return solarToLunarAt(date, timeZone);
  const lunar = solarToLunarAt(date, VIETNAM_TIME_ZONE_HOURS);
  const historic = vietnameseCalendarTimeZone(lunar.year);
  return historic === VIETNAM_TIME_ZONE_HOURS ? lunar : solarToLunarAt(date, historic);
}

/**
 * The solar date of a lunar date, or undefined when that lunar date does not exist: a leap month the
 * year lacks, or a day 30 of a 29-day month.
 */
export function lunarToSolar(lunar: LunarDate, timeZone?: number): SolarDate | undefined {
  if (!Number.isInteger(lunar.day) || lunar.day < 1 || lunar.day > 30) return undefined;
  if (!Number.isInteger(lunar.month) || lunar.month < 1 || lunar.month > 12) return undefined;
  const jd = lunarToJdAt(lunar, timeZone ?? vietnameseCalendarTimeZone(lunar.year));
  if (jd === undefined) return undefined;
  const solar = jdToDate(jd);
  // Day 30 of a short month lands on the next month's first day: the round trip exposes it.
  const back = solarToLunar(solar, timeZone);
  const same =
    back.day === lunar.day &&
    back.month === lunar.month &&
    back.year === lunar.year &&
    back.leap === lunar.leap;
  return same ? solar : undefined;
}

/** Tết Nguyên Đán: the solar date of the 1st day of the 1st lunar month of `lunarYear`. */
export function tetDate(lunarYear: number, timeZone?: number): SolarDate {
  const date = lunarToSolar({ day: 1, month: 1, year: lunarYear, leap: false }, timeZone);
  if (!date) throw new RangeError(`No Tết in lunar year ${lunarYear}`);
  return date;
}

/** Giỗ Tổ Hùng Vương: the 10th day of the 3rd lunar month (the regular month, never the leap one). */
export function hungKingsDay(lunarYear: number, timeZone?: number): SolarDate {
  const date = lunarToSolar({ day: 10, month: 3, year: lunarYear, leap: false }, timeZone);
  if (!date) throw new RangeError(`No 10/3 in lunar year ${lunarYear}`);
  return date;
}

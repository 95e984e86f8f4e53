/**
 * The astronomy the lunisolar calendar needs: Julian day numbers, instants of new moon and the sun's
 * apparent longitude, after Jean Meeus, "Astronomical Algorithms" (2nd ed., 1998), ch. 7, 25 and 49.
 * Pure arithmetic: no clock, no I/O.
 */

const DEG = Math.PI / 180;
const sinDeg = (degrees: number): number => Math.sin(degrees * DEG);

/** Julian day number (an integer, the day starting at local midnight) of a proleptic Gregorian date. */
export function jdFromDate(day: number, month: number, year: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/** The proleptic Gregorian date of a Julian day number. */
export function jdToDate(jd: number): { day: number; month: number; year: number } {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

/**
 * ΔT = TT − UT in seconds (Espenak & Meeus polynomials, NASA 2006). New moons are computed in
 * Terrestrial Time; the calendar counts days in civil (UT-based) time. Beyond today ΔT is an
 * extrapolation, uncertain by about a minute by 2050: that bounds how far ahead a new moon within a
 * minute of local midnight can be placed with confidence.
 */
export function deltaTSeconds(year: number): number {
  if (year >= 1900 && year < 1920) {
    const t = year - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (year >= 1920 && year < 1941) {
    const t = year - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (year >= 1941 && year < 1961) {
    const t = year - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (year >= 1961 && year < 1986) {
    const t = year - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (year >= 1986 && year < 2005) {
    const t = year - 2000;
    return (
      63.86 +
      0.3345 * t -
      0.060374 * t ** 2 +
      0.0017275 * t ** 3 +
      0.000651814 * t ** 4 +
      0.00002373599 * t ** 5
    );
  }
  if (year >= 2005 && year < 2050) {
    const t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  const u = (year - 1820) / 100;
  if (year >= 2050 && year < 2150) return -20 + 32 * u ** 2 - 0.5628 * (2150 - year);
  return -20 + 32 * u ** 2;
}

const decimalYear = (jd: number): number => 2000 + (jd - 2451545) / 365.25;

/**
 * Periodic terms of a new moon (Meeus table 49.A): amplitude in days, the power of the eccentricity
 * factor E that multiplies it (terms in the sun's mean anomaly M), and the argument.
 */
const NEW_MOON_TERMS: readonly (readonly [number, number, (a: MoonArguments) => number])[] = [
  [-0.4072, 0, (a) => a.mp],
  [0.17241, 1, (a) => a.m],
  [0.01608, 0, (a) => 2 * a.mp],
  [0.01039, 0, (a) => 2 * a.f],
  [0.00739, 1, (a) => a.mp - a.m],
  [-0.00514, 1, (a) => a.mp + a.m],
  [0.00208, 2, (a) => 2 * a.m],
  [-0.00111, 0, (a) => a.mp - 2 * a.f],
  [-0.00057, 0, (a) => a.mp + 2 * a.f],
  [0.00056, 1, (a) => 2 * a.mp + a.m],
  [-0.00042, 0, (a) => 3 * a.mp],
  [0.00042, 1, (a) => a.m + 2 * a.f],
  [0.00038, 1, (a) => a.m - 2 * a.f],
  [-0.00024, 1, (a) => 2 * a.mp - a.m],
  [-0.00017, 0, (a) => a.omega],
  [-0.00007, 0, (a) => a.mp + 2 * a.m],
  [0.00004, 0, (a) => 2 * a.mp - 2 * a.f],
  [0.00004, 0, (a) => 3 * a.m],
  [0.00003, 0, (a) => a.mp + a.m - 2 * a.f],
  [0.00003, 0, (a) => 2 * a.mp + 2 * a.f],
  [-0.00003, 0, (a) => a.mp + a.m + 2 * a.f],
  [0.00003, 0, (a) => a.mp - a.m + 2 * a.f],
  [-0.00002, 0, (a) => a.mp - a.m - 2 * a.f],
  [-0.00002, 0, (a) => 3 * a.mp + a.m],
  [0.00002, 0, (a) => 4 * a.mp],
];

/** Planetary arguments (Meeus table 49.A, "additional corrections"): [phase, rate per lunation, amplitude]. */
const PLANETARY_TERMS: readonly (readonly [number, number, number])[] = [
  [251.88, 0.016321, 0.000165],
  [251.83, 26.651886, 0.000164],
  [349.42, 36.412478, 0.000126],
  [84.66, 18.206239, 0.00011],
  [141.74, 53.303771, 0.000062],
  [207.14, 2.453732, 0.00006],
  [154.84, 7.30686, 0.000056],
  [34.52, 27.261239, 0.000047],
  [207.19, 0.121824, 0.000042],
  [291.34, 1.844379, 0.00004],
  [161.72, 24.198154, 0.000037],
  [239.56, 25.513099, 0.000035],
  [331.55, 3.592518, 0.000023],
];

interface MoonArguments {
  readonly m: number;
  readonly mp: number;
  readonly f: number;
  readonly omega: number;
}

/**
 * The instant (Julian date, UT) of the k-th new moon counted from the one of 6 January 2000 (k = 0).
 * Meeus ch. 49: within a few seconds of modern ephemerides, where the short series the classic
 * Vietnamese program used can be two minutes off (enough to move a month start across midnight in
 * 2072 and 2077).
 */
export function newMoonUT(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const t4 = t3 * t;
  const e = 1 - 0.002516 * t - 0.0000074 * t2;
  const args: MoonArguments = {
    m: 2.5534 + 29.1053567 * k - 0.0000014 * t2 - 0.00000011 * t3,
    mp: 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4,
    f: 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4,
    omega: 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3,
  };
  let jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.00000015 * t3 + 0.00000000073 * t4;
  for (const [amplitude, power, argument] of NEW_MOON_TERMS)
    jde += amplitude * e ** power * sinDeg(argument(args));
  jde += 0.000325 * sinDeg(299.77 + 0.107408 * k - 0.009173 * t2);
  for (const [phase, rate, amplitude] of PLANETARY_TERMS) jde += amplitude * sinDeg(phase + rate * k);
  return jde - deltaTSeconds(decimalYear(jde)) / 86_400;
}

/** The sun's apparent longitude in degrees [0, 360) at Julian date `jdUT` (Meeus ch. 25, about 0.01°). */
export function sunApparentLongitude(jdUT: number): number {
  const jde = jdUT + deltaTSeconds(decimalYear(jdUT)) / 86_400;
  const t = (jde - 2451545) / 36525;
  const l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  const m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
  const center =
    (1.914602 - 0.004817 * t - 0.000014 * t * t) * sinDeg(m) +
    (0.019993 - 0.000101 * t) * sinDeg(2 * m) +
    0.000289 * sinDeg(3 * m);
  const omega = 125.04 - 1934.136 * t;
  // Aberration and nutation: the calendar's solar terms are defined on the apparent longitude.
  const apparent = l0 + center - 0.00569 - 0.00478 * sinDeg(omega);
  return ((apparent % 360) + 360) % 360;
}

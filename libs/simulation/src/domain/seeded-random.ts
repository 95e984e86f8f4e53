/** A seeded pseudo-random source (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller; one of the pair is dropped to keep the stream simple). */
export function normal(rnd: () => number): number {
  const u = Math.max(rnd(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

/** A Poisson draw (Knuth for small means, a rounded normal above 30, where the two agree closely). */
export function poisson(rnd: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rnd)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rnd();
  while (p > limit) {
    k += 1;
    p *= rnd();
  }
  return k;
}

/** An exponential draw with this mean. */
export function exponential(rnd: () => number, mean: number): number {
  return -mean * Math.log(1 - rnd());
}

/**
 * A draw from an empirical distribution given by its quantiles at equal steps (q[0] the minimum,
 * q[n-1] the maximum): inverse transform with linear interpolation between quantiles.
 */
export function fromQuantiles(rnd: () => number, quantiles: readonly number[]): number {
  if (quantiles.length === 0) throw new RangeError('no quantiles');
  if (quantiles.length === 1) return quantiles[0]!;
  const x = rnd() * (quantiles.length - 1);
  const i = Math.floor(x);
  const lo = quantiles[i]!;
  const hi = quantiles[Math.min(i + 1, quantiles.length - 1)]!;
  return lo + (hi - lo) * (x - i);
}

/** The p-th percentile (0..1) of sorted values, linear interpolation (as the reports count p90). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const x = p * (sorted.length - 1);
  const i = Math.floor(x);
  const lo = sorted[i]!;
  const hi = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return lo + (hi - lo) * (x - i);
}

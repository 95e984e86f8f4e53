import { HISTOGRAM_RATIO, histogramPercentile, type HistogramBucket } from './report-rollups';

/** The bucket PostgreSQL computes for a working time (report-rollups.ts, bucketSql), in JavaScript. */
const bucketOf = (ms: number) =>
  Math.floor(Math.log(1 + Math.max(ms, 0) / 60_000) / Math.log(HISTOGRAM_RATIO));

function histogram(values: readonly number[]): HistogramBucket[] {
  const buckets = new Map<number, HistogramBucket>();
  for (const v of values) {
    const b = bucketOf(v);
    const found = buckets.get(b);
    buckets.set(
      b,
      found
        ? { bucket: b, n: found.n + 1, min: Math.min(found.min, v), max: Math.max(found.max, v) }
        : { bucket: b, n: 1, min: v, max: v },
    );
  }
  return [...buckets.values()];
}

/** percentile_cont, as PostgreSQL computes it. */
function exact(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low]! + (rank - low) * ((sorted[Math.min(low + 1, sorted.length - 1)] ?? 0) - sorted[low]!);
}

describe('percentiles from the rollups’ histograms', () => {
  it('are exact when the values needed sit alone in their bucket (the hand-worked history)', () => {
    const hours = [26, 16, 5.5, 33, 42].map((h) => h * 3_600_000);
    for (const p of [0.5, 0.9, 0.25, 1, 0])
      expect(histogramPercentile(histogram(hours), p)).toBe(exact(hours, p));
  });

  it('are exact with two values in a bucket (its smallest and largest)', () => {
    const values = [100.5 * 60_000, 100.9 * 60_000, 500 * 60_000];
    expect(bucketOf(values[0]!)).toBe(bucketOf(values[1]!));
    for (const p of [0.5, 0.9])
      expect(histogramPercentile(histogram(values), p)).toBeCloseTo(exact(values, p), 6);
  });

  it('stay within 1 % of percentile_cont over many values', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const values = Array.from({ length: 50_000 }, () => Math.round(-Math.log(random()) * 2 * 8 * 3_600_000));
    for (const p of [0.5, 0.9, 0.99]) {
      const e = exact(values, p);
      const h = histogramPercentile(histogram(values), p)!;
      expect(Math.abs(h - e) / e).toBeLessThan(0.01);
    }
  });

  it('is null over nothing', () => {
    expect(histogramPercentile([], 0.9)).toBeNull();
  });
});

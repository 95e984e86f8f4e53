import { HISTOGRAM_RATIO, type HistogramBucket } from '../rollups/report-rollups';
import { WORKING_DAY_MS } from '../shared/report-sql';
import { stepBoxes } from './report-charts';

/** The histogram the rollups keep of these working times (ms), bucket by bucket as the SQL computes it. */
function histogram(values: readonly number[]): HistogramBucket[] {
  const buckets = new Map<number, HistogramBucket>();
  for (const v of values) {
    const bucket = Math.floor(Math.log(1 + v / 60_000) / Math.log(HISTOGRAM_RATIO));
    const b = buckets.get(bucket);
    buckets.set(
      bucket,
      b
        ? { bucket, n: b.n + 1, min: Math.min(b.min, v), max: Math.max(b.max, v) }
        : { bucket, n: 1, min: v, max: v },
    );
  }
  return [...buckets.values()];
}

const day = WORKING_DAY_MS;

describe('step boxes from the histograms', () => {
  it('gives the quartiles, whiskers within 1.5 box heights and the values beyond, in working days', () => {
    // Nine visits of 2 … 9 days and one of 40: quartiles at ranks 2, 4, 6 (4, 6, 8), fences −2 and 14.
    const used = histogram([2, 3, 4, 5, 6, 7, 8, 9, 40].map((d) => d * day));
    expect(stepBoxes([{ step_id: 'verify', agency_code: 'A', used }])).toEqual([
      { step: 'verify (A)', lower: 2, q1: 4, median: 6, q3: 8, upper: 9, outliers: [40] },
    ]);
  });

  it('draws a step two procedures share as one box, their visits merged bucket by bucket', () => {
    const a = histogram([1, 2, 3].map((d) => d * day));
    const b = histogram([3, 4, 5].map((d) => d * day));
    const [box] = stepBoxes([
      { step_id: 'approve', agency_code: 'B', used: a },
      { step_id: 'approve', agency_code: 'B', used: b },
    ]);
    // 1, 2, 3, 3, 4, 5: quartiles at ranks 1.25, 2.5, 3.75.
    expect(box).toEqual({
      step: 'approve (B)',
      lower: 1,
      q1: 2.25,
      median: 3,
      q3: 3.75,
      upper: 5,
      outliers: [],
    });
  });
});

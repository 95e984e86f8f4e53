import { cdfFromQuantiles, latenessProbability } from './lateness-risk';
import { fromQuantiles, seededRandom } from './seeded-random';

/** Shares of the budget uniform between 0.5 and 1.5: half the visits end late. */
const uniform = Array.from({ length: 101 }, (_, i) => 0.5 + i / 100);

describe('lateness probability', () => {
  it('reads the share at or below a value from quantiles, the inverse of drawing from them', () => {
    expect(cdfFromQuantiles(uniform, 0.4)).toBe(0);
    expect(cdfFromQuantiles(uniform, 1)).toBeCloseTo(0.5, 10);
    expect(cdfFromQuantiles(uniform, 1.25)).toBeCloseTo(0.75, 10);
    expect(cdfFromQuantiles(uniform, 2)).toBe(1);
    const rnd = seededRandom(4);
    const draws = Array.from({ length: 20_000 }, () => fromQuantiles(rnd, uniform));
    expect(draws.filter((d) => d <= 0.8).length / draws.length).toBeCloseTo(
      cdfFromQuantiles(uniform, 0.8),
      1,
    );
  });

  it('rises as the visit runs without ending, and is certain once the budget is used up', () => {
    expect(latenessProbability(uniform, 0)).toBeCloseTo(0.5, 10);
    // Still running at 90 % of the budget: of the visits that get there, 5 in 6 end late.
    expect(latenessProbability(uniform, 0.9)).toBeCloseTo(0.5 / 0.6, 10);
    expect(latenessProbability(uniform, 1)).toBe(1);
    // An agency that never runs late.
    const quick = Array.from({ length: 101 }, (_, i) => 0.2 + i / 200);
    expect(latenessProbability(quick, 0.3)).toBe(0);
    // Longer than any recorded visit, budget not yet used: certain.
    expect(latenessProbability(quick, 0.95)).toBe(1);
  });

  it('takes an agency holding twice its usual load to be twice as slow on what is left', () => {
    expect(latenessProbability(uniform, 0, 2)).toBe(1);
    const quick = Array.from({ length: 101 }, (_, i) => 0.2 + i / 200);
    expect(latenessProbability(quick, 0, 1)).toBe(0);
    expect(latenessProbability(quick, 0, 1.6)).toBeCloseTo(1 - cdfFromQuantiles(quick, 1 / 1.6), 10);
    expect(latenessProbability(quick, 0, 0.5)).toBe(latenessProbability(quick, 0, 1));
  });
});

/**
 * The share of values at or below `x` in a distribution given by its quantiles at equal steps (the
 * inverse of `fromQuantiles`): linear between quantiles, 0 below the first, 1 above the last.
 */
export function cdfFromQuantiles(quantiles: readonly number[], x: number): number {
  const n = quantiles.length - 1;
  if (n < 1) return x >= (quantiles[0] ?? 0) ? 1 : 0;
  if (x < quantiles[0]!) return 0;
  if (x >= quantiles[n]!) return 1;
  // The last quantile at or below x (ties: the share reaches the last of equal quantiles).
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (quantiles[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const a = quantiles[lo]!;
  const b = quantiles[lo + 1]!;
  return (lo + (b > a ? (x - a) / (b - a) : 1)) / n;
}

/**
 * Nguy cơ trễ hạn: the probability that a step visit still running ends past its deadline, given the
 * agency's recorded times for that step as shares of the budget (`quantiles`), the share of the budget
 * already used (`used`, working time since the handoff without clock stops), and the agency's load (the
 * dossiers it holds now over the number it usually holds): a busier agency than usual is taken to be
 * that much slower on what is left. P(T·load > 1 | T·load > used) with T drawn from the history; 1 once
 * the budget is used up, and when the visit has already run longer than any recorded one.
 */
export function latenessProbability(quantiles: readonly number[], used: number, load = 1): number {
  if (used >= 1) return 1;
  const stretch = Math.max(load, 1);
  const survivedSoFar = 1 - cdfFromQuantiles(quantiles, used / stretch);
  if (survivedSoFar <= 1e-9) return 1;
  const late = 1 - cdfFromQuantiles(quantiles, 1 / stretch);
  return Math.min(1, Math.max(0, late / survivedSoFar));
}

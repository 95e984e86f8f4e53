/** An interval [from, to) of instants (epoch ms): a supplement pause, an excluded phase. */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

/** Sorted, non-overlapping, non-empty intervals covering the same instants. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.from <= last.to)
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, interval.to) };
    else merged.push({ from: interval.from, to: interval.to });
  }
  return merged;
}

/** The parts of `piece` outside `excluded` (merged, see mergeIntervals). */
export function subtractIntervals(piece: Interval, excluded: readonly Interval[]): Interval[] {
  const parts: Interval[] = [];
  let cursor = piece.from;
  for (const ex of excluded) {
    if (ex.to <= cursor) continue;
    if (ex.from >= piece.to) break;
    if (ex.from > cursor) parts.push({ from: cursor, to: ex.from });
    cursor = Math.max(cursor, ex.to);
    if (cursor >= piece.to) break;
  }
  if (cursor < piece.to) parts.push({ from: cursor, to: piece.to });
  return parts;
}

/** Total length of the parts of [from, to) outside `excluded` (merged). */
export function uncoveredLength(from: number, to: number, excluded: readonly Interval[]): number {
  return subtractIntervals({ from, to }, excluded).reduce((sum, p) => sum + (p.to - p.from), 0);
}

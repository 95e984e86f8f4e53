import type { SimulationResult } from '../domain/procedure-simulation';

/** The capacity each agency needs for the forecast to keep its on-time share at the target. */
export interface CapacityPlan {
  readonly target: number;
  /** Whether the target can be met by capacity alone (with no limit anywhere, the share reached). */
  readonly reachable: boolean;
  readonly unlimitedOnTimeShare: number;
  /** Per agency: dossiers it must work on at once, the most it held with no limit, and its queue then. */
  readonly agencies: readonly {
    readonly agency: string;
    readonly capacity: number | null;
    readonly heldWithoutLimit: number;
  }[];
  /** The forecast with those capacities. */
  readonly onTimeShare: number | null;
  readonly simulations: number;
}

/** Simulations a plan may run at most (each agency's search, then the joint adjustment). */
const MAX_SIMULATIONS = 120;

/**
 * Capacity planning (issue 21): the smallest capacity per agency at which the forecast still keeps the
 * on-time share at `target`. First with no limit anywhere (the best capacity can do: if that misses the
 * target, capacity is not the answer); then, for each agency, a binary search between 1 and the most
 * dossiers it held at once, the others left unlimited; then all the capacities found together, raising
 * the agency with the longest queue by one until the target holds again (limits interact). The same seed
 * and arrivals throughout, so the runs differ only by the capacities.
 */
export async function planCapacity(
  simulate: (capacity: Readonly<Record<string, number>>) => Promise<SimulationResult>,
  given: SimulationResult,
  target: number,
  fixed: Readonly<Record<string, number>>,
): Promise<CapacityPlan> {
  let simulations = 0;
  const run = async (capacity: Readonly<Record<string, number>>) => {
    simulations += 1;
    return simulate(capacity);
  };
  const unlimited = Object.keys(fixed).length === 0 ? given : await run({});
  const held = new Map(unlimited.queues.map((q) => [q.agency, q.maxInProgress]));
  const base = {
    target,
    unlimitedOnTimeShare: unlimited.onTimeShare,
  };
  if (unlimited.onTimeShare < target)
    return {
      ...base,
      reachable: false,
      agencies: [...held].map(([agency, h]) => ({ agency, capacity: null, heldWithoutLimit: h })),
      onTimeShare: null,
      simulations,
    };
  const capacity: Record<string, number> = {};
  for (const [agency, most] of held) {
    let lo = 1;
    let hi = Math.max(most, 1);
    while (lo < hi && simulations < MAX_SIMULATIONS) {
      const mid = Math.floor((lo + hi) / 2);
      const result = await run({ [agency]: mid });
      if (result.onTimeShare >= target) hi = mid;
      else lo = mid + 1;
    }
    capacity[agency] = hi;
  }
  let joint = await run(capacity);
  while (joint.onTimeShare < target && simulations < MAX_SIMULATIONS) {
    const longest = [...joint.queues].sort((a, b) => b.maxWaiting - a.maxWaiting)[0];
    if (!longest || longest.maxWaiting === 0) break;
    capacity[longest.agency] = (capacity[longest.agency] ?? 1) + 1;
    joint = await run(capacity);
  }
  return {
    ...base,
    reachable: true,
    agencies: [...held].map(([agency, h]) => ({
      agency,
      capacity: capacity[agency] ?? null,
      heldWithoutLimit: h,
    })),
    onTimeShare: joint.onTimeShare,
    simulations,
  };
}

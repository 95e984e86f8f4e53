import {
  condition,
  defineSignal,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';

/** The bare Temporal baseline of `npm run bench:workflows`: the same activity calls and waits, no logic. */
export const benchPoke = defineSignal('benchPoke');

type BenchActivities = {
  /** Does nothing; with `pokeBack`, the benchmark signals `benchPoke` back once it has run. */
  benchNoop(pokeBack: boolean): Promise<void>;
};
const scheduled = proxyActivities<BenchActivities>({ startToCloseTimeout: '10 seconds' });
const local = proxyLocalActivities<BenchActivities>({ startToCloseTimeout: '10 seconds' });

export interface BenchBaselineInput {
  readonly activityCalls: number;
  readonly waits: number;
  /** Make the calls as local activities, as the dossier workflow's rounds are. */
  readonly localActivities: boolean;
  /**
   * Each of the first `waits` calls is answered by a signal sent once it has run (as an agency acts
   * on a handoff and the process manager signals the dossier's workflow): the wait really waits. Off,
   * the client sends every signal up front and the waits cost only their signals.
   */
  readonly chained: boolean;
  /**
   * Each wait also has a timer, started before it and cancelled when the signal comes, as the dossier
   * workflow's waits have (its next deadline, or the safety re-plan): what those timers cost.
   */
  readonly timedWaits?: boolean;
}

/** Activity call, wait for a signal, activity call, … like a dossier's rounds and agency actions. */
export async function benchBaselineWorkflow(input: BenchBaselineInput): Promise<void> {
  let pokes = 0;
  setHandler(benchPoke, () => {
    pokes += 1;
  });
  const { benchNoop } = input.localActivities ? local : scheduled;
  for (let i = 0; i < input.activityCalls; i += 1) {
    await benchNoop(input.chained && i < input.waits);
    if (i < input.waits)
      await (input.timedWaits ? condition(() => pokes > i, '1 hour') : condition(() => pokes > i));
  }
  await condition(() => pokes >= input.waits);
}

import { condition, defineSignal, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';

/** The bare Temporal baseline of `npm run bench:workflows`: the same activity calls and waits, no logic. */
export const benchPoke = defineSignal('benchPoke');

type BenchActivities = { benchNoop(): Promise<void> };
const scheduled = proxyActivities<BenchActivities>({ startToCloseTimeout: '10 seconds' });
const local = proxyLocalActivities<BenchActivities>({ startToCloseTimeout: '10 seconds' });

/** `localActivities`: make the calls as local activities, as the dossier workflow's rounds are. */
export async function benchBaselineWorkflow(
  activityCalls: number,
  waits: number,
  localActivities = false,
): Promise<void> {
  let pokes = 0;
  setHandler(benchPoke, () => {
    pokes += 1;
  });
  const { benchNoop } = localActivities ? local : scheduled;
  for (let i = 0; i < activityCalls; i += 1) await benchNoop();
  await condition(() => pokes >= waits);
}

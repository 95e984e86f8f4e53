import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';

/** The bare Temporal baseline of `npm run bench:workflows`: the same activity calls and waits, no logic. */
export const benchPoke = defineSignal('benchPoke');

const { benchNoop } = proxyActivities<{ benchNoop(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

export async function benchBaselineWorkflow(activityCalls: number, waits: number): Promise<void> {
  let pokes = 0;
  setHandler(benchPoke, () => {
    pokes += 1;
  });
  for (let i = 0; i < activityCalls; i += 1) await benchNoop();
  await condition(() => pokes >= waits);
}

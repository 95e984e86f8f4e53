import {
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  sleep,
  condition,
} from '@temporalio/workflow';

/** Proves the Temporal path end to end (binary, dev server, bundler with aliases, activities). */
export interface SmokeActivities {
  smokeGreeting(name: string): Promise<string>;
}

export const smokeReleaseSignal = defineSignal('smokeRelease');
export const smokeStateQuery = defineQuery<string>('smokeState');

const { smokeGreeting } = proxyActivities<SmokeActivities>({ startToCloseTimeout: '10 seconds' });

export async function smokeWorkflow(name: string): Promise<string> {
  let state = 'waiting';
  let released = false;
  setHandler(smokeStateQuery, () => state);
  setHandler(smokeReleaseSignal, () => {
    released = true;
  });
  await condition(() => released, '30 seconds');
  state = 'greeting';
  await sleep(10);
  return smokeGreeting(name);
}

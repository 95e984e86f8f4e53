import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

/**
 * Proves the Temporal path end to end (CLI binary, dev server, bundler, activities) and shows the
 * message patterns later workflows use: a query reads state, an update changes it and answers (with a
 * validator that rejects before anything is recorded), a signal lets the workflow go on.
 */
export interface SmokeActivities {
  smokeGreeting(name: string): Promise<string>;
}

export const smokeStateQuery = defineQuery<string>('smokeState');
export const smokeRenameUpdate = defineUpdate<string, [string]>('smokeRename');
export const smokeReleaseSignal = defineSignal('smokeRelease');

const { smokeGreeting } = proxyActivities<SmokeActivities>({ startToCloseTimeout: '10 seconds' });

export async function smokeWorkflow(name: string): Promise<string> {
  let state = 'waiting';
  let greeted = name;
  let released = false;
  setHandler(smokeStateQuery, () => state);
  setHandler(
    smokeRenameUpdate,
    (newName) => {
      const previous = greeted;
      greeted = newName;
      return previous;
    },
    {
      validator: (newName: string) => {
        if (!newName.trim()) throw new Error('A name must not be blank.');
      },
    },
  );
  setHandler(smokeReleaseSignal, () => {
    released = true;
  });
  if (!(await condition(() => released, '30 seconds'))) {
    throw ApplicationFailure.nonRetryable('The smoke workflow was not released within 30 seconds.');
  }
  state = 'greeting';
  // A durable timer, so the smoke covers timers too.
  await sleep('10 milliseconds');
  return smokeGreeting(greeted);
}

import { drainWorker, type DrainableWorker } from './worker-drain';

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A worker whose parts finish when the test says so, recording what happens in order. */
function fakeWorker(state = 'RUNNING') {
  const events: string[] = [];
  const temporalRun = deferred();
  const projections = deferred();
  const webhooks = deferred();
  const notices = deferred();
  const parts: DrainableWorker = {
    temporal: {
      getState: () => state,
      shutdown: () => events.push('temporal: shutdown requested'),
    },
    temporalRun: temporalRun.promise.then(() => void events.push('temporal: drained')),
    projections: {
      stop: () => {
        events.push('projections: stop requested');
        return projections.promise.then(() => void events.push('projections: stopped'));
      },
    },
    webhooks: {
      stop: () => {
        events.push('webhooks: stop requested');
        return webhooks.promise.then(() => void events.push('webhooks: stopped'));
      },
    },
    applicantNotices: {
      stop: () => {
        events.push('applicant notices: stop requested');
        return notices.promise.then(() => void events.push('applicant notices: stopped'));
      },
    },
    resources: [
      {
        name: 'Temporal connection',
        close: () => Promise.resolve(void events.push('closed: Temporal connection')),
      },
      { name: 'pool', close: () => Promise.resolve(void events.push('closed: pool')) },
    ],
  };
  return { parts, events, temporalRun, projections, webhooks, notices };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('drainWorker', () => {
  it('stops taking work everywhere at once, and closes the connection and the pool only after every part has finished', async () => {
    const w = fakeWorker();
    const drained = drainWorker(w.parts);
    await tick();
    expect(w.events).toEqual([
      'temporal: shutdown requested',
      'projections: stop requested',
      'webhooks: stop requested',
      'applicant notices: stop requested',
    ]);
    w.temporalRun.resolve();
    w.projections.resolve();
    w.notices.resolve();
    await tick();
    // The dispatcher still waits for an answer: nothing it needs is closed.
    expect(w.events.filter((e) => e.startsWith('closed'))).toEqual([]);
    w.webhooks.resolve();
    expect(await drained).toEqual([]);
    expect(w.events.slice(-3)).toEqual(['webhooks: stopped', 'closed: Temporal connection', 'closed: pool']);
  });

  it('waits for the applicant notices under way before closing the pool they record with', async () => {
    const w = fakeWorker();
    const drained = drainWorker(w.parts);
    w.temporalRun.resolve();
    w.projections.resolve();
    w.webhooks.resolve();
    await tick();
    expect(w.events.filter((e) => e.startsWith('closed'))).toEqual([]);
    w.notices.resolve();
    expect(await drained).toEqual([]);
    expect(w.events.slice(-3)).toEqual([
      'applicant notices: stopped',
      'closed: Temporal connection',
      'closed: pool',
    ]);
  });

  it('reports a part that failed, still waits for the others and closes everything', async () => {
    const w = fakeWorker();
    const drained = drainWorker(w.parts);
    w.projections.reject(new Error('batch failed'));
    w.temporalRun.resolve();
    await tick();
    expect(w.events).not.toContain('closed: pool');
    w.webhooks.resolve();
    w.notices.resolve();
    expect(await drained).toEqual(['projection runner: batch failed']);
    expect(w.events.slice(-2)).toEqual(['closed: Temporal connection', 'closed: pool']);
  });

  it('does not ask a Temporal worker that already stopped by itself to shut down', async () => {
    const w = fakeWorker('FAILED');
    w.temporalRun.resolve();
    w.projections.resolve();
    w.webhooks.resolve();
    w.notices.resolve();
    expect(await drainWorker(w.parts)).toEqual([]);
    expect(w.events).not.toContain('temporal: shutdown requested');
  });
});

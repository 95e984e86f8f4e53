import { randomUUID } from 'node:crypto';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { WrongExpectedRevisionError } from '../errors';
import { handleCommand, loadState, type Decider } from './command-handling';

type Event = { type: 'Added'; data: { n: number } };
const counter: Decider<{ add: number }, number, Event> = {
  initialState: 0,
  decide: (c) => (c.add === 0 ? [] : [{ type: 'Added', data: { n: c.add } }]),
  evolve: (s, e) => s + e.data.n,
};
const options = {
  schemaVersion: 1,
  newId: () => randomUUID(),
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z', actor: { system: 'test' }, correlationId: 'c' },
};

describe('handleCommand', () => {
  it('loads, decides and appends with the revision it read', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, 'counter-1', counter, { add: 2 }, options);
    const handled = await handleCommand(store, 'counter-1', counter, { add: 3 }, options);
    expect(handled.state).toBe(5);
    expect(handled.nextExpectedRevision).toBe(1);
    expect((await loadState(store, 'counter-1', counter)).state).toBe(5);
  });

  it('writes nothing when the decision has no events', async () => {
    const store = new InMemoryEventStore();
    const handled = await handleCommand(store, 'counter-2', counter, { add: 0 }, options);
    expect(handled.position).toBeNull();
    expect(await store.readStream('counter-2')).toEqual([]);
  });

  it('fails with a concurrency error when someone appended between load and append', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, 'counter-3', counter, { add: 1 }, options);
    const racing = {
      ...store,
      readStream: store.readStream.bind(store),
      appendToStream: async (...args: Parameters<InMemoryEventStore['appendToStream']>) => {
        await store.appendToStream(
          'counter-3',
          [{ id: randomUUID(), type: 'Added', schemaVersion: 1, data: { n: 1 }, metadata: options.metadata }],
          'any',
        );
        return store.appendToStream(...args);
      },
    } as unknown as InMemoryEventStore;
    await expect(handleCommand(racing, 'counter-3', counter, { add: 1 }, options)).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
  });
});

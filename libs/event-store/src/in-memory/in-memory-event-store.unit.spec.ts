import { randomUUID } from 'node:crypto';
import { EventStoreUnavailableError, InvalidEventError } from '../errors';
import { describeEventStoreContract, sampleEvent, uniqueStream } from '../testing';
import { InMemoryEventStore } from './in-memory-event-store';

describeEventStoreContract('in-memory', () => {
  const store = new InMemoryEventStore();
  return Promise.resolve({ store, dispose: () => store.close() });
});

describe('InMemoryEventStore', () => {
  it('stamps recordedAt from the injected clock', async () => {
    const store = new InMemoryEventStore({ now: () => new Date('2025-11-22T01:02:03.000Z') });
    const stream = uniqueStream();
    await store.appendToStream(stream, [sampleEvent()], 'no_stream');
    const [recorded] = await store.readStream(stream);
    expect(recorded!.recordedAt).toBe('2025-11-22T01:02:03.000Z');
  });

  it('refuses an event id that is already recorded in another stream', async () => {
    const store = new InMemoryEventStore();
    const event = sampleEvent();
    await store.appendToStream(uniqueStream(), [event], 'no_stream');
    await expect(store.appendToStream(uniqueStream(), [event], 'no_stream')).rejects.toThrow(
      InvalidEventError,
    );
  });

  it('hands out frozen events, so a handler cannot change recorded history by mutating what it read', async () => {
    const store = new InMemoryEventStore();
    const stream = uniqueStream();
    await store.appendToStream(stream, [sampleEvent('Thing', { nested: { value: 1 } })], 'no_stream');
    const [recorded] = await store.readStream(stream);
    expect(() => {
      (recorded!.data as { nested: { value: number } }).nested.value = 2;
    }).toThrow(TypeError);
  });

  it('keeps its own copy of appended data, so the caller mutating its object afterwards changes nothing', async () => {
    const store = new InMemoryEventStore();
    const stream = uniqueStream();
    const data = { list: ['a'] };
    await store.appendToStream(stream, [sampleEvent('Thing', data)], 'no_stream');
    data.list.push('b');
    const [recorded] = await store.readStream(stream);
    expect(recorded!.data).toEqual({ list: ['a'] });
  });

  it('stores a Date in the data as its ISO string, as a database would', async () => {
    const store = new InMemoryEventStore();
    const stream = uniqueStream();
    await store.appendToStream(
      stream,
      [sampleEvent('Thing', { at: new Date('2025-01-01T00:00:00.000Z') })],
      'no_stream',
    );
    const [recorded] = await store.readStream(stream);
    expect(recorded!.data).toEqual({ at: '2025-01-01T00:00:00.000Z' });
  });

  it('answers with EventStoreUnavailableError once closed, and ends open subscriptions with it', async () => {
    const store = new InMemoryEventStore();
    const subscription = store.subscribeToAll();
    const iteration = (async () => {
      for await (const _ of subscription) {
        // nothing is appended
      }
    })();
    await store.close();
    await expect(iteration).rejects.toThrow(EventStoreUnavailableError);
    await expect(store.ping()).rejects.toThrow(EventStoreUnavailableError);
    await expect(store.appendToStream(`x-${randomUUID()}`, [sampleEvent()], 'any')).rejects.toThrow(
      EventStoreUnavailableError,
    );
  });
});

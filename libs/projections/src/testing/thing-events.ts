import { randomUUID } from 'node:crypto';
import type { NewEvent, PostgresEventStore } from '@lien-thong/event-store';

/** For the runner's integration specs: an event of `type` carrying `n`. */
export function event(type: string, n: number): NewEvent {
  return {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data: { n },
    metadata: {
      occurredAt: new Date(0).toISOString(),
      actor: { system: 'test' },
      correlationId: randomUUID(),
    },
  };
}

/**
 * Appends `count` events of category `thing` (n = startAt, startAt + 1, …), ten per stream, then one of
 * another category, which must not reach a subscriber of `thing`. Returns the last `thing` position.
 */
export async function appendThingEvents(
  store: PostgresEventStore,
  count: number,
  startAt = 0,
): Promise<bigint> {
  let last = 0n;
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, k) =>
      event('ThingHappened', startAt + i + k),
    );
    const result = await store.appendToStream(`thing-${randomUUID()}`, batch, 'no_stream');
    last = result.position;
  }
  // Events of another category must not reach the projection.
  await store.appendToStream(`other-${randomUUID()}`, [event('OtherHappened', -1)], 'no_stream');
  return last;
}

import type { RecordedEvent } from '../event-store.port';
import { StreamTails } from './stream-tails';

const event = (stream: string, revision: number): RecordedEvent => ({
  id: `${stream}#${revision}`,
  type: 'StepHandedOff',
  schemaVersion: 1,
  data: { revision, nested: { list: [1, 2] } },
  metadata: {
    occurredAt: '2026-12-06T10:00:00.000+07:00',
    actor: { system: 'coordination' },
    correlationId: 'c',
  },
  streamName: stream,
  revision,
  position: BigInt(revision + 1),
  recordedAt: '2026-12-06T03:00:00.000Z',
  hash: 'h',
  previousHash: null,
});
const stream = (name: string, length: number) => Array.from({ length }, (_, r) => event(name, r));

describe('StreamTails', () => {
  it('keeps the longer of two reads of a stream, whichever comes back last', () => {
    const tails = new StreamTails(1000);
    const longer = stream('dossier-a', 12);
    const shorter = stream('dossier-a', 11); // a read that began earlier, other objects for the same events
    tails.keep('dossier-a', longer);
    tails.keep('dossier-a', shorter);
    expect(tails.known('dossier-a')).toBe(longer);
  });

  it('replaces what it holds when the stream is not the same any more', () => {
    const tails = new StreamTails(1000);
    tails.keep('dossier-a', stream('dossier-a', 3));
    const other = stream('dossier-a', 2).map((e) => ({ ...e, id: `other-${e.revision}` }));
    tails.keep('dossier-a', other);
    expect(tails.known('dossier-a')).toBe(other);
  });

  it('holds at most its events, the least recently read out first, and no stream longer than a tenth', () => {
    const tails = new StreamTails(100);
    tails.keep('dossier-a', stream('dossier-a', 10));
    tails.keep('dossier-b', stream('dossier-b', 10));
    tails.keep('dossier-long', stream('dossier-long', 11));
    expect(tails.known('dossier-long')).toBeUndefined();
    for (let i = 0; i < 9; i += 1) {
      tails.known('dossier-a'); // read lately: stays
      tails.keep(`dossier-${i}`, stream(`dossier-${i}`, 10));
    }
    expect(tails.size).toEqual({ streams: 10, events: 100 });
    expect(tails.known('dossier-a')).toBeDefined();
    expect(tails.known('dossier-b')).toBeUndefined();
  });

  it('freezes what it holds, down to the events’ data', () => {
    const tails = new StreamTails(1000);
    const events = stream('dossier-a', 2);
    tails.keep('dossier-a', events);
    expect(() => {
      (events[1]!.data as { nested: { list: number[] } }).nested.list.push(3);
    }).toThrow(TypeError);
  });
});

import { InvalidEventError } from './errors';
import type { NewEvent } from './event-store.port';
import { MAX_EVENTS_PER_APPEND, toPlainJson, validateAppend } from './new-event.validation';

const event: NewEvent = {
  id: 'A1B2C3D4-0000-4000-8000-000000000001',
  type: 'DossierReceived',
  schemaVersion: 1,
  data: { unit: 'Phường Bến Nghé' },
  metadata: { occurredAt: '2025-11-22T08:00:00+07:00', actor: { system: 'test' }, correlationId: 'c' },
};

describe('validateAppend', () => {
  it('returns the events with lower-case ids and plain JSON data', () => {
    const [valid] = validateAppend('dossier-1', [
      { ...event, data: { at: new Date('2025-01-01T00:00:00Z'), skip: undefined } },
    ]);
    expect(valid!.id).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(valid!.data).toStrictEqual({ at: '2025-01-01T00:00:00.000Z' });
  });

  it.each([
    ['an empty stream name', ''],
    ['a stream name with surrounding spaces', ' dossier-1'],
    ['an EventStoreDB system stream', '$all'],
    ['a stream name with a NUL', 'dossier-\u0000'],
    ['a very long stream name', `dossier-${'x'.repeat(600)}`],
  ])('refuses %s', (_, stream) => {
    expect(() => validateAppend(stream, [event])).toThrow(InvalidEventError);
  });

  it.each<[string, Partial<NewEvent> | Record<string, unknown>]>([
    ['missing data', { data: undefined }],
    ['a fractional schema version', { schemaVersion: 1.5 }],
    ['a blank type', { type: '   ' }],
    ['an occurredAt that is not a date', { metadata: { ...event.metadata, occurredAt: 'yesterday' } }],
    ['a missing actor', { metadata: { occurredAt: event.metadata.occurredAt, correlationId: 'c' } }],
    ['a causation id that is not a string', { metadata: { ...event.metadata, causationId: 7 } }],
    ['an unpaired surrogate in the data', { data: { text: 'a\uD800b' } }],
    ['an infinite number', { data: { n: Number.POSITIVE_INFINITY } }],
  ])('refuses an event with %s', (_, change) => {
    expect(() => validateAppend('dossier-1', [{ ...event, ...change }])).toThrow(InvalidEventError);
  });

  it('refuses ids that differ only in letter case as duplicates', () => {
    expect(() => validateAppend('dossier-1', [event, { ...event, id: event.id.toLowerCase() }])).toThrow(
      /appears twice/,
    );
  });

  it(`refuses more than ${MAX_EVENTS_PER_APPEND} events in one append`, () => {
    const many = Array.from({ length: MAX_EVENTS_PER_APPEND + 1 }, () => event);
    expect(() => validateAppend('dossier-1', many)).toThrow(/Too many events/);
  });
});

describe('toPlainJson', () => {
  it('keeps emoji and other surrogate pairs', () => {
    expect(toPlainJson({ e: '📄' }, 'data')).toEqual({ e: '📄' });
  });

  it('names the path of the offending value', () => {
    expect(() => toPlainJson({ fees: [{ amount: 5n }] }, 'data')).toThrow('data.fees[0].amount is a bigint');
  });
});

import { ANY, NO_STREAM } from '@kurrent/kurrentdb-client';
import { computeEventHash } from '../tamper-evidence/event-hash';
import type { NewEvent } from '../event-store.port';
import {
  anyRevision,
  categoryPrefixes,
  fromEsdbEvent,
  isSystemEvent,
  matchesFilter,
  positionOf,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toEsdbPosition,
} from './eventstoredb-mapping';

const event: NewEvent = {
  id: '6d3c2c1e-7a53-4c39-9a3e-0f3f6c1c2b11',
  type: 'DossierReceived',
  schemaVersion: 2,
  data: { unit: 'Ủy ban nhân dân phường Bến Nghé' },
  metadata: {
    occurredAt: '2025-01-23T03:00:00.000Z',
    actor: { agencyCode: '000.00.05.H54', personId: 'officer-7' },
    correlationId: 'corr-1',
    causationId: 'cmd-1',
  },
};

describe('EventStoreDB mapping', () => {
  it('round-trips an event through ESDB metadata with its schema version and hash chain', () => {
    const hash = computeEventHash({ ...event, streamName: 'dossier-x', revision: 3 }, 'prev');
    const metadata = toEsdbMetadata(event, hash, 'prev');
    expect(metadata.$correlationId).toBe('corr-1');
    expect(metadata.$causationId).toBe('cmd-1');
    const recorded = fromEsdbEvent({
      streamId: 'dossier-x',
      id: event.id,
      revision: 3n,
      type: event.type,
      created: new Date('2025-01-23T03:00:01.000Z'),
      data: event.data,
      metadata,
      isJson: true,
      position: { commit: 4096n, prepare: 4096n },
    });
    expect(recorded).toEqual({
      ...event,
      streamName: 'dossier-x',
      revision: 3,
      position: 4096n,
      recordedAt: '2025-01-23T03:00:01.000Z',
      hash,
      previousHash: 'prev',
    });
  });

  it('refuses events that were not written by Liên Thông', () => {
    const raw = {
      streamId: 's-1',
      id: 'x',
      revision: 0n,
      type: 't',
      created: new Date(0),
      data: {},
      isJson: true,
    };
    expect(() => fromEsdbEvent({ ...raw, metadata: {} })).toThrow(/lacks Liên Thông metadata/);
    expect(() => fromEsdbEvent({ ...raw, metadata: {}, isJson: false })).toThrow(/not JSON/);
  });

  it('maps the current revision to the exact expected revision of the next append', () => {
    expect(toEsdbExpectedRevision(null)).toBe(NO_STREAM);
    expect(toEsdbExpectedRevision(0)).toBe(0n);
    expect(toEsdbExpectedRevision(41)).toBe(41n);
    expect(anyRevision()).toBe(ANY);
  });

  it('uses the commit position as the global position, both ways', () => {
    expect(positionOf({ commit: 77n, prepare: 77n })).toBe(77n);
    expect(toEsdbPosition(77n)).toEqual({ commit: 77n, prepare: 77n });
  });

  it('filters by exact category and type, and recognises system events', () => {
    expect(categoryPrefixes({ categories: ['dossier', 'agency'] })).toEqual(['dossier-', 'agency-']);
    expect(categoryPrefixes({})).toBeUndefined();
    expect(matchesFilter({ streamName: 'dossier-1', type: 'A' }, { categories: ['dossier'] })).toBe(true);
    // A server-side prefix `dossier-` would also match a category `dossier-x`'s streams: the exact check refuses it.
    expect(matchesFilter({ streamName: 'dossierx-1', type: 'A' }, { categories: ['dossier'] })).toBe(false);
    expect(matchesFilter({ streamName: 'dossier-1', type: 'A' }, { eventTypes: ['B'] })).toBe(false);
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })).toBe(true);
    expect(isSystemEvent({ streamId: 'dossier-1', type: 'DossierReceived' })).toBe(false);
  });
});

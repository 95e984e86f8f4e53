import { computeEventHash, type HashedEventContent } from './event-hash';

const event: HashedEventContent = {
  streamName: 'dossier-000.00.05.H54-251122-0001',
  revision: 0,
  id: '5a3c1e0e-8f7e-4b7a-9a52-2f1f0c6d9e11',
  type: 'DossierReceived',
  schemaVersion: 1,
  data: { receivingUnit: 'Ủy ban nhân dân phường Bến Nghé', copies: 2, online: true, note: null },
  metadata: {
    occurredAt: '2025-11-22T08:15:30.000+07:00',
    actor: { agencyCode: '000.00.05.H54', personId: 'p-1' },
    correlationId: 'corr-1',
  },
};

describe('computeEventHash', () => {
  // Pinned values: every stored chain depends on them. They were also reproduced outside Node: content
  // hash = sha256 of Python's json.dumps(content, sort_keys=True, separators=(',', ':'), ensure_ascii=False),
  // hash = sha256 of 'lien-thong/event-hash/v1|<revision>|<previous hash or empty>|<content hash>'.
  it('hashes v1 content to the pinned digest (changing it breaks every stored chain)', () => {
    const first = computeEventHash(event, null);
    expect(first).toBe('87b4277c0ec5a1db1ea0965ea988e5895fee25c2bc2bf0e7deb1d3bf66119eb1');
    expect(
      computeEventHash({ ...event, revision: 1, id: '6b4d2f1f-9f8f-4c8b-8b63-3f2f1d7eaf22' }, first),
    ).toBe('3900013e7b99442f8bef56d1f59c1d376e666feb068dfbb3240b75df86f0c1e2');
  });

  it('does not depend on key order, position or recording time', () => {
    const reordered = {
      metadata: {
        correlationId: 'corr-1',
        actor: { personId: 'p-1', agencyCode: '000.00.05.H54' },
        occurredAt: event.metadata.occurredAt,
      },
      data: { note: null, online: true, copies: 2, receivingUnit: 'Ủy ban nhân dân phường Bến Nghé' },
      schemaVersion: 1,
      type: 'DossierReceived',
      id: event.id,
      revision: 0,
      streamName: event.streamName,
      position: 42n,
      recordedAt: '2030-01-01T00:00:00.000Z',
    };
    expect(computeEventHash(reordered, null)).toBe(computeEventHash(event, null));
  });

  it.each<[string, Partial<HashedEventContent>]>([
    ['the stream', { streamName: 'dossier-other' }],
    ['the revision', { revision: 1 }],
    ['the id', { id: '00000000-0000-4000-8000-000000000000' }],
    ['the type', { type: 'DossierRefused' }],
    ['the schema version', { schemaVersion: 2 }],
    [
      'one letter of the data',
      { data: { ...(event.data as object), receivingUnit: 'Uy ban nhân dân phường Bến Nghé' } },
    ],
    ['the actor', { metadata: { ...event.metadata, actor: { agencyCode: '000.00.05.H55' } } }],
  ])('changes when %s changes', (_, change) => {
    expect(computeEventHash({ ...event, ...change }, null)).not.toBe(computeEventHash(event, null));
  });

  it('changes with the previous hash', () => {
    expect(computeEventHash(event, 'a'.repeat(64))).not.toBe(computeEventHash(event, null));
  });
});

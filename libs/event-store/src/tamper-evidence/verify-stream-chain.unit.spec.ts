import type { RecordedEvent } from '../event-store.port';
import { computeEventHash } from './event-hash';
import { verifyStreamChain } from './verify-stream-chain';

function chain(length: number): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let previousHash: string | null = null;
  for (let revision = 0; revision < length; revision += 1) {
    const content = {
      streamName: 'dossier-x',
      revision,
      id: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
      type: 'StepHandedOff',
      schemaVersion: 1,
      data: { step: revision, agency: 'Sở Tư pháp' },
      metadata: { occurredAt: '2025-11-22T00:00:00.000Z', actor: { system: 'test' }, correlationId: 'c' },
    };
    const hash = computeEventHash(content, previousHash);
    events.push({
      ...content,
      position: BigInt(revision + 1),
      recordedAt: '2025-11-22T00:00:00.000Z',
      hash,
      previousHash,
    });
    previousHash = hash;
  }
  return events;
}

function rehash(event: RecordedEvent): RecordedEvent {
  return { ...event, hash: computeEventHash(event, event.previousHash) };
}

describe('verifyStreamChain', () => {
  it('accepts an intact chain, and an empty stream', () => {
    expect(verifyStreamChain(chain(5))).toEqual({ ok: true, count: 5 });
    expect(verifyStreamChain([])).toEqual({ ok: true, count: 0 });
  });

  it('reports altered content at the altered event', () => {
    const events = chain(5);
    events[2] = { ...events[2]!, data: { step: 2, agency: 'Sở Tài chính' } };
    expect(verifyStreamChain(events)).toMatchObject({
      ok: false,
      problem: 'altered',
      revision: 2,
      eventId: events[2].id,
    });
  });

  it('reports altered metadata as altered', () => {
    const events = chain(3);
    events[0] = { ...events[0]!, metadata: { ...events[0]!.metadata, actor: { system: 'someone-else' } } };
    expect(verifyStreamChain(events)).toMatchObject({ ok: false, problem: 'altered', revision: 0 });
  });

  it('reports an event altered and re-hashed as a broken link at the event after it', () => {
    const events = chain(5);
    events[1] = rehash({ ...events[1]!, data: { forged: true } });
    expect(verifyStreamChain(events)).toMatchObject({
      ok: false,
      problem: 'broken-link',
      revision: 2,
      eventId: events[2]!.id,
    });
  });

  it('reports a removed event as removed at its revision, naming the event after the gap', () => {
    const events = chain(5);
    events.splice(2, 1);
    const result = verifyStreamChain(events);
    expect(result).toMatchObject({ ok: false, problem: 'removed', revision: 2, eventId: events[2]!.id });
    expect(result.ok === false && result.message).toMatch(/revision 2 is missing/);
  });

  it('reports several removed events with the range of missing revisions', () => {
    const events = chain(6);
    events.splice(1, 3);
    const result = verifyStreamChain(events);
    expect(result).toMatchObject({ ok: false, problem: 'removed', revision: 1 });
    expect(result.ok === false && result.message).toMatch(/revisions 1 to 3 are missing/);
  });

  it('reports a removed first event as removed at revision 0', () => {
    expect(verifyStreamChain(chain(3).slice(1))).toMatchObject({
      ok: false,
      problem: 'removed',
      revision: 0,
    });
  });

  it('reports two events whose revisions were swapped as reordered, at the first of them', () => {
    const events = chain(5);
    const [a, b] = [events[1]!, events[2]!];
    events[1] = { ...b, revision: 1 };
    events[2] = { ...a, revision: 2 };
    expect(verifyStreamChain(events)).toMatchObject({
      ok: false,
      problem: 'reordered',
      revision: 1,
      eventId: b.id,
    });
  });

  it('reports a revision that jumps ahead as removed and one that goes back as reordered', () => {
    const events = chain(4);
    const swapped = [events[0]!, events[2]!, events[1]!, events[3]!];
    expect(verifyStreamChain(swapped)).toMatchObject({ ok: false, problem: 'removed', revision: 1 });
    const backwards = [events[0]!, events[1]!, events[1]!];
    expect(verifyStreamChain(backwards)).toMatchObject({ ok: false, problem: 'reordered', revision: 1 });
  });

  it('reports a chain rewritten from the middle with renumbered revisions as a broken link', () => {
    const events = chain(5);
    const renumbered = [
      events[0]!,
      events[1]!,
      ...events.slice(3).map((e) => ({ ...e, revision: e.revision - 1 })),
    ];
    expect(verifyStreamChain(renumbered)).toMatchObject({ ok: false, problem: 'broken-link', revision: 2 });
  });

  it('reports a first event that links to a predecessor as a broken link', () => {
    const events = chain(3);
    events[0] = rehash({ ...events[0]!, previousHash: 'f'.repeat(64) });
    expect(verifyStreamChain(events)).toMatchObject({ ok: false, problem: 'broken-link', revision: 0 });
  });

  it('reports only the first problem when there are several', () => {
    const events = chain(6);
    events[4] = { ...events[4]!, data: { late: true } };
    events[1] = { ...events[1]!, data: { early: true } };
    expect(verifyStreamChain(events)).toMatchObject({ ok: false, revision: 1 });
  });
});

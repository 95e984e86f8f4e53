import type { RecordedEvent } from '@lien-thong/event-store';
import { allStepsDone, at, resultReady } from '@lien-thong/dossiers/testing';
import { checkAsOf, dossierAsOf } from './dossier-as-of';
import { type DossierEvent } from '@lien-thong/dossier-model';

/** The fixture history as recorded events; each happened one minute after the previous one from 24/11 08:00. */
const history: RecordedEvent[] = [...allStepsDone, resultReady].map((e: DossierEvent, revision) => ({
  id: `e${revision}`,
  type: e.type,
  schemaVersion: 1,
  data: e.data,
  metadata: {
    occurredAt: new Date(Date.parse(at(24, '08:00')) + revision * 60_000).toISOString(),
    actor: { system: 'test' },
    correlationId: 'c',
  },
  streamName: 'dossier-x',
  revision,
  position: BigInt(revision + 1),
  recordedAt: at(30),
  hash: 'h',
  previousHash: null,
}));

describe('dossierAsOf (time travel)', () => {
  it('folds up to a revision', () => {
    expect(dossierAsOf(history, { revision: 0 })).toMatchObject({
      revision: 0,
      state: { status: 'accepted' },
    });
    const mid = dossierAsOf(history, { revision: 7 });
    expect(mid.revision).toBe(7);
    expect(Object.keys(mid.state.activeSteps)).toEqual(['police-check', 'insurance']);
    expect(dossierAsOf(history, { revision: history.length - 1 }).state.status).toBe('result-ready');
  });

  it('folds the events that had happened at an instant', () => {
    expect(dossierAsOf(history, { instant: '2025-11-24T08:01:30+07:00' })).toMatchObject({
      revision: 1,
      state: { status: 'in-processing' },
    });
    expect(dossierAsOf(history, { instant: '2025-11-24T07:00:00+07:00' })).toMatchObject({
      revision: null,
      state: { status: 'new' },
    });
  });

  it('refuses a revision past the end', () => {
    expect(() => dossierAsOf(history, { revision: history.length })).toThrow(/ends at revision/);
  });

  it('wants exactly one of revision and instant, well formed', () => {
    expect(checkAsOf({ revision: 2 })).toEqual({ revision: 2 });
    expect(checkAsOf({ instant: at(25) })).toEqual({ instant: at(25) });
    for (const bad of [
      {},
      { revision: 1, instant: at(25) },
      { revision: -1 },
      { revision: 1.5 },
      { instant: 'soon' },
    ]) {
      expect(() => checkAsOf(bad)).toThrow(
        expect.objectContaining({ kind: 'validation', code: 'DOSSIER_QUERY_INVALID' }),
      );
    }
  });
});

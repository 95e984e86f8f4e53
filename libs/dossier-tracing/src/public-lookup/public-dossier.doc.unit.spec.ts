import { allStepsDone, at, parallel, refusedAtIntake, resultReady } from '@lien-thong/dossiers/testing';
import { COMMUNE, everyEventType, foldDoc, stepReturned } from '../testing/dossier-sample-events';
import { evolvePublicDossier, type PublicDossierDoc } from './public-dossier.doc';
import { type DossierEvent } from '@lien-thong/dossier-model';

const fold = (events: readonly DossierEvent[]): PublicDossierDoc => foldDoc(evolvePublicDossier, events)!;

describe('public dossier status derivation', () => {
  it('lists the steps done in completion order and no holder once the result is ready', () => {
    const doc = fold([...allStepsDone, resultReady]);
    expect(doc.stepsDone.map((s) => s.stepId)).toEqual([
      'appraise',
      'police-check',
      'insurance',
      'sign',
      'return-result',
    ]);
    expect(doc).toMatchObject({ status: 'result-ready', currentHolders: [], resultReadyAt: at(27, '11:00') });
  });

  it('forgets the steps a return set back', () => {
    const doc = fold([...parallel, stepReturned]);
    expect(doc.stepsDone).toEqual([]);
    expect(doc.currentHolders.map((h) => h.stepId)).toEqual(['insurance', 'appraise']);
    expect(doc.currentHolders[1]!.agencyCode).toBe(COMMUNE);
  });

  it('has no public view of an intake without a code', () => {
    expect(foldDoc(evolvePublicDossier, [refusedAtIntake])).toBeNull();
  });

  it('never holds personal data, an officer id or free text, whatever the event', () => {
    let doc: PublicDossierDoc | null = null;
    for (const event of everyEventType) {
      doc = evolvePublicDossier(doc, event, {
        streamName: 'dossier-x',
        revision: 0,
        occurredAt: at(24),
        recordedAt: at(24),
      });
      expect(JSON.stringify(doc)).not.toMatch(/vault:|officer-|head-71|Nguyễn|Thiếu|Chậm|portal-7f3a/);
    }
  });
});

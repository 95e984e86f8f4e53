import { matchesFilter, unionOfFilters } from './event-store.port';

describe('event filters', () => {
  const dossier = { streamName: 'dossier-HS-1', type: 'StepHandedOff' };
  const intake = { streamName: 'intake-R-1', type: 'DossierReceived' };

  it('matches as the PostgreSQL store filters: a list given must hold the category or type', () => {
    expect(matchesFilter(dossier, undefined)).toBe(true);
    expect(matchesFilter(dossier, { categories: ['dossier'] })).toBe(true);
    expect(matchesFilter(dossier, { categories: ['dossierx'] })).toBe(false);
    expect(matchesFilter(dossier, { categories: ['dossier'], eventTypes: ['StepCompleted'] })).toBe(false);
    expect(matchesFilter(dossier, { categories: [] })).toBe(false);
  });

  it('unites filters into one that lets through everything any of them does, and no more than it must', () => {
    expect(unionOfFilters([])).toBeUndefined();
    expect(unionOfFilters([{ categories: ['dossier'] }, undefined])).toBeUndefined();
    expect(unionOfFilters([{ categories: ['dossier'] }, { categories: ['intake', 'dossier'] }])).toEqual({
      categories: ['dossier', 'intake'],
    });
    // A list is kept only when every filter has one: types of one filter cannot narrow another's.
    const union = unionOfFilters([
      { categories: ['dossier'], eventTypes: ['StepHandedOff'] },
      { categories: ['intake'] },
    ]);
    expect(union).toEqual({ categories: ['dossier', 'intake'] });
    expect(matchesFilter(intake, union)).toBe(true);
    expect(matchesFilter({ streamName: 'calendar-2026', type: 'X' }, union)).toBe(false);
    expect(unionOfFilters([{ eventTypes: ['A'] }, { eventTypes: ['B'], categories: ['dossier'] }])).toEqual({
      eventTypes: ['A', 'B'],
    });
  });
});

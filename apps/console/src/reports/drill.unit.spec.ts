import { crumbsOf, filtersOf, levelOf, parseDrill } from './drill';

describe('the dashboard drill-down', () => {
  it('goes province → agency → procedure → step, each level from the URL', () => {
    expect(levelOf(parseDrill(new URLSearchParams('')))).toBe('province');
    expect(levelOf(parseDrill(new URLSearchParams('agency=A')))).toBe('agency');
    expect(levelOf(parseDrill(new URLSearchParams('agency=A&procedure=P')))).toBe('procedure');
    expect(levelOf(parseDrill(new URLSearchParams('agency=A&procedure=P&step=S')))).toBe('step');
    // A deeper level without its parents is not a level.
    expect(levelOf(parseDrill(new URLSearchParams('procedure=P&step=S')))).toBe('province');
  });
  it('filters the reports by the levels above and leads back up', () => {
    const drill = { agency: 'A', procedure: 'P', step: 'S' };
    expect(filtersOf(drill, '2026-03-01', '2026-03-31')).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      agency: 'A',
      procedure: 'P',
    });
    expect(crumbsOf(drill).map((c) => c.level)).toEqual(['province', 'agency', 'procedure', 'step']);
    expect(crumbsOf(drill)[1]!.drill).toEqual({ agency: 'A' });
  });
});

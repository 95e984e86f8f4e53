import { parseSimulationRequest, parseWhatIfRequest } from './simulation-request';
import { mergeQuantiles } from './model-from-history';

const paths = (r: { ok: boolean; problems?: { path: string }[] }) =>
  r.ok ? [] : r.problems!.map((p) => p.path).sort();

describe('simulation requests', () => {
  it('gives the defaults for an empty body', () => {
    expect(parseSimulationRequest({})).toEqual({
      ok: true,
      value: {
        definition: 'published',
        compareWith: null,
        dossiers: 1000,
        seed: 1,
        firstDay: null,
        arrivals: null,
        history: null,
        capacity: {},
        supplementPauseDays: null,
        targetOnTimeShare: null,
      },
    });
  });

  it('names every problem at once', () => {
    const r = parseSimulationRequest({
      definition: 'next',
      dossiers: 1_000_001,
      seed: 1.5,
      firstDay: '2025-02-30',
      history: { from: '2020-01-01', to: '2026-01-01' },
      capacity: { 'x y': 2, A: 0 },
      targetOnTimeShare: 2,
      colour: 'red',
    });
    expect(paths(r)).toEqual([
      'capacity.A',
      'capacity.x y',
      'colour',
      'definition',
      'dossiers',
      'firstDay',
      'history',
      'seed',
      'targetOnTimeShare',
    ]);
    expect(!r.ok && r.problems.find((p) => p.path === 'dossiers')!.code).toBe('TOO_LARGE');
    expect(paths(parseSimulationRequest([]))).toEqual(['']);
    expect(paths(parseSimulationRequest({ targetOnTimeShare: 0.9, compareWith: 2 }))).toEqual([
      'targetOnTimeShare',
    ]);
    expect(paths(parseSimulationRequest({ targetOnTimeShare: 0.9, dossiers: 20_001 }))).toEqual(['dossiers']);
  });

  it('reads a what-if and refuses one that changes nothing or names a day twice', () => {
    const ok = parseWhatIfRequest({
      period: { from: '2025-04-01', to: '2025-04-30' },
      calendar: { daysOff: [{ date: '2025-04-08', reason: 'Giả định' }] },
      rules: {
        '1.001193': {
          statutoryLimit: { unit: 'sameDay' },
          steps: { a: { unit: 'workingHours', amount: 4 } },
        },
      },
    });
    expect(ok.ok && ok.value.rules['1.001193']).toEqual({
      statutoryLimit: { unit: 'sameDay' },
      steps: { a: { unit: 'workingHours', amount: 4 } },
    });
    expect(paths(parseWhatIfRequest({ period: { from: '2025-04-01', to: '2025-04-30' } }))).toEqual([
      'calendar',
    ]);
    expect(
      paths(
        parseWhatIfRequest({
          period: { from: '2025-04-01', to: '2025-04-30' },
          calendar: { daysOff: [{ date: '2025-04-08', reason: 'x' }], workingDays: ['2025-04-08'] },
          rules: { p: { steps: { a: { unit: 'weeks', amount: 1 } } } },
          limit: -1,
        }),
      ),
    ).toEqual(['calendar.workingDays[0]', 'limit', 'rules.p.steps.a']);
    expect(paths(parseWhatIfRequest({ calendar: { workingDays: ['2025-04-07'] } }))).toEqual(['period']);
  });
});

describe('mergeQuantiles', () => {
  it('weighs each set by its visits', () => {
    const low = Array.from({ length: 101 }, () => 0.5);
    const high = Array.from({ length: 101 }, () => 1.5);
    const merged = mergeQuantiles([
      { quantiles: low, visits: 300 },
      { quantiles: high, visits: 100 },
    ]);
    expect(merged).toHaveLength(101);
    expect(merged.filter((q) => q === 0.5).length).toBeGreaterThanOrEqual(74);
    expect(merged.filter((q) => q === 0.5).length).toBeLessThanOrEqual(76);
    expect(merged[100]).toBe(1.5);
  });
});

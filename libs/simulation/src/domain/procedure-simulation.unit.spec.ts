import { vietnameseCalendar, type WorkingTimeCalendar } from '@lien-thong/calendar';
import { statutoryDueAt } from '@lien-thong/dossiers';
import { countedLimit } from '@lien-thong/procedures';
import { SIX_STEP_PROCEDURE, fixedModel } from '../testing/simulation-fixtures';
import { simulateProcedure } from './procedure-simulation';
import type { SimulationModel } from './simulation-model';

const calendar = vietnameseCalendar();
const due =
  (c: WorkingTimeCalendar): SimulationModel['statutoryDue'] =>
  (receivedAt) =>
    statutoryDueAt(c, receivedAt, countedLimit(SIX_STEP_PROCEDURE.statutoryLimit), 'civil-code');
const model = (overrides: Parameters<typeof fixedModel>[2] = {}) =>
  fixedModel(calendar, due(calendar), overrides);

describe('simulateProcedure', () => {
  it('gives the same result for the same seed, and another for another seed', () => {
    const noisy = { duration: { kind: 'lognormal', medianRatio: 0.8, sigma: 0.6 } } as const;
    const a = simulateProcedure(model({ ...noisy, seed: 1 }));
    const b = simulateProcedure(model({ ...noisy, seed: 1 }));
    const c = simulateProcedure(model({ ...noisy, seed: 2 }));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(a.dossiers).toBe(200);
  });

  it('adds the budgets along the longest branch when every step takes half its budget', () => {
    const result = simulateProcedure(model());
    // appraise 1.5 + max(tax 0.5, survey 1) + sign 1 + update 0.5 + return 0.5 = 4.5 working days.
    expect(result.processingWorkingDays.p50).toBeCloseTo(4.5, 2);
    expect(result.processingWorkingDays.p90).toBeCloseTo(4.5, 2);
    expect(result.late).toBe(0);
    expect(result.onTimeShare).toBe(1);
    expect(result.lateSteps).toEqual([]);
    // Nothing late: the bottleneck is the step that uses most of its budget (all use half; the first found).
    expect(result.bottleneck?.reason).toBe('time-per-budget');
  });

  it('judges a dossier late past its statutory due date, and blames the step that ran over', () => {
    const result = simulateProcedure(
      model({
        behaviour: (stepId) => ({
          duration: { kind: 'quantiles', quantiles: stepId === 'sign' ? [4, 4] : [0.5, 0.5], visits: 1 },
          supplementRate: 0,
          returnRate: 0,
          source: 'history',
        }),
      }),
    );
    // 4.5 − 1 + 8 = 11.5 working days against a limit of 10: every dossier late, the signing step to blame.
    expect(result.late).toBe(200);
    expect(result.lateSteps.map((s) => [s.stepId, s.agency, s.late])).toEqual([['sign', 'D', 200]]);
    expect(result.lateSteps[0]!.delayWorkingDays).toBeCloseTo(200 * 6, 1);
    expect(result.bottleneck).toEqual({ stepId: 'sign', agency: 'D', reason: 'delay-past-deadlines' });
  });

  it('forms a queue at an agency that works on one dossier at a time', () => {
    const free = simulateProcedure(model());
    const limited = simulateProcedure(model({ capacity: { D: 1 } }));
    const queueD = limited.queues.find((q) => q.agency === 'D')!;
    expect(queueD.capacity).toBe(1);
    expect(queueD.maxWaiting).toBeGreaterThan(10);
    expect(queueD.series.some((p) => p.waiting > 0)).toBe(true);
    expect(free.queues.find((q) => q.agency === 'D')!.maxWaiting).toBe(0);
    const sign = limited.steps.find((s) => s.stepId === 'sign')!;
    expect(sign.meanQueueWorkingDays).toBeGreaterThan(1);
    expect(limited.onTimeShare).toBeLessThan(free.onTimeShare);
    expect(limited.bottleneck).toMatchObject({ stepId: 'sign', agency: 'D' });
  });

  it('stops the clock while the applicant brings a supplement, and for a step excluded from the limit', () => {
    const supplements = simulateProcedure(
      model({
        behaviour: () => ({
          duration: { kind: 'quantiles', quantiles: [0.5, 0.5], visits: 1 },
          supplementRate: 0.5,
          returnRate: 0,
          source: 'history',
        }),
        supplementPauseDays: 20,
      }),
    );
    // The applicant's weeks do not count: processing stays 4.5 working days and nobody is late.
    expect(supplements.supplements).toBeGreaterThan(300);
    expect(supplements.processingWorkingDays.p90).toBeCloseTo(4.5, 2);
    expect(supplements.late).toBe(0);

    const excluded = simulateProcedure(
      model({
        definition: {
          ...SIX_STEP_PROCEDURE,
          steps: SIX_STEP_PROCEDURE.steps.map((s) =>
            s.id === 'tax' ? { ...s, excludedFromLimit: true } : s,
          ),
        },
        behaviour: (stepId) => ({
          duration: { kind: 'quantiles', quantiles: stepId === 'tax' ? [30, 30] : [0.5, 0.5], visits: 1 },
          supplementRate: 0,
          returnRate: 0,
          source: 'history',
        }),
      }),
    );
    // Tax takes 30 working days of the applicant's time: it is neither counted nor judged.
    expect(excluded.late).toBe(0);
    expect(excluded.processingWorkingDays.p50).toBeCloseTo(3.5, 2);
    expect(excluded.lateSteps).toEqual([]);
  });

  it('visits a step again after a return and skips a step whose condition does not apply', () => {
    const returned = simulateProcedure(
      model({
        behaviour: (stepId) => ({
          duration: { kind: 'quantiles', quantiles: [0.5, 0.5], visits: 1 },
          supplementRate: 0,
          returnRate: stepId === 'survey' ? 1 : 0,
          source: 'history',
        }),
      }),
    );
    // Every survey hands back until the visits run out: appraisal visited many times.
    expect(returned.returns).toBeGreaterThan(200);
    expect(returned.steps.find((s) => s.stepId === 'appraise')!.visits).toBeGreaterThan(400);

    const conditional = simulateProcedure(
      model({
        definition: {
          ...SIX_STEP_PROCEDURE,
          steps: SIX_STEP_PROCEDURE.steps.map((s) =>
            s.id === 'survey' ? { ...s, condition: { field: 'area', op: 'gt', value: 100 } } : s,
          ),
        },
        conditionRate: () => 0,
      }),
    );
    expect(conditional.steps.find((s) => s.stepId === 'survey')).toBeUndefined();
    // Without the survey the longest branch is tax: 4.5 − 1 + 0.5 = 4 working days.
    expect(conditional.processingWorkingDays.p50).toBeCloseTo(4, 2);
  });

  it('spreads arrivals over working days only, none at Tết', () => {
    const result = simulateProcedure(model({ firstDay: '2026-02-13', dossiers: 100 }));
    // Tết 2026: 14–22 February off; the first arrivals fall on Friday 13 February, then from the 23rd.
    const first = new Date(Date.parse(result.firstArrival) + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(first).toBe('2026-02-13');
    const d = result.queues.find((q) => q.agency === 'A')!.series.map((p) => p.date);
    expect(d.filter((x) => x > '2026-02-13' && x < '2026-02-23')).toEqual([]);
  });
});

import type { StepDefinition } from './procedure-definition';
import { apologyNoticeOf, supplementWindowOf } from './procedure-definition';
import { validateProcedureDefinition } from './procedure-validation';
import { countedLimit } from './procedure-definition';
import { birthBundle as good, day, fixtureContext as ctx } from '../testing/procedure-fixtures';

function withSteps(change: (steps: StepDefinition[]) => StepDefinition[]): unknown {
  return { ...good, steps: change(good.steps.map((s) => ({ ...s }))) };
}

function codes(input: unknown): string[] {
  const result = validateProcedureDefinition(input, ctx);
  return result.ok ? [] : result.problems.map((p) => p.code);
}

function problem(input: unknown, code: string) {
  const result = validateProcedureDefinition(input, ctx);
  return result.ok ? undefined : result.problems.find((p) => p.code === code);
}

describe('validating a coordination rule', () => {
  it('accepts a well-formed design with a parallel branch and a join', () => {
    expect(validateProcedureDefinition(good, ctx)).toEqual({ ok: true, value: good });
  });

  it('refuses a cycle and names its steps', () => {
    const input = withSteps((s) => {
      s[0] = { ...s[0]!, after: [] };
      s[1] = { ...s[1]!, after: ['register-birth', 'return'] };
      return s;
    });
    expect(problem(input, 'CYCLE')?.message).toMatch(/register-residence → return → register-residence/);
  });

  it('refuses a step that cannot be reached from the first step', () => {
    const input = withSteps((s) => [
      ...s.slice(0, 3),
      { ...s[3]!, after: ['register-residence', 'issue-card'] },
      { ...s[2]!, id: 'orphan', after: [] },
    ]);
    expect(problem(input, 'UNREACHABLE')).toMatchObject({
      path: 'steps[4]',
      message: expect.stringMatching(/"orphan"/),
    });
  });

  it('refuses a step that never reaches the return of the result', () => {
    const input = withSteps((s) => [...s, { ...s[2]!, id: 'side-track', after: ['register-birth'] }]);
    expect(problem(input, 'DEAD_END')).toMatchObject({ path: 'steps[4]' });
  });

  it('refuses a design without a return-result step', () => {
    expect(codes(withSteps((s) => s.map((x) => ({ ...x, kind: 'process' as const }))))).toContain('NO_END');
  });

  it('refuses an owner agency that does not exist and a role no agency has', () => {
    const input = withSteps((s) => {
      s[2] = { ...s[2]!, owner: { agencyCode: '000.00.99.H29' } };
      s[1] = { ...s[1]!, owner: { role: 'ministry-of-magic', of: 'applicant-commune' } };
      return s;
    });
    expect(codes(input)).toEqual(expect.arrayContaining(['UNKNOWN_AGENCY', 'UNKNOWN_ROLE']));
    expect(problem(input, 'UNKNOWN_AGENCY')?.path).toBe('steps[2].owner.agencyCode');
  });

  it('reports every path over the statutory limit, and by how much', () => {
    const input = withSteps((s) => {
      s[1] = { ...s[1]!, budget: day(2) };
      return s;
    });
    const over = validateProcedureDefinition(input, ctx);
    expect(over.ok).toBe(false);
    const messages = over.ok
      ? []
      : over.problems.filter((p) => p.code === 'OVER_LIMIT').map((p) => p.message);
    expect(messages).toEqual([
      'path register-birth → register-residence → return totals 3.5 working days, 0.5 working days over the statutory limit of 3 working days',
    ]);
    // The designer shows the same problem in Vietnamese (decimal comma).
    expect(
      over.ok ? [] : over.problems.filter((p) => p.code === 'OVER_LIMIT').map((p) => p.messageVi),
    ).toEqual([
      'đường đi register-birth → register-residence → return tổng cộng 3,5 ngày làm việc, vượt 0,5 ngày làm việc so với thời hạn luật định 3 ngày làm việc',
    ]);
  });

  it('accepts a result given at once (immediate), its steps within one working day, counted as the day', () => {
    // Decree 61/2018 art. 18 / Decree 118/2025: a procedure whose result is given right after receipt
    // and processing (trả kết quả ngay). Its deadlines are counted like a same-day limit.
    const quick = (hours: number) => ({ unit: 'workingHours', amount: hours }) as const;
    const immediate = withSteps((s) => s.map((step) => ({ ...step, budget: quick(2) })));
    expect(codes({ ...(immediate as object), statutoryLimit: { unit: 'immediate' } })).toEqual([]);
    const tooLong = withSteps((s) => s.map((step) => ({ ...step, budget: quick(3) })));
    expect(codes({ ...(tooLong as object), statutoryLimit: { unit: 'immediate' } })).toContain('OVER_LIMIT');
    expect(countedLimit({ unit: 'immediate' })).toEqual({ unit: 'sameDay' });
    expect(countedLimit({ unit: 'workingDays', amount: 3 })).toEqual({ unit: 'workingDays', amount: 3 });
  });

  it('does not count an excluded phase towards the limit', () => {
    const input = withSteps((s) => {
      s[1] = { ...s[1]!, budget: day(2), kind: 'payment', excludedFromLimit: true };
      return s;
    });
    expect(codes(input)).toEqual([]);
  });

  it('refuses a hand-back to a step that is not earlier on the path', () => {
    const input = withSteps((s) => {
      s[1] = { ...s[1]!, canReturnTo: ['issue-card'] };
      return s;
    });
    expect(problem(input, 'RETURN_NOT_ANCESTOR')?.path).toBe('steps[1].canReturnTo[0]');
  });

  it('refuses duplicate step ids and references to unknown steps', () => {
    const input = withSteps((s) => [
      ...s.slice(0, 3),
      { ...s[3]!, after: ['register-residence', 'nowhere'] },
      { ...s[3]!, id: 'register-birth' },
    ]);
    expect(codes(input)).toEqual(expect.arrayContaining(['DUPLICATE_STEP', 'UNKNOWN_STEP']));
    expect(problem(input, 'UNKNOWN_STEP')?.path).toBe('steps[3].after[1]');
  });

  it('refuses a first step that waits for another', () => {
    const input = withSteps((s) => {
      s[0] = { ...s[0]!, after: ['return'] };
      return s;
    });
    expect(codes(input)).toContain('START');
  });

  it('refuses malformed conditions without evaluating anything', () => {
    const input = withSteps((s) => {
      s[2] = {
        ...s[2]!,
        condition: {
          all: [
            { field: 'child.age; drop', op: 'lt', value: 6 },
            { field: 'x', op: 'in', value: 3 } as never,
          ],
        },
      };
      return s;
    });
    expect(codes(input)).toEqual(expect.arrayContaining(['CONDITION_FIELD', 'CONDITION_VALUE']));
  });

  it('refuses test budgets in seconds on a real procedure', () => {
    const input = withSteps((s) => {
      s[2] = { ...s[2]!, budget: { unit: 'workingSeconds', amount: 5 } };
      return s;
    });
    expect(problem(input, 'BUDGET_UNIT_MISMATCH')?.path).toBe('steps[2].budget.unit');
  });

  it('lists every shape problem at once', () => {
    const result = validateProcedureDefinition({ code: 'x', steps: [] }, ctx);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        'code',
        'name.vi',
        'field',
        'ruleSet',
        'countingRule',
        'supplementPolicy',
        'statutoryLimit',
        'intakeChannels',
        'steps',
      ]),
    );
    // Each in Vietnamese too, for the designer.
    expect(result.ok ? [] : result.problems.filter((p) => !p.messageVi)).toEqual([]);
    expect(result.ok ? undefined : result.problems.find((p) => p.path === 'code')?.messageVi).toBe(
      'phải là mã thủ tục hành chính chính thức, ví dụ 1.001193',
    );
  });

  it('refuses something that is not an object', () => {
    expect(codes('nope')).toEqual(['NOT_AN_OBJECT']);
  });
});

describe('the apology notice and the supplement window (issue 18, items 3 and 6)', () => {
  // Decree 61/2018 art. 19 (kept by Decree 118/2025): the apology and new appointment at the latest one
  // working day before the appointment; a supplement asked within three working days of receipt.
  it('are optional settings of the procedure, with the decree as default', () => {
    expect(apologyNoticeOf(good)).toEqual({ unit: 'workingDays', amount: 1 });
    expect(supplementWindowOf(good)).toEqual({ unit: 'workingDays', amount: 3 });
    const set = { ...good, apologyNotice: day(2), supplementWindow: day(5) };
    expect(validateProcedureDefinition(set, ctx).ok).toBe(true);
    expect(apologyNoticeOf(set)).toEqual(day(2));
  });

  it('are checked like a budget, with the path named', () => {
    expect(problem({ ...good, apologyNotice: { unit: 'weeks', amount: 1 } }, 'BUDGET_UNIT')).toMatchObject({
      path: 'apologyNotice.unit',
    });
    expect(
      problem({ ...good, supplementWindow: { unit: 'workingDays', amount: -1 } }, 'BUDGET_AMOUNT'),
    ).toMatchObject({
      path: 'supplementWindow.amount',
    });
    expect(codes({ ...good, apologyNotice: { unit: 'workingSeconds', amount: 12 } })).toContain(
      'BUDGET_UNIT_MISMATCH',
    );
  });
});

import type { Caller } from './api-test-app';

/**
 * A one-step procedure of the desk itself (the receiving unit's People's Committee), as certifying a
 * copy is: for tests of procedures whose result is given at once (`immediate`) or within the day
 * (`sameDay`). Drafted and published through the designer API by `designer` (a procedure designer).
 */
export async function publishQuickProcedure(
  designer: () => Caller,
  code: string,
  statutoryLimit: { unit: 'immediate' } | { unit: 'sameDay' },
  name: string,
): Promise<void> {
  await designer()
    .post('/procedures')
    .send({
      code,
      name: { vi: name },
      field: 'Chứng thực',
      ruleSet: 'decree-118-2025',
      statutoryLimit,
      countingRule: 'civil-code',
      requiredDocuments: [
        { code: 'ban-chinh', name: { vi: 'Bản chính giấy tờ cần chứng thực' }, copies: 1, original: true },
      ],
      intakeChannels: ['counter'],
      supplementPolicy: 'pause',
      maxReappointments: 1,
      steps: [
        {
          id: 'return-result',
          name: { vi: 'Chứng thực và trả kết quả' },
          kind: 'return-result',
          owner: { role: 'commune-people-committee', of: 'receiving-unit' },
          budget: { unit: 'workingHours', amount: 2 },
          after: [],
        },
      ],
    })
    .expect(201);
  await designer().post(`/procedures/${code}/versions`).expect(201);
}

import type { ProcedureDefinition } from '../domain/procedure-definition';
import type { ValidationContext } from '../domain/procedure-validation';

/** Shared by the unit tests of this context. */
export const fixtureContext: ValidationContext = {
  agencyExists: (code) => ['000.00.05.H29', '000.00.10.H29'].includes(code),
  roleResolvable: (role) => ['commune-people-committee', 'commune-police'].includes(role),
};

export const day = (amount: number) => ({ unit: 'workingDays', amount }) as const;

/** Birth registration + permanent residence + health insurance for a child under 6: 3 working days. */
export const birthBundle: ProcedureDefinition = {
  code: '1.001193',
  name: {
    vi: 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em dưới 6 tuổi',
    en: 'Birth registration bundle',
  },
  field: 'Hộ tịch',
  ruleSet: 'decree-118-2025',
  statutoryLimit: { unit: 'workingDays', amount: 3 },
  countingRule: 'civil-code',
  requiredDocuments: [{ code: 'to-khai', name: { vi: 'Tờ khai' }, copies: 1, original: true }],
  intakeChannels: ['online', 'national-portal', 'counter'],
  supplementPolicy: 'pause',
  maxReappointments: 1,
  steps: [
    {
      id: 'register-birth',
      name: { vi: 'Đăng ký khai sinh' },
      kind: 'process',
      owner: { role: 'commune-people-committee', of: 'applicant-commune' },
      budget: day(1),
      after: [],
    },
    {
      id: 'register-residence',
      name: { vi: 'Đăng ký thường trú' },
      kind: 'process',
      owner: { role: 'commune-police', of: 'applicant-commune' },
      budget: day(1),
      after: ['register-birth'],
      canReturnTo: ['register-birth'],
    },
    {
      id: 'issue-card',
      name: { vi: 'Cấp thẻ BHYT' },
      kind: 'process',
      owner: { agencyCode: '000.00.10.H29' },
      budget: day(0.5),
      after: ['register-birth'],
      condition: { field: 'child.ageMonths', op: 'lt', value: 72 },
    },
    {
      id: 'return',
      name: { vi: 'Trả kết quả' },
      kind: 'return-result',
      owner: { role: 'commune-people-committee', of: 'receiving-unit' },
      budget: day(0.5),
      after: ['register-residence', 'issue-card'],
    },
  ],
};

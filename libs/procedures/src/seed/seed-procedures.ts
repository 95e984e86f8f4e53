import type { ProcedureDefinition, StepDefinition } from '../domain/procedure-definition';

const days = (amount: number) => ({ unit: 'workingDays', amount }) as const;
const seconds = (amount: number) => ({ unit: 'workingSeconds', amount }) as const;
const commune = (role: string) => ({ role, of: 'applicant-commune' }) as const;
const desk = { role: 'commune-people-committee', of: 'receiving-unit' } as const;

function step(
  id: string,
  vi: string,
  kind: StepDefinition['kind'],
  owner: StepDefinition['owner'],
  budget: StepDefinition['budget'],
  after: string[],
  extra: Partial<StepDefinition> = {},
): StepDefinition {
  return { id, name: { vi }, kind, owner, budget, after, ...extra };
}

const common = {
  ruleSet: 'decree-118-2025',
  countingRule: 'civil-code',
  supplementPolicy: 'pause',
  maxReappointments: 1,
} as const;

/**
 * The sample catalogue: four inter-agency procedures from the domain primer, for Ho Chi Minh City.
 * Budget shares are illustrative where no published coordination rule was available (docs/seed-catalogue.md).
 */
export const SEED_PROCEDURES: readonly ProcedureDefinition[] = [
  {
    ...common,
    code: '1.001193',
    name: {
      vi: 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
      en: 'Birth registration, permanent residence and health-insurance card for a child under 6',
    },
    field: 'Hộ tịch',
    statutoryLimit: days(3),
    intakeChannels: ['national-portal', 'online', 'counter', 'post'],
    requiredDocuments: [
      { code: 'to-khai-lien-thong', name: { vi: 'Tờ khai điện tử liên thông' }, copies: 1, original: true },
      { code: 'giay-chung-sinh', name: { vi: 'Giấy chứng sinh' }, copies: 1, original: true },
    ],
    bundleOf: [
      { code: '1.001193', name: { vi: 'Đăng ký khai sinh' } },
      { code: '1.004194', name: { vi: 'Đăng ký thường trú' } },
      { code: '1.002947', name: { vi: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi' } },
    ],
    steps: [
      step(
        'register-birth',
        'Đăng ký khai sinh',
        'process',
        commune('commune-people-committee'),
        days(1),
        [],
      ),
      step(
        'register-residence',
        'Đăng ký thường trú',
        'process',
        commune('commune-police'),
        days(1),
        ['register-birth'],
        { canReturnTo: ['register-birth'] },
      ),
      step(
        'issue-health-card',
        'Cấp thẻ bảo hiểm y tế',
        'process',
        { agencyCode: '000.00.61.H29' },
        days(0.5),
        ['register-residence'],
      ),
      step('return-result', 'Trả kết quả', 'return-result', desk, days(0.5), ['issue-health-card']),
    ],
  },
  {
    ...common,
    code: '2.000986',
    name: {
      vi: 'Liên thông đăng ký khai tử, xóa đăng ký thường trú, trợ cấp mai táng',
      en: 'Death registration, removal of residence and funeral allowance',
    },
    field: 'Hộ tịch',
    statutoryLimit: days(5),
    intakeChannels: ['counter', 'online', 'national-portal'],
    requiredDocuments: [
      { code: 'to-khai-khai-tu', name: { vi: 'Tờ khai đăng ký khai tử' }, copies: 1, original: true },
      { code: 'giay-bao-tu', name: { vi: 'Giấy báo tử' }, copies: 1, original: true },
    ],
    bundleOf: [
      { code: '2.000986', name: { vi: 'Đăng ký khai tử' } },
      { code: '1.004206', name: { vi: 'Xóa đăng ký thường trú' } },
      { code: '1.001776', name: { vi: 'Giải quyết trợ cấp mai táng' } },
    ],
    steps: [
      step('register-death', 'Đăng ký khai tử', 'process', commune('commune-people-committee'), days(1), []),
      step('remove-residence', 'Xóa đăng ký thường trú', 'process', commune('commune-police'), days(2), [
        'register-death',
      ]),
      step(
        'funeral-allowance',
        'Giải quyết trợ cấp mai táng',
        'approve',
        { agencyCode: '000.00.61.H29' },
        days(3),
        ['register-death'],
      ),
      step('return-result', 'Trả kết quả', 'return-result', desk, days(0.5), [
        'remove-residence',
        'funeral-allowance',
      ]),
    ],
  },
  {
    ...common,
    code: '1.012761',
    name: {
      vi: 'Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất lần đầu',
      en: 'First land registration and land-use certificate',
    },
    field: 'Đất đai',
    statutoryLimit: days(20),
    intakeChannels: ['counter', 'online', 'post'],
    requiredDocuments: [
      {
        code: 'don-dang-ky',
        name: { vi: 'Đơn đăng ký đất đai, tài sản gắn liền với đất' },
        copies: 1,
        original: true,
      },
      {
        code: 'giay-to-nguon-goc',
        name: { vi: 'Giấy tờ về nguồn gốc sử dụng đất' },
        copies: 1,
        original: false,
      },
    ],
    steps: [
      step('appraise', 'Thẩm định hồ sơ, đo đạc', 'process', { agencyCode: '000.22.22.H29' }, days(10), []),
      step(
        'notify-tax',
        'Chuyển thông tin xác định nghĩa vụ tài chính',
        'notify-tax',
        { agencyCode: '000.22.22.H29' },
        days(0.5),
        ['appraise'],
      ),
      step(
        'assess-tax',
        'Xác định nghĩa vụ tài chính, ra thông báo thuế',
        'process',
        { agencyCode: '000.00.60.H29' },
        days(3),
        ['notify-tax'],
        { canReturnTo: ['appraise'] },
      ),
      step(
        'applicant-pays',
        'Người sử dụng đất nộp nghĩa vụ tài chính',
        'payment',
        desk,
        days(30),
        ['assess-tax'],
        { excludedFromLimit: true },
      ),
      step('sign', 'Ký Giấy chứng nhận', 'sign', { agencyCode: '000.00.22.H29' }, days(3), [
        'applicant-pays',
      ]),
      step('return-result', 'Trả kết quả', 'return-result', desk, days(0.5), ['sign']),
    ],
  },
  {
    ...common,
    code: '2.001610',
    name: {
      vi: 'Đăng ký thành lập doanh nghiệp liên thông đăng ký thuế, công bố thông tin',
      en: 'Business registration with tax registration',
    },
    field: 'Thành lập và hoạt động của doanh nghiệp',
    statutoryLimit: days(3),
    intakeChannels: ['online', 'counter', 'post'],
    requiredDocuments: [
      { code: 'giay-de-nghi', name: { vi: 'Giấy đề nghị đăng ký doanh nghiệp' }, copies: 1, original: true },
      { code: 'dieu-le', name: { vi: 'Điều lệ công ty' }, copies: 1, original: true },
    ],
    steps: [
      step(
        'register-enterprise',
        'Đăng ký doanh nghiệp',
        'process',
        { agencyCode: '000.00.09.H29' },
        days(2),
        [],
      ),
      step(
        'register-tax',
        'Cấp mã số thuế (mã số doanh nghiệp)',
        'process',
        { agencyCode: '000.00.60.H29' },
        days(0.5),
        ['register-enterprise'],
      ),
      step(
        'publish-information',
        'Công bố thông tin doanh nghiệp',
        'notify-tax',
        { agencyCode: '000.00.09.H29' },
        days(0.5),
        ['register-enterprise'],
      ),
      step('return-result', 'Trả kết quả', 'return-result', { agencyCode: '000.00.09.H29' }, days(0.5), [
        'register-tax',
        'publish-information',
      ]),
    ],
  },
];

/** Test procedures with budgets of seconds, for workflow tests on the always-open calendar. */
export const TEST_PROCEDURES: readonly ProcedureDefinition[] = [
  {
    ...common,
    countingRule: 'from-instant',
    code: '9.000001',
    name: { vi: 'Thủ tục kiểm thử: bốn bước tuần tự', en: 'Test: four sequential steps' },
    field: 'Kiểm thử',
    statutoryLimit: seconds(20),
    // The apology notice in seconds too (a working day before the appointment, scaled down).
    apologyNotice: seconds(12),
    intakeChannels: ['counter', 'online'],
    requiredDocuments: [],
    steps: [
      step('a', 'Bước A', 'process', commune('commune-people-committee'), seconds(4), []),
      step('b', 'Bước B', 'process', commune('commune-police'), seconds(4), ['a'], { canReturnTo: ['a'] }),
      step('c', 'Bước C', 'approve', { agencyCode: '000.00.61.H29' }, seconds(4), ['b']),
      step('return-result', 'Trả kết quả', 'return-result', desk, seconds(4), ['c']),
    ],
  },
  {
    ...common,
    countingRule: 'from-instant',
    code: '9.000002',
    name: { vi: 'Thủ tục kiểm thử: nhánh song song', en: 'Test: parallel branches and a join' },
    field: 'Kiểm thử',
    statutoryLimit: seconds(20),
    intakeChannels: ['counter', 'online'],
    requiredDocuments: [],
    steps: [
      step('start', 'Tiếp nhận xử lý', 'process', commune('commune-people-committee'), seconds(3), []),
      step('police', 'Công an', 'process', commune('commune-police'), seconds(5), ['start']),
      step('insurance', 'Bảo hiểm xã hội', 'process', { agencyCode: '000.00.61.H29' }, seconds(5), ['start']),
      step('return-result', 'Trả kết quả', 'return-result', desk, seconds(3), ['police', 'insurance']),
    ],
  },
];

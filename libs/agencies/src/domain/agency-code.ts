/**
 * Agency codes in the QCVN 102:2016/BTTTT style: `V1V2V3.Z1Z2.Y1Y2.MX1X2`, e.g. `000.00.05.H54`:
 * three digit groups (levels 4, 3, 2) and a level-1 group of a letter and two digits (the province).
 * Codes are data and can be reissued (provinces merged in 2025); this only checks the shape.
 */
export const AGENCY_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

export interface CodeProblem {
  readonly code: string;
  readonly message: string;
  readonly messageVi: string;
}

/** Every problem with an agency code's shape, empty when it is well formed. */
export function agencyCodeProblems(value: unknown): CodeProblem[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [
      {
        code: 'AGENCY_CODE_MISSING',
        message: 'agency code is required (format 000.00.00.H00)',
        messageVi: 'cần mã cơ quan (dạng 000.00.00.H00)',
      },
    ];
  }
  const groups = value.split('.');
  if (groups.length !== 4) {
    return [
      {
        code: 'AGENCY_CODE_FORMAT',
        message: `"${value}" must have four groups separated by dots (format 000.00.00.H00)`,
        messageVi: `"${value}" phải gồm bốn nhóm cách nhau bởi dấu chấm (dạng 000.00.00.H00)`,
      },
    ];
  }
  const [v, z, y, m] = groups as [string, string, string, string];
  const problems: CodeProblem[] = [];
  if (!/^\d{3}$/.test(v))
    problems.push({
      code: 'AGENCY_CODE_LEVEL4',
      message: `first group "${v}" must be 3 digits`,
      messageVi: `nhóm thứ nhất "${v}" phải gồm 3 chữ số`,
    });
  if (!/^\d{2}$/.test(z))
    problems.push({
      code: 'AGENCY_CODE_LEVEL3',
      message: `second group "${z}" must be 2 digits`,
      messageVi: `nhóm thứ hai "${z}" phải gồm 2 chữ số`,
    });
  if (!/^\d{2}$/.test(y))
    problems.push({
      code: 'AGENCY_CODE_LEVEL2',
      message: `third group "${y}" must be 2 digits`,
      messageVi: `nhóm thứ ba "${y}" phải gồm 2 chữ số`,
    });
  if (!/^[A-Z]\d{2}$/.test(m)) {
    problems.push({
      code: 'AGENCY_CODE_LEVEL1',
      message: `last group "${m}" must be an upper-case letter and 2 digits (the province, e.g. H29)`,
      messageVi: `nhóm cuối "${m}" phải là một chữ in hoa và 2 chữ số (mã tỉnh, ví dụ H29)`,
    });
  }
  return problems;
}

export function isAgencyCode(value: unknown): value is string {
  return typeof value === 'string' && AGENCY_CODE_PATTERN.test(value);
}

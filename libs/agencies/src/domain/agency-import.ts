import { parseWorkingHours } from '@lien-thong/calendar';
import type { ProblemDetail } from '@lien-thong/contracts';
import { agencyCodeProblems } from './agency-code';
import type { AgencyProfile } from './agency-events';

const LEVELS = ['central', 'province', 'commune'];
const ROLE = /^[a-z][a-z0-9-]{1,62}$/;

export type ImportResult = { ok: true; agencies: AgencyProfile[] } | { ok: false; problems: ProblemDetail[] };

/**
 * Validates an agency import file `{ agencies: [...] }` as a whole and lists EVERY problem with its
 * path (`agencies[3].code`): nothing is imported unless the whole file is valid. A parent may be in the
 * file or already known.
 */
export function validateAgencyImport(input: unknown, known: (code: string) => boolean): ImportResult {
  const problems: ProblemDetail[] = [];
  const add = (path: string, code: string, message: string, messageVi: string) =>
    problems.push({ path, code, message, messageVi });
  const list = (input as { agencies?: unknown } | null)?.agencies;
  if (typeof input !== 'object' || input === null || !Array.isArray(list) || list.length === 0) {
    return {
      ok: false,
      problems: [
        {
          path: 'agencies',
          code: 'REQUIRED',
          message: 'must be a non-empty list of agencies',
          messageVi: 'phải là danh sách cơ quan không rỗng',
        },
      ],
    };
  }
  const codes = new Map<string, number>();
  list.forEach((raw: unknown, i) => {
    const a = raw as Record<string, unknown> | null;
    const path = `agencies[${i}]`;
    if (typeof a !== 'object' || a === null)
      return add(path, 'NOT_AN_OBJECT', 'an agency must be an object', 'mỗi cơ quan phải là một đối tượng');
    for (const p of agencyCodeProblems(a.code)) add(`${path}.code`, p.code, p.message, p.messageVi);
    if (typeof a.code === 'string') {
      if (codes.has(a.code))
        add(
          `${path}.code`,
          'DUPLICATE_AGENCY',
          `${a.code} appears twice (also agencies[${codes.get(a.code)}])`,
          `mã ${a.code} xuất hiện hai lần (cả ở agencies[${codes.get(a.code)}])`,
        );
      codes.set(a.code, i);
    }
    const name = a.name as Record<string, unknown> | undefined;
    if (typeof name !== 'object' || name === null || typeof name.vi !== 'string' || !name.vi.trim())
      add(`${path}.name.vi`, 'REQUIRED', 'the Vietnamese name is required', 'cần tên tiếng Việt');
    if (!LEVELS.includes(a.level as string))
      add(
        `${path}.level`,
        'LEVEL',
        `must be one of ${LEVELS.join(', ')}`,
        `phải là một trong ${LEVELS.join(', ')}`,
      );
    if (!Array.isArray(a.roles) || a.roles.some((r) => typeof r !== 'string' || !ROLE.test(r)))
      add(
        `${path}.roles`,
        'ROLES',
        'must be a list of role tags such as commune-police',
        'phải là danh sách vai trò, ví dụ commune-police',
      );
    if (a.head !== undefined) {
      const head = a.head as Record<string, unknown> | null;
      if (
        typeof head !== 'object' ||
        head === null ||
        typeof head.name !== 'string' ||
        typeof head.title !== 'string'
      )
        add(`${path}.head`, 'HEAD', 'must be { name, title }', 'thủ trưởng phải có dạng { name, title }');
    }
    if (a.hours !== undefined) {
      const parsed = parseWorkingHours(a.hours);
      if (!parsed.ok)
        for (const problem of parsed.problems)
          add(
            `${path}.hours${problem.path ? `.${problem.path}` : ''}`,
            'HOURS',
            problem.message,
            `giờ làm việc không hợp lệ: ${problem.message}`,
          );
    }
    if (
      a.jurisdiction !== undefined &&
      (!Array.isArray(a.jurisdiction) || a.jurisdiction.some((c) => typeof c !== 'string'))
    ) {
      add(
        `${path}.jurisdiction`,
        'JURISDICTION',
        'must be a list of agency or area codes',
        'phải là danh sách mã cơ quan hoặc địa bàn',
      );
    }
  });
  list.forEach((raw: unknown, i) => {
    const parent = (raw as { parent?: unknown } | null)?.parent;
    if (parent === undefined) return;
    if (typeof parent !== 'string' || (!codes.has(parent) && !known(parent)))
      add(
        `agencies[${i}].parent`,
        'UNKNOWN_PARENT',
        `parent ${JSON.stringify(parent)} is neither in the file nor known`,
        `cơ quan cấp trên ${JSON.stringify(parent)} không có trong tệp và chưa được biết`,
      );
  });
  return problems.length ? { ok: false, problems } : { ok: true, agencies: list as AgencyProfile[] };
}

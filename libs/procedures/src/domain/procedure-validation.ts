import type { ProblemDetail } from '@lien-thong/contracts';
import {
  INTAKE_CHANNELS,
  type IntakeChannel,
  RULE_SET_VERSIONS,
  STEP_KINDS,
  type ProcedureDefinition,
  type StepDefinition,
} from './procedure-definition';

export interface ValidationContext {
  agencyExists(code: string): boolean;
  roleResolvable(role: string): boolean;
}

export type ValidationResult =
  { ok: true; value: ProcedureDefinition } | { ok: false; problems: ProblemDetail[] };

const PROCEDURE_CODE = /^\d+\.\d{6}$/;
const STEP_ID = /^[a-z][a-z0-9-]{0,62}$/;
const FIELD_PATH = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/;
const OWNER_SCOPES = ['applicant-commune', 'applicant-province', 'receiving-unit'];
/** Budgets compared in working seconds; a working day is 8 working hours. */
const SECONDS = { workingDays: 8 * 3600, workingHours: 3600, workingSeconds: 1 } as const;
const MAX_PATHS_REPORTED = 20;
const OWNER_VI = 'cần nêu cơ quan thực hiện: { agencyCode } hoặc { role, of }';

/**
 * Checks a coordination rule and reports EVERY problem with its JSON path and a stable code: shape,
 * duplicate or unknown step references, cycles, steps unreachable from the start, steps that never
 * reach a `return-result` step, owners that cannot be resolved, returns to non-ancestors, and every
 * path whose budgets exceed the statutory limit (with the excess). Pure.
 */
export function validateProcedureDefinition(input: unknown, ctx: ValidationContext): ValidationResult {
  const problems: ProblemDetail[] = [];
  const add: Add = (path, code, message, messageVi) => problems.push({ path, code, message, messageVi });
  if (!isObject(input))
    return {
      ok: false,
      problems: [
        {
          path: '',
          code: 'NOT_AN_OBJECT',
          message: 'the definition must be a JSON object',
          messageVi: 'định nghĩa phải là một đối tượng JSON',
        },
      ],
    };
  const def = input as Partial<ProcedureDefinition> & Record<string, unknown>;

  if (typeof def.code !== 'string' || !PROCEDURE_CODE.test(def.code))
    add(
      'code',
      'PROCEDURE_CODE',
      'must be an official procedure code such as 1.001193',
      'phải là mã thủ tục hành chính chính thức, ví dụ 1.001193',
    );
  checkName(def.name, 'name', add);
  if (typeof def.field !== 'string' || !def.field.trim())
    add('field', 'REQUIRED', 'the field (lĩnh vực) is required', 'cần nêu lĩnh vực');
  if (!RULE_SET_VERSIONS.includes(def.ruleSet as never))
    add(
      'ruleSet',
      'RULE_SET',
      `must be one of ${RULE_SET_VERSIONS.join(', ')}`,
      `phải là một trong ${RULE_SET_VERSIONS.join(', ')}`,
    );
  if (def.countingRule !== 'civil-code' && def.countingRule !== 'from-instant')
    add(
      'countingRule',
      'COUNTING_RULE',
      'must be civil-code or from-instant',
      'phải là civil-code (theo Bộ luật Dân sự) hoặc from-instant (tính từ thời điểm nhận)',
    );
  if (def.supplementPolicy !== 'pause' && def.supplementPolicy !== 'restart')
    add(
      'supplementPolicy',
      'SUPPLEMENT_POLICY',
      'must be pause or restart',
      'phải là pause (tạm dừng) hoặc restart (tính lại từ đầu)',
    );
  if (!Number.isInteger(def.maxReappointments) || (def.maxReappointments as number) < 0)
    add('maxReappointments', 'REAPPOINTMENTS', 'must be a whole number >= 0', 'phải là số nguyên không âm');
  const limitSeconds = checkLimit(def.statutoryLimit, add);
  for (const setting of ['apologyNotice', 'supplementWindow'] as const)
    if (def[setting] !== undefined) checkSetting(def[setting], setting, def.statutoryLimit, add);
  if (!Array.isArray(def.intakeChannels) || def.intakeChannels.length === 0) {
    add(
      'intakeChannels',
      'CHANNELS',
      `at least one of ${INTAKE_CHANNELS.join(', ')}`,
      `cần ít nhất một kênh: ${INTAKE_CHANNELS.join(', ')}`,
    );
  } else {
    (def.intakeChannels as unknown[]).forEach((c, i) => {
      if (!INTAKE_CHANNELS.includes(c as IntakeChannel))
        add(
          `intakeChannels[${i}]`,
          'CHANNEL',
          `unknown channel "${String(c)}"`,
          `kênh tiếp nhận "${String(c)}" không tồn tại`,
        );
    });
  }
  if (!Array.isArray(def.requiredDocuments))
    add(
      'requiredDocuments',
      'REQUIRED',
      'must be an array (possibly empty)',
      'phải là một danh sách (có thể rỗng)',
    );
  else
    def.requiredDocuments.forEach((d, i) => {
      if (!isObject(d) || typeof d.code !== 'string' || !d.code)
        add(`requiredDocuments[${i}].code`, 'REQUIRED', 'document code is required', 'cần mã giấy tờ');
      if (isObject(d)) checkName(d.name, `requiredDocuments[${i}].name`, add);
      if (isObject(d) && (!Number.isInteger(d.copies) || (d.copies as number) < 1))
        add(
          `requiredDocuments[${i}].copies`,
          'COPIES',
          'must be a whole number >= 1',
          'số bản phải là số nguyên từ 1 trở lên',
        );
    });

  if (!Array.isArray(def.steps) || def.steps.length === 0) {
    add('steps', 'NO_STEPS', 'a procedure needs at least one step', 'thủ tục cần ít nhất một bước');
    return { ok: false, problems };
  }
  const steps = def.steps as StepDefinition[];
  const index = new Map<string, number>();
  steps.forEach((step, i) => {
    const path = `steps[${i}]`;
    if (!isObject(step))
      return add(path, 'NOT_AN_OBJECT', 'a step must be an object', 'mỗi bước phải là một đối tượng');
    if (typeof step.id !== 'string' || !STEP_ID.test(step.id))
      add(
        `${path}.id`,
        'STEP_ID',
        'lower-case letters, digits and dashes, starting with a letter',
        'chỉ gồm chữ thường, chữ số và dấu gạch ngang, bắt đầu bằng một chữ cái',
      );
    else if (index.has(step.id))
      add(
        `${path}.id`,
        'DUPLICATE_STEP',
        `step id "${step.id}" is used twice (also steps[${index.get(step.id)}])`,
        `mã bước "${step.id}" bị dùng hai lần (cả ở steps[${index.get(step.id)}])`,
      );
    else index.set(step.id, i);
    checkName(step.name, `${path}.name`, add);
    if (!STEP_KINDS.includes(step.kind))
      add(
        `${path}.kind`,
        'STEP_KIND',
        `must be one of ${STEP_KINDS.join(', ')}`,
        `phải là một trong ${STEP_KINDS.join(', ')}`,
      );
    checkOwner(step, path, ctx, add);
    checkBudget(step, path, def.statutoryLimit, add);
    if (!Array.isArray(step.after))
      add(
        `${path}.after`,
        'AFTER',
        'must list the steps it waits for ([] for the first step)',
        'phải liệt kê các bước mà bước này chờ ([] cho bước đầu tiên)',
      );
    if (step.condition !== undefined) checkCondition(step.condition, `${path}.condition`, add);
  });
  const valid = steps.filter((s) => isObject(s) && typeof s.id === 'string' && Array.isArray(s.after));
  steps.forEach((step, i) => {
    if (!isObject(step) || !Array.isArray(step.after)) return;
    (step.after as unknown[]).forEach((ref, j) => {
      if (typeof ref !== 'string' || !index.has(ref))
        add(
          `steps[${i}].after[${j}]`,
          'UNKNOWN_STEP',
          `step "${String(step.id)}" waits for "${String(ref)}", which does not exist`,
          `bước "${String(step.id)}" chờ bước "${String(ref)}" không tồn tại`,
        );
      else if (ref === step.id)
        add(
          `steps[${i}].after[${j}]`,
          'SELF_REFERENCE',
          `step "${step.id}" waits for itself`,
          `bước "${step.id}" chờ chính nó`,
        );
    });
  });

  const graph = buildGraph(valid, index);
  const cycles = findCycles(graph);
  for (const cycle of cycles) {
    add(
      `steps[${index.get(cycle[0]!)}]`,
      'CYCLE',
      `steps form a cycle: ${[...cycle, cycle[0]].join(' → ')}`,
      `các bước tạo thành vòng lặp: ${[...cycle, cycle[0]].join(' → ')}`,
    );
  }

  const first = valid[0];
  if (first && first.after.length > 0)
    add(
      'steps[0].after',
      'START',
      `the first step "${first.id}" must not wait for another step`,
      `bước đầu tiên "${first.id}" không được chờ bước nào khác`,
    );
  const reachable = first ? reach(first.id, graph.next) : new Set<string>();
  for (const s of valid) {
    if (!reachable.has(s.id))
      add(
        `steps[${index.get(s.id)}]`,
        'UNREACHABLE',
        `step "${s.id}" cannot be reached from the first step "${first?.id}"`,
        `không thể đi tới bước "${s.id}" từ bước đầu tiên "${first?.id}"`,
      );
  }
  const ends = valid.filter((s) => s.kind === 'return-result').map((s) => s.id);
  if (ends.length === 0)
    add(
      'steps',
      'NO_END',
      'a procedure must end with a return-result step',
      'thủ tục phải kết thúc bằng một bước trả kết quả (return-result)',
    );
  else {
    const reachesEnd = new Set<string>();
    for (const end of ends) for (const id of reach(end, graph.prev)) reachesEnd.add(id);
    for (const s of valid) {
      if (!reachesEnd.has(s.id))
        add(
          `steps[${index.get(s.id)}]`,
          'DEAD_END',
          `step "${s.id}" never reaches a return-result step`,
          `bước "${s.id}" không bao giờ dẫn tới bước trả kết quả`,
        );
    }
  }
  valid.forEach((s) => {
    const i = index.get(s.id)!;
    if (s.canReturnTo === undefined) return;
    if (!Array.isArray(s.canReturnTo))
      return add(
        `steps[${i}].canReturnTo`,
        'RETURN',
        'must be a list of step ids',
        'phải là danh sách mã bước',
      );
    const ancestors = reach(s.id, graph.prev);
    (s.canReturnTo as unknown[]).forEach((target, j) => {
      if (typeof target !== 'string' || target === s.id || !ancestors.has(target)) {
        add(
          `steps[${i}].canReturnTo[${j}]`,
          'RETURN_NOT_ANCESTOR',
          `step "${s.id}" can only hand back to an earlier step on its path; "${String(target)}" is not one`,
          `bước "${s.id}" chỉ được trả lại một bước trước nó trên cùng đường đi; "${String(target)}" không phải`,
        );
      }
    });
  });

  const inSeconds = isObject(def.statutoryLimit) && def.statutoryLimit.unit === 'workingSeconds';
  if (cycles.length === 0 && limitSeconds !== undefined && first) {
    for (const over of pathsOverLimit(first.id, graph, valid, limitSeconds)) {
      add(
        `steps[${index.get(over.path[over.path.length - 1]!)}]`,
        'OVER_LIMIT',
        `path ${over.path.join(' → ')} totals ${describe(over.seconds, inSeconds)}, ${describe(over.seconds - limitSeconds, inSeconds)} over the statutory limit of ${describe(limitSeconds, inSeconds)}`,
        `đường đi ${over.path.join(' → ')} tổng cộng ${describeVi(over.seconds, inSeconds)}, vượt ${describeVi(over.seconds - limitSeconds, inSeconds)} so với thời hạn luật định ${describeVi(limitSeconds, inSeconds)}`,
      );
    }
  }
  return problems.length
    ? { ok: false, problems }
    : { ok: true, value: input as unknown as ProcedureDefinition };
}

/** Records a problem: its path, stable code, and message in English and in Vietnamese. */
type Add = (path: string, code: string, message: string, messageVi: string) => void;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkName(name: unknown, path: string, add: Add): void {
  if (!isObject(name) || typeof name.vi !== 'string' || !name.vi.trim())
    add(`${path}.vi`, 'REQUIRED', 'the Vietnamese name is required', 'cần tên tiếng Việt');
  else if (name.en !== undefined && typeof name.en !== 'string')
    add(`${path}.en`, 'NAME', 'the English name must be a string', 'tên tiếng Anh phải là chuỗi ký tự');
}

function checkLimit(limit: unknown, add: Add): number | undefined {
  if (!isObject(limit)) {
    add(
      'statutoryLimit',
      'REQUIRED',
      'the statutory time limit is required',
      'cần thời hạn giải quyết theo luật định',
    );
    return undefined;
  }
  if (limit.unit === 'sameDay' || limit.unit === 'immediate') return 8 * 3600;
  const unit = limit.unit as keyof typeof SECONDS;
  if (!(unit in SECONDS)) {
    add(
      'statutoryLimit.unit',
      'LIMIT_UNIT',
      'must be workingDays, workingHours, workingSeconds, sameDay or immediate',
      'phải là workingDays, workingHours, workingSeconds, sameDay hoặc immediate',
    );
    return undefined;
  }
  if (typeof limit.amount !== 'number' || !(limit.amount > 0)) {
    add('statutoryLimit.amount', 'LIMIT_AMOUNT', 'must be a positive number', 'phải là số dương');
    return undefined;
  }
  return limit.amount * SECONDS[unit];
}

function checkOwner(step: StepDefinition, path: string, ctx: ValidationContext, add: Add): void {
  const owner = step.owner as unknown;
  if (!isObject(owner))
    return add(`${path}.owner`, 'OWNER', 'an owner is required: { agencyCode } or { role, of }', OWNER_VI);
  if (typeof owner.agencyCode === 'string') {
    if (!ctx.agencyExists(owner.agencyCode))
      add(
        `${path}.owner.agencyCode`,
        'UNKNOWN_AGENCY',
        `no agency with code ${owner.agencyCode}`,
        `không có cơ quan mã ${owner.agencyCode}`,
      );
    return;
  }
  if (typeof owner.role === 'string') {
    if (!ctx.roleResolvable(owner.role))
      add(
        `${path}.owner.role`,
        'UNKNOWN_ROLE',
        `no agency has the role "${owner.role}"`,
        `không cơ quan nào có vai trò "${owner.role}"`,
      );
    if (!OWNER_SCOPES.includes(owner.of as string))
      add(
        `${path}.owner.of`,
        'OWNER_SCOPE',
        `must be one of ${OWNER_SCOPES.join(', ')}`,
        `phải là một trong ${OWNER_SCOPES.join(', ')}`,
      );
    return;
  }
  add(`${path}.owner`, 'OWNER', 'an owner is required: { agencyCode } or { role, of }', OWNER_VI);
}

/** A period setting of the procedure (apology notice, supplement window): a budget like a step's. */
function checkSetting(value: unknown, path: string, limit: unknown, add: Add): void {
  checkBudget({ budget: value } as StepDefinition, '', limit, (p, code, message, messageVi) =>
    add(`${path}${p.replace(/^\.budget/, '')}`, code, message, messageVi),
  );
}

function checkBudget(step: StepDefinition, path: string, limit: unknown, add: Add): void {
  const budget = step.budget as unknown;
  if (!isObject(budget) || !((budget.unit as string) in SECONDS)) {
    return add(
      `${path}.budget.unit`,
      'BUDGET_UNIT',
      'must be workingDays, workingHours or workingSeconds',
      'phải là workingDays, workingHours hoặc workingSeconds',
    );
  }
  if (typeof budget.amount !== 'number' || !(budget.amount >= 0))
    add(`${path}.budget.amount`, 'BUDGET_AMOUNT', 'must be a number >= 0', 'phải là số không âm');
  const testLimit = isObject(limit) && limit.unit === 'workingSeconds';
  if ((budget.unit === 'workingSeconds') !== testLimit) {
    add(
      `${path}.budget.unit`,
      'BUDGET_UNIT_MISMATCH',
      'workingSeconds budgets go only with a workingSeconds limit (test procedures), and vice versa',
      'thời gian tính bằng workingSeconds chỉ dùng với thời hạn workingSeconds (thủ tục thử nghiệm), và ngược lại',
    );
  }
}

function checkCondition(condition: unknown, path: string, add: Add): void {
  if (!isObject(condition))
    return add(
      path,
      'CONDITION',
      'must be { field, op, value }, { all: [...] } or { any: [...] }',
      'điều kiện phải có dạng { field, op, value }, { all: [...] } hoặc { any: [...] }',
    );
  for (const key of ['all', 'any'] as const) {
    if (key in condition) {
      const list = condition[key];
      if (!Array.isArray(list) || list.length === 0)
        return add(
          `${path}.${key}`,
          'CONDITION',
          'must be a non-empty list of conditions',
          'phải là danh sách điều kiện không rỗng',
        );
      list.forEach((c, i) => checkCondition(c, `${path}.${key}[${i}]`, add));
      return;
    }
  }
  if (typeof condition.field !== 'string' || !FIELD_PATH.test(condition.field))
    add(
      `${path}.field`,
      'CONDITION_FIELD',
      'must be a dotted field path such as applicant.age',
      'phải là đường dẫn trường, ví dụ applicant.age',
    );
  if (!['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in'].includes(condition.op as string))
    add(
      `${path}.op`,
      'CONDITION_OP',
      'must be eq, ne, lt, lte, gt, gte or in',
      'phải là eq, ne, lt, lte, gt, gte hoặc in',
    );
  if (condition.op === 'in' && !Array.isArray(condition.value))
    add(
      `${path}.value`,
      'CONDITION_VALUE',
      '"in" needs a list of values',
      'phép "in" cần một danh sách giá trị',
    );
}

interface Graph {
  next: Map<string, string[]>;
  prev: Map<string, string[]>;
}

function buildGraph(steps: readonly StepDefinition[], index: Map<string, number>): Graph {
  const next = new Map<string, string[]>(steps.map((s) => [s.id, []]));
  const prev = new Map<string, string[]>(steps.map((s) => [s.id, []]));
  for (const s of steps) {
    for (const ref of s.after) {
      if (!index.has(ref) || ref === s.id || !next.has(ref)) continue;
      next.get(ref)!.push(s.id);
      prev.get(s.id)!.push(ref);
    }
  }
  return { next, prev };
}

/** Each elementary cycle found by a depth-first search, once (by its smallest rotation). */
function findCycles(graph: Graph): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const n of graph.next.get(id) ?? []) {
      if (state.get(n) === 'visiting') {
        const cycle = stack.slice(stack.indexOf(n));
        const min = cycle.indexOf([...cycle].sort()[0]!);
        const canonical = [...cycle.slice(min), ...cycle.slice(0, min)];
        cycles.set(canonical.join('>'), canonical);
      } else if (!state.has(n)) visit(n);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of graph.next.keys()) if (!state.has(id)) visit(id);
  return [...cycles.values()];
}

function reach(from: string, edges: Map<string, string[]>): Set<string> {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length) {
    for (const n of edges.get(queue.shift()!) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      queue.push(n);
    }
  }
  return seen;
}

function pathsOverLimit(start: string, graph: Graph, steps: readonly StepDefinition[], limit: number) {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const cost = (id: string) => {
    const s = byId.get(id)!;
    return s.excludedFromLimit ? 0 : (s.budget.amount ?? 0) * (SECONDS[s.budget.unit] ?? 0);
  };
  const over: { path: string[]; seconds: number }[] = [];
  let explored = 0;
  const walk = (id: string, path: string[], total: number) => {
    if (over.length >= MAX_PATHS_REPORTED || explored > 10_000) return;
    const nextTotal = total + cost(id);
    const nexts = graph.next.get(id) ?? [];
    if (nexts.length === 0) {
      explored += 1;
      if (nextTotal > limit + 1e-9) over.push({ path: [...path, id], seconds: nextTotal });
      return;
    }
    for (const n of nexts) walk(n, [...path, id], nextTotal);
  };
  walk(start, [], 0);
  return over;
}

function describeVi(seconds: number, inSeconds: boolean): string {
  return inSeconds
    ? `${formatVi(seconds)} giây làm việc`
    : `${formatVi(seconds / SECONDS.workingDays)} ngày làm việc`;
}

/** A number as Vietnamese write it: decimal comma, at most three decimals. */
function formatVi(n: number): string {
  return String(+n.toFixed(3)).replace('.', ',');
}

function describe(seconds: number, inSeconds: boolean): string {
  return inSeconds
    ? `${+seconds.toFixed(3)} working seconds`
    : `${+(seconds / SECONDS.workingDays).toFixed(3)} working days`;
}

/**
 * The designer's draft as plain JSON (the API's procedure definition), the layout of its live diagram,
 * and where each of the API's problems belongs on the form.
 */
export interface DraftStep {
  id: string;
  name: { vi: string; en?: string };
  kind: string;
  owner: { agencyCode?: string; role?: string; of?: string };
  budget: { unit: string; amount?: number };
  after: string[];
  [extra: string]: unknown;
}
export interface Draft {
  code: string;
  name: { vi: string; en?: string };
  field: string;
  ruleSet: string;
  statutoryLimit: { unit: string; amount?: number };
  countingRule: string;
  requiredDocuments: { code: string; name: { vi: string }; copies: number; original?: boolean }[];
  intakeChannels: string[];
  supplementPolicy: string;
  maxReappointments: number;
  steps: DraftStep[];
  [extra: string]: unknown;
}

export const NEW_DRAFT: Draft = {
  code: '',
  name: { vi: '' },
  field: '',
  ruleSet: 'decree-118-2025',
  statutoryLimit: { unit: 'workingDays', amount: 5 },
  countingRule: 'civil-code',
  requiredDocuments: [],
  intakeChannels: ['counter', 'online'],
  supplementPolicy: 'pause',
  maxReappointments: 1,
  steps: [
    {
      id: 'process',
      name: { vi: 'Giải quyết' },
      kind: 'process',
      owner: { role: 'commune-people-committee', of: 'applicant-commune' },
      budget: { unit: 'workingDays', amount: 4 },
      after: [],
    },
    {
      id: 'return-result',
      name: { vi: 'Trả kết quả' },
      kind: 'return-result',
      owner: { role: 'commune-people-committee', of: 'receiving-unit' },
      budget: { unit: 'workingDays', amount: 1 },
      after: ['process'],
    },
  ],
};

/** JSON text → draft, or the parse error with its line. */
export function parseDraft(text: string): { draft: Draft } | { error: string } {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { error: 'The draft must be a JSON object' };
    return { draft: value as Draft };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** The API's problem paths (`steps[2].owner.agencyCode`) as the form's keys (`steps.2.owner.agencyCode`). */
export function fieldKey(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}

/** Problems grouped by the form field they belong to; a step's own problems also under `steps.N`. */
export function problemsByField(
  problems: readonly { path: string; message: string }[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) {
    const key = fieldKey(p.path);
    (out[key] ??= []).push(p.message);
    const step = /^steps\.(\d+)/.exec(key);
    if (step && step[0] !== key) (out[step[0]] ??= []).push(p.message);
  }
  return out;
}

export interface DiagramNode {
  id: string;
  label: string;
  owner: string;
  column: number;
  row: number;
}

/** Columns by longest path from a first step (a cycle or an unknown predecessor stops the count). */
export function layoutSteps(steps: readonly DraftStep[]): {
  nodes: DiagramNode[];
  edges: [string, string][];
} {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const step = byId.get(id);
    const d =
      !step || step.after.length === 0
        ? 0
        : 1 + Math.max(...step.after.map((a) => (byId.has(a) ? depthOf(a, seen) : -1)));
    depth.set(id, Math.max(d, 0));
    return Math.max(d, 0);
  };
  const rows = new Map<number, number>();
  const nodes = steps.map((s) => {
    const column = depthOf(s.id, new Set());
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    const owner = s.owner?.agencyCode ?? [s.owner?.role, s.owner?.of].filter(Boolean).join(' · ');
    return { id: s.id, label: s.name?.vi ?? s.id, owner, column, row };
  });
  const edges = steps.flatMap((s) =>
    (Array.isArray(s.after) ? s.after : [])
      .filter((a) => byId.has(a))
      .map((a): [string, string] => [a, s.id]),
  );
  return { nodes, edges };
}

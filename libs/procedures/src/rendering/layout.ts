import type { ProcedureDefinition, StepDefinition, StepOwner } from '../domain/procedure-definition';

export interface LaidOutStep {
  readonly step: StepDefinition;
  /** Topological layer: the longest chain of predecessors. */
  readonly column: number;
  readonly lane: number;
}

export interface Layout {
  readonly lanes: readonly { readonly key: string; readonly label: string }[];
  readonly steps: readonly LaidOutStep[];
  readonly columns: number;
}

/** Vietnamese names of the owner roles the catalogue uses; other roles show as they are. */
const ROLE_LABELS: Record<string, string> = {
  'commune-people-committee': 'UBND cấp xã',
  'commune-police': 'Công an cấp xã',
  'provincial-people-committee': 'UBND cấp tỉnh',
  'social-insurance': 'Bảo hiểm xã hội',
  'land-registry': 'Văn phòng đăng ký đất đai',
  tax: 'Cơ quan thuế',
};

export function ownerLabel(owner: StepOwner, agencyName: (code: string) => string | undefined): string {
  if ('agencyCode' in owner) return agencyName(owner.agencyCode) ?? owner.agencyCode;
  const scope = {
    'applicant-commune': 'nơi cư trú',
    'applicant-province': 'tỉnh của người nộp',
    'receiving-unit': 'nơi tiếp nhận',
  }[owner.of];
  return `${ROLE_LABELS[owner.role] ?? owner.role} (${scope})`;
}

/** Deterministic layout of a validated (acyclic) definition: a lane per owner, a column per layer. */
export function layoutProcedure(
  def: ProcedureDefinition,
  agencyName: (code: string) => string | undefined = () => undefined,
): Layout {
  const column = new Map<string, number>();
  const byId = new Map(def.steps.map((s) => [s.id, s]));
  const columnOf = (id: string, depth = 0): number => {
    const known = column.get(id);
    if (known !== undefined) return known;
    if (depth > def.steps.length) throw new Error('layout needs an acyclic definition');
    const step = byId.get(id);
    const c = step && step.after.length ? Math.max(...step.after.map((p) => columnOf(p, depth + 1))) + 1 : 0;
    column.set(id, c);
    return c;
  };
  const lanes: { key: string; label: string }[] = [];
  const laneIndex = new Map<string, number>();
  const steps = def.steps.map((step) => {
    const key = JSON.stringify(step.owner);
    if (!laneIndex.has(key)) {
      laneIndex.set(key, lanes.length);
      lanes.push({ key, label: ownerLabel(step.owner, agencyName) });
    }
    return { step, column: columnOf(step.id), lane: laneIndex.get(key)! };
  });
  return { lanes, steps, columns: Math.max(...steps.map((s) => s.column)) + 1 };
}

export function budgetLabel(step: StepDefinition, language: 'vi' | 'en' = 'vi'): string {
  const excluded = step.excludedFromLimit ? (language === 'vi' ? ' (không tính)' : ' (excluded)') : '';
  return `${amountLabel(step.budget.unit, step.budget.amount, language)}${excluded}`;
}

export function amountLabel(
  unit: 'workingDays' | 'workingHours' | 'workingSeconds',
  amount: number,
  language: 'vi' | 'en' = 'vi',
): string {
  const n = String(amount).replace('.', language === 'vi' ? ',' : '.');
  const units = {
    vi: { workingDays: 'ngày làm việc', workingHours: 'giờ làm việc', workingSeconds: 'giây' },
    en: { workingDays: 'working days', workingHours: 'working hours', workingSeconds: 'seconds' },
  }[language];
  return `${n} ${units[unit]}`;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

import type { ProblemDetail } from '@lien-thong/contracts';
import type { DirectorySnapshot } from '@lien-thong/agencies';
import {
  isAgencyOwner,
  type ProcedureDefinition,
  type StepCondition,
  type StepDefinition,
  type StepOwner,
} from '@lien-thong/procedures';
import { type ProcedureSnapshot, type StepSnapshot } from '@lien-thong/dossier-model';

type RoleOwner = Extract<StepOwner, { role: string }>;
const roleOwner = (owner: StepOwner): RoleOwner | null => ('role' in owner ? owner : null);

/** Where the applicant is and who serves them: what role owners are resolved against. */
export interface RoutingContext {
  readonly receivingUnitCode: string;
  /** The applicant's commune (an agency code of a commune-level unit), when the procedure needs it. */
  readonly applicantCommuneCode?: string;
  /** Owners chosen at intake for steps owned by a role, by step id. */
  readonly stepOwners?: Readonly<Record<string, string>>;
  /** The dossier's data that step conditions read (e.g. `{ child: { ageMonths: 14 } }`). */
  readonly answers?: Readonly<Record<string, unknown>>;
}

/** Evaluates a step condition over the dossier's data. A missing field makes a comparison false. */
export function evaluateCondition(
  condition: StepCondition,
  answers: Readonly<Record<string, unknown>>,
): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, answers));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, answers));
  let value: unknown = answers;
  for (const part of condition.field.split('.')) {
    value =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (value === undefined) return condition.op === 'ne';
  const expected = condition.value;
  switch (condition.op) {
    case 'eq':
      return value === expected;
    case 'ne':
      return value !== expected;
    case 'in':
      return Array.isArray(expected) && expected.includes(value);
    default: {
      if (typeof value !== typeof expected || (typeof value !== 'number' && typeof value !== 'string'))
        return false;
      const [a, b] = [value, expected as number | string];
      return condition.op === 'lt'
        ? a < b
        : condition.op === 'lte'
          ? a <= b
          : condition.op === 'gt'
            ? a > b
            : a >= b;
    }
  }
}

/**
 * The steps that apply to this dossier: a step whose condition is false is dropped, and the steps
 * after it wait for its own predecessors instead (so the graph stays connected).
 */
export function applicableSteps(
  steps: readonly StepDefinition[],
  answers: Readonly<Record<string, unknown>>,
): StepDefinition[] {
  const dropped = new Map<string, readonly string[]>();
  for (const step of steps)
    if (step.condition !== undefined && !evaluateCondition(step.condition, answers))
      dropped.set(step.id, step.after);
  const expand = (ids: readonly string[]): string[] =>
    ids.flatMap((id) => (dropped.has(id) ? expand(dropped.get(id) ?? []) : [id]));
  return steps
    .filter((s) => !dropped.has(s.id))
    .map((s) => ({
      ...s,
      after: [...new Set(expand(s.after))],
      canReturnTo: s.canReturnTo?.filter((id) => !dropped.has(id)),
    }));
}

/**
 * Resolves each step's owner to an agency code and maps the published version into the snapshot the
 * dossier is bound to. Role owners resolve to: the agency chosen at intake (it must have the role);
 * else the receiving unit or the applicant's commune when that agency itself has the role; else the
 * step stays open and any agency with the role may receive it at handoff (checked then).
 */
export function resolveRouting(
  definition: ProcedureDefinition,
  version: number,
  directory: DirectorySnapshot,
  context: RoutingContext,
): { snapshot: ProcedureSnapshot; problems: ProblemDetail[] } {
  const problems: ProblemDetail[] = [];
  const stepIds = new Set(definition.steps.map((s) => s.id));
  for (const [stepId, agency] of Object.entries(context.stepOwners ?? {})) {
    const step = definition.steps.find((s) => s.id === stepId);
    if (!stepIds.has(stepId) || !step) {
      problems.push({
        path: `stepOwners.${stepId}`,
        code: 'UNKNOWN_STEP',
        message: `procedure ${definition.code} has no step "${stepId}" (steps: ${[...stepIds].join(', ')})`,
      });
      continue;
    }
    const found = directory.get(agency);
    if (!found)
      problems.push({ path: `stepOwners.${stepId}`, code: 'UNKNOWN_AGENCY', message: `no agency ${agency}` });
    else if (isAgencyOwner(step.owner) && step.owner.agencyCode !== agency)
      problems.push({
        path: `stepOwners.${stepId}`,
        code: 'OWNER_FIXED',
        message: `step "${stepId}" belongs to ${step.owner.agencyCode}; it cannot be given to ${agency}`,
      });
    else {
      const role = roleOwner(step.owner)?.role;
      if (role !== undefined && !found.roles.includes(role))
        problems.push({
          path: `stepOwners.${stepId}`,
          code: 'OWNER_LACKS_ROLE',
          message: `${agency} does not have the role "${role}" that step "${stepId}" needs`,
        });
    }
  }
  if (context.applicantCommuneCode !== undefined) {
    const commune = directory.get(context.applicantCommuneCode);
    if (!commune)
      problems.push({
        path: 'applicantCommuneCode',
        code: 'UNKNOWN_AGENCY',
        message: `no agency ${context.applicantCommuneCode}`,
      });
    else if (commune.level !== 'commune')
      problems.push({
        path: 'applicantCommuneCode',
        code: 'NOT_A_COMMUNE',
        message: `${context.applicantCommuneCode} is a ${commune.level}-level agency, not a commune`,
      });
  }
  const steps = applicableSteps(definition.steps, context.answers ?? {}).map((step) =>
    toStepSnapshot(step, directory, context, problems),
  );
  return {
    snapshot: {
      code: definition.code,
      version,
      ruleSet: definition.ruleSet,
      statutoryLimit: definition.statutoryLimit,
      allowedChannels: definition.intakeChannels,
      requiredDocuments: definition.requiredDocuments.map((d) => ({
        code: d.code,
        name: d.name.vi,
        copies: d.copies,
        original: d.original,
      })),
      supplementPolicy: definition.supplementPolicy,
      maxReappointments: definition.maxReappointments,
      bundleOf: (definition.bundleOf ?? []).map((b) => b.code),
      steps,
    },
    problems,
  };
}

function toStepSnapshot(
  step: StepDefinition,
  directory: DirectorySnapshot,
  context: RoutingContext,
  problems: ProblemDetail[],
): StepSnapshot {
  const base = {
    id: step.id,
    after: step.after,
    canReturnTo: step.canReturnTo ?? [],
    excludedFromLimit: step.excludedFromLimit ?? false,
  };
  if (isAgencyOwner(step.owner)) {
    if (!directory.exists(step.owner.agencyCode))
      problems.push({
        path: `procedure.steps.${step.id}`,
        code: 'OWNER_INACTIVE',
        message: `step "${step.id}" belongs to ${step.owner.agencyCode}, which is not an active agency`,
      });
    return { ...base, ownerAgencyCode: step.owner.agencyCode };
  }
  const owner = roleOwner(step.owner)!;
  const chosen = context.stepOwners?.[step.id];
  if (chosen !== undefined) return { ...base, ownerAgencyCode: chosen };
  const candidate =
    owner.of === 'receiving-unit'
      ? context.receivingUnitCode
      : owner.of === 'applicant-commune'
        ? context.applicantCommuneCode
        : undefined;
  const agency = candidate === undefined ? undefined : directory.get(candidate);
  if (agency && agency.roles.includes(owner.role)) return { ...base, ownerAgencyCode: agency.code };
  return base;
}

/** The role a step's owner must have when the owner was left open at intake; null for fixed owners. */
export function requiredRole(definition: ProcedureDefinition, stepId: string): string | null {
  const step = definition.steps.find((s) => s.id === stepId);
  return step ? (roleOwner(step.owner)?.role ?? null) : null;
}

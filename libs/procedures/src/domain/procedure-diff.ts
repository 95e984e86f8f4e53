import type { ProcedureDefinition } from './procedure-definition';
import { stableJson } from './stable-json';

export interface DefinitionChange {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** What changed between two versions: top-level fields, and steps matched by id (not by position). */
export function diffDefinitions(before: ProcedureDefinition, after: ProcedureDefinition): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => k !== 'steps'));
  for (const key of [...keys].sort()) {
    const a = (before as unknown as Record<string, unknown>)[key];
    const b = (after as unknown as Record<string, unknown>)[key];
    if (stableJson(a) === stableJson(b)) continue;
    changes.push(
      a === undefined
        ? { path: key, change: 'added', after: b }
        : b === undefined
          ? { path: key, change: 'removed', before: a }
          : { path: key, change: 'changed', before: a, after: b },
    );
  }
  const beforeSteps = new Map(before.steps.map((s) => [s.id, s]));
  const afterSteps = new Map(after.steps.map((s) => [s.id, s]));
  for (const [id, step] of beforeSteps) {
    const next = afterSteps.get(id);
    if (!next) {
      changes.push({ path: `steps.${id}`, change: 'removed', before: step });
      continue;
    }
    const fields = new Set([...Object.keys(step), ...Object.keys(next)]);
    for (const field of [...fields].sort()) {
      const a = (step as unknown as Record<string, unknown>)[field];
      const b = (next as unknown as Record<string, unknown>)[field];
      if (stableJson(a) !== stableJson(b))
        changes.push({
          path: `steps.${id}.${field}`,
          change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed',
          before: a,
          after: b,
        });
    }
  }
  for (const [id, step] of afterSteps)
    if (!beforeSteps.has(id)) changes.push({ path: `steps.${id}`, change: 'added', after: step });
  return changes;
}

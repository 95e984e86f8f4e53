import type { ProcedureDefinition } from './procedure-definition';

/** Stored event type names: explicit literals, never renamed (add a new version instead). */
export const PROCEDURE_EVENT_TYPES = {
  draftCreated: 'ProcedureDraftCreated',
  draftEdited: 'ProcedureDraftEdited',
  versionPublished: 'ProcedureVersionPublished',
  versionDeprecated: 'ProcedureVersionDeprecated',
} as const;

export type ProcedureEvent =
  | { type: 'ProcedureDraftCreated'; data: { code: string; definition: ProcedureDefinition; by: string } }
  /** The whole definition replaces the draft: designers save complete definitions; diffs are derived. */
  | { type: 'ProcedureDraftEdited'; data: { definition: ProcedureDefinition; by: string } }
  | {
      type: 'ProcedureVersionPublished';
      data: { version: number; definition: ProcedureDefinition; publishedAt: string; by: string };
    }
  | {
      type: 'ProcedureVersionDeprecated';
      data: { version: number; reason: string; deprecatedAt: string; by: string };
    };

export const PROCEDURE_EVENT_SCHEMA_VERSION = 1;

export function procedureStream(code: string): string {
  return `procedure-${code}`;
}

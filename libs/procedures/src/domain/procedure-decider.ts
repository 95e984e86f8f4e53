import { procedureError } from './procedure-errors';

import type { ProcedureDefinition } from './procedure-definition';
import type { ProcedureEvent } from './procedure-events';
import { validateProcedureDefinition, type ValidationContext } from './procedure-validation';
import { stableJson } from './stable-json';

export interface PublishedVersion {
  readonly version: number;
  readonly definition: ProcedureDefinition;
  readonly publishedAt: string;
  readonly deprecated: boolean;
}

export interface ProcedureState {
  readonly code: string | null;
  readonly draft: ProcedureDefinition | null;
  readonly versions: readonly PublishedVersion[];
}

export const initialProcedureState: ProcedureState = { code: null, draft: null, versions: [] };

export type ProcedureCommand =
  | { type: 'CreateProcedureDraft'; definition: unknown; by: string }
  | { type: 'EditProcedureDraft'; definition: unknown; by: string }
  | { type: 'PublishProcedureVersion'; at: string; by: string; validation: ValidationContext }
  | { type: 'DeprecateProcedureVersion'; version: number; reason: string; at: string; by: string };

/** The code names the event stream, so even a draft must carry a well-formed one. */
const PROCEDURE_CODE = /^\d+\.\d{6}$/;

/** Drafts may be incomplete, but must at least say which procedure they are. */
function draftOf(input: unknown): ProcedureDefinition {
  if (
    typeof input !== 'object' ||
    input === null ||
    Array.isArray(input) ||
    typeof (input as { code?: unknown }).code !== 'string' ||
    !PROCEDURE_CODE.test((input as { code: string }).code)
  ) {
    throw procedureError(
      'PROCEDURE_DRAFT_INVALID',
      'A draft must be an object with the procedure code',
      'Bản nháp phải là một đối tượng có mã thủ tục',
      [{ path: 'code', code: 'REQUIRED', message: 'the procedure code is required' }],
    );
  }
  return input as ProcedureDefinition;
}

export function decideProcedure(command: ProcedureCommand, state: ProcedureState): ProcedureEvent[] {
  switch (command.type) {
    case 'CreateProcedureDraft': {
      const definition = draftOf(command.definition);
      if (state.code !== null) {
        throw procedureError(
          'PROCEDURE_EXISTS',
          `Procedure ${state.code} already exists: edit its draft instead`,
          `Thủ tục ${state.code} đã tồn tại: hãy sửa bản nháp`,
        );
      }
      return [{ type: 'ProcedureDraftCreated', data: { code: definition.code, definition, by: command.by } }];
    }
    case 'EditProcedureDraft': {
      const definition = draftOf(command.definition);
      const code = requireExisting(state);
      if (definition.code !== code) {
        throw procedureError(
          'PROCEDURE_CODE_CHANGED',
          `The draft of ${code} cannot change its code to ${definition.code}`,
          `Không thể đổi mã thủ tục ${code}`,
          [{ path: 'code', code: 'PROCEDURE_CODE_CHANGED', message: `must stay ${code}` }],
        );
      }
      return [{ type: 'ProcedureDraftEdited', data: { definition, by: command.by } }];
    }
    case 'PublishProcedureVersion': {
      requireExisting(state);
      const draft = state.draft;
      if (!draft) {
        throw procedureError(
          'PROCEDURE_NO_DRAFT',
          'There is no draft to publish',
          'Không có bản nháp để ban hành',
        );
      }
      const result = validateProcedureDefinition(draft, command.validation);
      if (!result.ok) {
        throw procedureError(
          'PROCEDURE_INVALID',
          `The draft has ${result.problems.length} problem(s); nothing was published`,
          `Bản nháp có ${result.problems.length} lỗi; chưa ban hành`,
          result.problems,
        );
      }
      const latest = state.versions[state.versions.length - 1];
      if (latest && stableJson(latest.definition) === stableJson(draft)) {
        throw procedureError(
          'PROCEDURE_UNCHANGED',
          `The draft is identical to version ${latest.version}`,
          `Bản nháp giống hệt phiên bản ${latest.version}`,
        );
      }
      return [
        {
          type: 'ProcedureVersionPublished',
          data: {
            version: state.versions.length + 1,
            definition: draft,
            publishedAt: command.at,
            by: command.by,
          },
        },
      ];
    }
    case 'DeprecateProcedureVersion': {
      requireExisting(state);
      const version = state.versions.find((v) => v.version === command.version);
      if (!version) {
        throw procedureError(
          'PROCEDURE_VERSION_NOT_FOUND',
          `Version ${command.version} was never published`,
          `Không có phiên bản ${command.version}`,
        );
      }
      if (version.deprecated) {
        throw procedureError(
          'PROCEDURE_VERSION_DEPRECATED',
          `Version ${command.version} is already deprecated`,
          `Phiên bản ${command.version} đã ngừng áp dụng`,
        );
      }
      if (!command.reason.trim()) {
        throw procedureError(
          'REASON_REQUIRED',
          'Say why the version is deprecated',
          'Cần nêu lý do ngừng áp dụng',
          [{ path: 'reason', code: 'REQUIRED', message: 'a reason is required' }],
        );
      }
      return [
        {
          type: 'ProcedureVersionDeprecated',
          data: {
            version: command.version,
            reason: command.reason,
            deprecatedAt: command.at,
            by: command.by,
          },
        },
      ];
    }
  }
}

export function evolveProcedure(state: ProcedureState, event: ProcedureEvent): ProcedureState {
  switch (event.type) {
    case 'ProcedureDraftCreated':
      return { code: event.data.code, draft: event.data.definition, versions: [] };
    case 'ProcedureDraftEdited':
      return { ...state, draft: event.data.definition };
    case 'ProcedureVersionPublished':
      return {
        ...state,
        versions: [
          ...state.versions,
          {
            version: event.data.version,
            definition: event.data.definition,
            publishedAt: event.data.publishedAt,
            deprecated: false,
          },
        ],
      };
    case 'ProcedureVersionDeprecated':
      return {
        ...state,
        versions: state.versions.map((v) =>
          v.version === event.data.version ? { ...v, deprecated: true } : v,
        ),
      };
  }
}

function requireExisting(state: ProcedureState): string {
  if (state.code === null)
    throw procedureError('PROCEDURE_NOT_FOUND', 'No such procedure', 'Không tìm thấy thủ tục');
  return state.code;
}

import { DomainError } from '@lien-thong/contracts';
import {
  decideProcedure,
  evolveProcedure,
  initialProcedureState,
  type ProcedureCommand,
  type ProcedureState,
} from './procedure-decider';
import { diffDefinitions } from './procedure-diff';
import type { ProcedureEvent } from './procedure-events';
import { birthBundle, day, fixtureContext } from '../testing/procedure-fixtures';

const at = '2026-11-22T03:00:00.000Z';
const by = 'designer-1';

function given(...events: ProcedureEvent[]): ProcedureState {
  return events.reduce(evolveProcedure, initialProcedureState);
}

function when(state: ProcedureState, command: ProcedureCommand): ProcedureEvent[] | DomainError {
  try {
    return decideProcedure(command, state);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

const created: ProcedureEvent = {
  type: 'ProcedureDraftCreated',
  data: { code: birthBundle.code, definition: birthBundle, by },
};
const published: ProcedureEvent = {
  type: 'ProcedureVersionPublished',
  data: { version: 1, definition: birthBundle, publishedAt: at, by },
};
const publish: ProcedureCommand = { type: 'PublishProcedureVersion', at, by, validation: fixtureContext };

describe('procedure design lifecycle', () => {
  it('creates a draft once', () => {
    expect(when(given(), { type: 'CreateProcedureDraft', definition: birthBundle, by })).toEqual([created]);
    expect(when(given(created), { type: 'CreateProcedureDraft', definition: birthBundle, by })).toMatchObject(
      { code: 'PROCEDURE_EXISTS', kind: 'conflict' },
    );
  });

  it('refuses a draft whose code is not an official procedure code', () => {
    expect(
      when(given(), { type: 'CreateProcedureDraft', definition: { ...birthBundle, code: '../x' }, by }),
    ).toMatchObject({ code: 'PROCEDURE_DRAFT_INVALID' });
  });

  it('refuses a draft without a procedure code', () => {
    expect(when(given(), { type: 'CreateProcedureDraft', definition: { name: 'x' }, by })).toMatchObject({
      code: 'PROCEDURE_DRAFT_INVALID',
      kind: 'validation',
    });
  });

  it('edits the draft of an existing procedure, never its code', () => {
    const edited = { ...birthBundle, field: 'Hộ tịch – Cư trú' };
    expect(when(given(created), { type: 'EditProcedureDraft', definition: edited, by })).toEqual([
      { type: 'ProcedureDraftEdited', data: { definition: edited, by } },
    ]);
    expect(
      when(given(created), {
        type: 'EditProcedureDraft',
        definition: { ...birthBundle, code: '1.000001' },
        by,
      }),
    ).toMatchObject({ code: 'PROCEDURE_CODE_CHANGED' });
    expect(when(given(), { type: 'EditProcedureDraft', definition: birthBundle, by })).toMatchObject({
      code: 'PROCEDURE_NOT_FOUND',
      kind: 'not-found',
    });
  });

  it('publishes a valid draft as version 1, then 2', () => {
    expect(when(given(created), publish)).toEqual([published]);
    const changed = { ...birthBundle, maxReappointments: 2 };
    const events = when(
      given(created, published, { type: 'ProcedureDraftEdited', data: { definition: changed, by } }),
      publish,
    );
    expect(events).toEqual([
      { type: 'ProcedureVersionPublished', data: { version: 2, definition: changed, publishedAt: at, by } },
    ]);
  });

  it('refuses to publish an invalid draft and lists every problem', () => {
    const broken = {
      ...birthBundle,
      steps: birthBundle.steps.map((s) => (s.id === 'register-residence' ? { ...s, budget: day(2) } : s)),
    };
    const error = when(given({ ...created, data: { ...created.data, definition: broken } }), publish);
    expect(error).toMatchObject({ code: 'PROCEDURE_INVALID', kind: 'validation' });
    expect((error as DomainError).problems?.map((p) => p.code)).toEqual(['OVER_LIMIT']);
  });

  it('refuses to publish a draft identical to the latest version', () => {
    expect(when(given(created, published), publish)).toMatchObject({
      code: 'PROCEDURE_UNCHANGED',
      kind: 'unprocessable',
    });
  });

  it('keeps published versions unchanged when the draft is edited', () => {
    const state = given(created, published, {
      type: 'ProcedureDraftEdited',
      data: { definition: { ...birthBundle, field: 'Khác' }, by },
    });
    expect(state.versions[0]?.definition).toBe(birthBundle);
  });

  it('deprecates a published version once, with a reason', () => {
    const deprecate: ProcedureCommand = {
      type: 'DeprecateProcedureVersion',
      version: 1,
      reason: 'Nghị định 118/2025 thay thế',
      at,
      by,
    };
    const events = when(given(created, published), deprecate) as ProcedureEvent[];
    expect(events).toEqual([
      {
        type: 'ProcedureVersionDeprecated',
        data: { version: 1, reason: 'Nghị định 118/2025 thay thế', deprecatedAt: at, by },
      },
    ]);
    expect(when(given(created, published, ...events), deprecate)).toMatchObject({
      code: 'PROCEDURE_VERSION_DEPRECATED',
    });
    expect(when(given(created, published), { ...deprecate, version: 7 })).toMatchObject({
      code: 'PROCEDURE_VERSION_NOT_FOUND',
    });
    expect(when(given(created, published), { ...deprecate, reason: ' ' })).toMatchObject({
      code: 'REASON_REQUIRED',
    });
  });
});

describe('diff of two versions', () => {
  it('matches steps by id and names each changed field', () => {
    const next = {
      ...birthBundle,
      maxReappointments: 2,
      steps: [
        ...birthBundle.steps.filter((s) => s.id !== 'issue-card'),
        { ...birthBundle.steps[0]!, id: 'notify-family', after: ['register-birth'] },
      ].map((s) => (s.id === 'register-birth' ? { ...s, budget: day(0.5) } : s)),
    };
    expect(diffDefinitions(birthBundle, next).map((c) => `${c.change} ${c.path}`)).toEqual([
      'changed maxReappointments',
      'changed steps.register-birth.budget',
      'removed steps.issue-card',
      'added steps.notify-family',
    ]);
  });
});

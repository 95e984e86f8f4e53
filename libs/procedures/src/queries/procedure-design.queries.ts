import { procedureError } from '../domain/procedure-errors';
import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';

import { EVENT_STORE, loadState, type EventStore } from '@lien-thong/event-store';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import type { ProblemDetail } from '@lien-thong/contracts';
import { evolveProcedure, initialProcedureState, type ProcedureState } from '../domain/procedure-decider';
import { diffDefinitions, type DefinitionChange } from '../domain/procedure-diff';
import { procedureStream, type ProcedureEvent } from '../domain/procedure-events';
import type { ProcedureDefinition } from '../domain/procedure-definition';
import { validateProcedureDefinition } from '../domain/procedure-validation';

export interface ProcedureView {
  readonly code: string;
  readonly draft: ProcedureDefinition | null;
  readonly versions: readonly { version: number; publishedAt: string; deprecated: boolean }[];
}

export class GetProcedure extends Query<ProcedureView> {
  constructor(readonly code: string) {
    super();
  }
}
export class GetProcedureVersion extends Query<ProcedureDefinition> {
  constructor(
    readonly code: string,
    readonly version: number,
  ) {
    super();
  }
}
export class DiffProcedureVersions extends Query<DefinitionChange[]> {
  constructor(
    readonly code: string,
    readonly from: number,
    readonly to: number,
  ) {
    super();
  }
}
export class ValidateProcedureDraft extends Query<{ valid: boolean; problems: readonly ProblemDetail[] }> {
  constructor(readonly code: string) {
    super();
  }
}

async function load(store: EventStore, code: string): Promise<ProcedureState & { code: string }> {
  const { state } = await loadState<ProcedureState, ProcedureEvent>(store, procedureStream(code), {
    initialState: initialProcedureState,
    evolve: evolveProcedure,
  });
  if (state.code === null)
    throw procedureError('PROCEDURE_NOT_FOUND', `No procedure ${code}`, `Không tìm thấy thủ tục ${code}`);
  return state as ProcedureState & { code: string };
}

function version(state: ProcedureState, n: number): ProcedureDefinition {
  const found = state.versions.find((v) => v.version === n);
  if (!found)
    throw procedureError(
      'PROCEDURE_VERSION_NOT_FOUND',
      `Version ${n} was never published`,
      `Không có phiên bản ${n}`,
    );
  return found.definition;
}

/**
 * Read straight from the procedure's stream: a design has few events, and designers must see their
 * own change at once. The catalogue listing will be a projection.
 */
@QueryHandler(GetProcedure)
export class GetProcedureHandler implements IQueryHandler<GetProcedure> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute(q: GetProcedure): Promise<ProcedureView> {
    const state = await load(this.store, q.code);
    return {
      code: state.code,
      draft: state.draft,
      versions: state.versions.map(({ version: v, publishedAt, deprecated }) => ({
        version: v,
        publishedAt,
        deprecated,
      })),
    };
  }
}

@QueryHandler(GetProcedureVersion)
export class GetProcedureVersionHandler implements IQueryHandler<GetProcedureVersion> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute(q: GetProcedureVersion): Promise<ProcedureDefinition> {
    return version(await load(this.store, q.code), q.version);
  }
}

@QueryHandler(DiffProcedureVersions)
export class DiffProcedureVersionsHandler implements IQueryHandler<DiffProcedureVersions> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute(q: DiffProcedureVersions): Promise<DefinitionChange[]> {
    const state = await load(this.store, q.code);
    return diffDefinitions(version(state, q.from), version(state, q.to));
  }
}

@QueryHandler(ValidateProcedureDraft)
export class ValidateProcedureDraftHandler implements IQueryHandler<ValidateProcedureDraft> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
  ) {}
  async execute(q: ValidateProcedureDraft): Promise<{ valid: boolean; problems: readonly ProblemDetail[] }> {
    const state = await load(this.store, q.code);
    const directory = await this.agencies.snapshot();
    const result = validateProcedureDefinition(state.draft, {
      agencyExists: (c) => directory.exists(c),
      roleResolvable: (r) => directory.hasRole(r),
    });
    return result.ok ? { valid: true, problems: [] } : { valid: false, problems: result.problems };
  }
}

export const DESIGN_QUERY_HANDLERS = [
  GetProcedureHandler,
  GetProcedureVersionHandler,
  DiffProcedureVersionsHandler,
  ValidateProcedureDraftHandler,
];

import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '@lien-thong/contracts';
import { EVENT_STORE, handleCommand, type EventStore } from '@lien-thong/event-store';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import {
  decideProcedure,
  evolveProcedure,
  initialProcedureState,
  type ProcedureCommand,
  type ProcedureState,
} from '../domain/procedure-decider';
import {
  PROCEDURE_EVENT_SCHEMA_VERSION,
  procedureStream,
  type ProcedureEvent,
} from '../domain/procedure-events';
import type { ValidationContext } from '../domain/procedure-validation';
import {
  CreateProcedureDraft,
  DeprecateProcedureVersion,
  designerMetadata,
  EditProcedureDraft,
  PublishProcedureVersion,
  type DesignResult,
} from './design-procedure.commands';

const decider = { initialState: initialProcedureState, decide: decideProcedure, evolve: evolveProcedure };

abstract class DesignHandler {
  constructor(
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(ID_GENERATOR) protected readonly ids: IdGenerator,
    @Inject(AGENCY_DIRECTORY) protected readonly agencies: AgencyDirectory,
  ) {}

  protected async validation(): Promise<ValidationContext> {
    const directory = await this.agencies.snapshot();
    return { agencyExists: (c) => directory.exists(c), roleResolvable: (r) => directory.hasRole(r) };
  }

  protected async run(
    code: string,
    command: ProcedureCommand,
    by: string,
    correlationId: string,
  ): Promise<DesignResult> {
    const handled = await handleCommand<ProcedureCommand, ProcedureState, ProcedureEvent>(
      this.store,
      procedureStream(code),
      decider,
      command,
      {
        schemaVersion: PROCEDURE_EVENT_SCHEMA_VERSION,
        newId: () => this.ids.newId(),
        metadata: designerMetadata(this.clock.now(), by, correlationId),
      },
    );
    const published = handled.events.find((e) => e.type === 'ProcedureVersionPublished');
    return {
      code,
      revision: handled.nextExpectedRevision,
      ...(published?.type === 'ProcedureVersionPublished' ? { version: published.data.version } : {}),
    };
  }
}

@CommandHandler(CreateProcedureDraft)
export class CreateProcedureDraftHandler
  extends DesignHandler
  implements ICommandHandler<CreateProcedureDraft>
{
  execute(c: CreateProcedureDraft): Promise<DesignResult> {
    const code =
      typeof (c.definition as { code?: unknown } | null)?.code === 'string'
        ? (c.definition as { code: string }).code
        : '';
    return this.run(
      code,
      { type: 'CreateProcedureDraft', definition: c.definition, by: c.by },
      c.by,
      c.correlationId,
    );
  }
}

@CommandHandler(EditProcedureDraft)
export class EditProcedureDraftHandler extends DesignHandler implements ICommandHandler<EditProcedureDraft> {
  execute(c: EditProcedureDraft): Promise<DesignResult> {
    return this.run(
      c.code,
      { type: 'EditProcedureDraft', definition: c.definition, by: c.by },
      c.by,
      c.correlationId,
    );
  }
}

@CommandHandler(PublishProcedureVersion)
export class PublishProcedureVersionHandler
  extends DesignHandler
  implements ICommandHandler<PublishProcedureVersion>
{
  async execute(c: PublishProcedureVersion): Promise<DesignResult> {
    const command: ProcedureCommand = {
      type: 'PublishProcedureVersion',
      at: this.clock.now().toISOString(),
      by: c.by,
      validation: await this.validation(),
    };
    return this.run(c.code, command, c.by, c.correlationId);
  }
}

@CommandHandler(DeprecateProcedureVersion)
export class DeprecateProcedureVersionHandler
  extends DesignHandler
  implements ICommandHandler<DeprecateProcedureVersion>
{
  execute(c: DeprecateProcedureVersion): Promise<DesignResult> {
    const command: ProcedureCommand = {
      type: 'DeprecateProcedureVersion',
      version: c.version,
      reason: c.reason,
      at: this.clock.now().toISOString(),
      by: c.by,
    };
    return this.run(c.code, command, c.by, c.correlationId);
  }
}

export const DESIGN_COMMAND_HANDLERS = [
  CreateProcedureDraftHandler,
  EditProcedureDraftHandler,
  PublishProcedureVersionHandler,
  DeprecateProcedureVersionHandler,
];

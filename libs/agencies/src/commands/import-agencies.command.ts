import { agencyError } from '../domain/agency-errors';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '@lien-thong/contracts';
import { EVENT_STORE, handleCommand, type EventStore } from '@lien-thong/event-store';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '../domain/agency-directory';
import {
  decideAgency,
  evolveAgency,
  initialAgencyState,
  type AgencyCommand,
  type AgencyState,
} from '../domain/agency-decider';
import { AGENCY_EVENT_SCHEMA_VERSION, agencyStream, type AgencyEvent } from '../domain/agency-events';
import { validateAgencyImport } from '../domain/agency-import';

export interface ImportAgenciesResult {
  readonly registered: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** Imports an agency file: every agency registered or updated as events, or nothing when the file is invalid. */
export class ImportAgencies extends Command<ImportAgenciesResult> {
  constructor(
    readonly file: unknown,
    readonly source: string,
    readonly by: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

const decider = { initialState: initialAgencyState, decide: decideAgency, evolve: evolveAgency };

@CommandHandler(ImportAgencies)
export class ImportAgenciesHandler implements ICommandHandler<ImportAgencies> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(AGENCY_DIRECTORY) private readonly directory: AgencyDirectory,
  ) {}

  async execute(c: ImportAgencies): Promise<ImportAgenciesResult> {
    const known = await this.directory.snapshot();
    const result = validateAgencyImport(c.file, (code) => known.exists(code));
    if (!result.ok) {
      throw agencyError(
        'AGENCY_IMPORT_INVALID',
        `The agency file has ${result.problems.length} problem(s); nothing was imported`,
        `Tệp cơ quan có ${result.problems.length} lỗi; chưa nhập gì`,
        result.problems,
      );
    }
    const counts = { registered: 0, updated: 0, unchanged: 0 };
    for (const profile of result.agencies) {
      const handled = await handleCommand<AgencyCommand, AgencyState, AgencyEvent>(
        this.store,
        agencyStream(profile.code),
        decider,
        { type: 'ImportAgency', profile, source: c.source },
        {
          schemaVersion: AGENCY_EVENT_SCHEMA_VERSION,
          newId: () => this.ids.newId(),
          metadata: {
            occurredAt: this.clock.now().toISOString(),
            actor: { personId: c.by },
            correlationId: c.correlationId,
          },
        },
      );
      const type = handled.events[0]?.type;
      if (type === 'AgencyRegistered') counts.registered += 1;
      else if (type === 'AgencyUpdated') counts.updated += 1;
      else counts.unchanged += 1;
    }
    return counts;
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@lien-thong/event-store';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@lien-thong/config';
import { HCMC_SEED_AGENCIES, ImportAgencies, type ImportAgenciesResult } from '@lien-thong/agencies';
import { CreateProcedureDraft, PublishProcedureVersion } from '../commands/design-procedure.commands';
import { procedureStream } from '../domain/procedure-events';
import { SEED_PROCEDURES } from './seed-procedures';

/** Seeding processes that race for the same agencies settle within a few rounds. */
const SEED_ATTEMPTS = 5;

/**
 * Loads the sample catalogue when the runtime asks for it (`npm start` does): the agencies (an import
 * that changes nothing when they are already there), then each seed procedure,
 * created and published once through the same commands designers use; a procedure that exists is left
 * alone, so restarts and several API processes are harmless.
 */
@Injectable()
export class ProcedureCatalogueSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seed !== 'sample') return;
    // Agencies first: procedures are validated against the directory.
    const agencies = await this.importAgencies();
    this.logger.log(
      `sample agencies: ${agencies.registered} registered, ${agencies.updated} updated, ${agencies.unchanged} unchanged`,
    );
    let loaded = 0;
    for (const procedure of SEED_PROCEDURES) {
      if ((await this.store.streamRevision(procedureStream(procedure.code))) !== null) continue;
      try {
        await this.commands.execute(new CreateProcedureDraft(procedure, 'seed', `seed-${procedure.code}`));
        await this.commands.execute(
          new PublishProcedureVersion(procedure.code, 'seed', `seed-${procedure.code}`),
        );
        loaded += 1;
      } catch (error) {
        // Another process seeding at the same moment wins the race; anything else is worth a warning.
        this.logger.warn(
          `procedure ${procedure.code} not seeded: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    this.logger.log(
      `sample catalogue: ${loaded} procedure(s) loaded, ${SEED_PROCEDURES.length - loaded} already present`,
    );
  }

  /**
   * The API and the worker start together and both seed: the one that writes an agency second meets
   * the other's append (a concurrent-revision conflict). The import is idempotent, so it is simply run
   * again, and then finds those agencies unchanged; before, the conflict stopped that process's start.
   */
  private async importAgencies(): Promise<ImportAgenciesResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.commands.execute(
          new ImportAgencies({ agencies: HCMC_SEED_AGENCIES }, 'seed', 'seed', 'seed-agencies'),
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= SEED_ATTEMPTS) throw error;
      }
    }
  }
}

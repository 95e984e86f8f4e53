import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@lien-thong/infrastructure';
import { CreateProcedureDraft, PublishProcedureVersion } from '../commands/design-procedure.commands';
import { procedureStream } from '../domain/procedure-events';
import { SEED_PROCEDURES } from './seed-procedures';

/**
 * Loads the sample catalogue when the runtime asks for it (`npm start` does): each seed procedure is
 * created and published once, through the same commands designers use; a procedure that exists is left
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
}

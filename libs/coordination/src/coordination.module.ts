import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import { DossiersModule } from '@lien-thong/dossiers';
import { PG_POOL } from '@lien-thong/postgres';
import {
  COORDINATION_ACTIVITY_OPTIONS,
  DossierCoordinationActivities,
  type CoordinationActivityOptions,
} from './activities/dossier-coordination.activities';
import { DeadlineRecomputer } from './process-managers/deadline-recomputer';
import { StrandedDossiers } from './stranded/stranded-dossiers.store';

const strandedDossiers: Provider = {
  provide: StrandedDossiers,
  useFactory: (pool: Pool) => new StrandedDossiers(pool),
  inject: [PG_POOL],
};

/**
 * The coordination context in a Nest application. The API needs only the stranded-dossier list
 * (GET /health counts it); the worker also runs the activities and recomputes deadlines, over the
 * dossiers context. The process managers need a Temporal client: `coordinationProcessManagers(...)`.
 */
@Module({})
export class CoordinationModule {
  /** The API's part: `StrandedDossiers`. */
  static forApi(): DynamicModule {
    return { module: CoordinationModule, providers: [strandedDossiers], exports: [StrandedDossiers] };
  }

  /** The worker's part: also `DossierCoordinationActivities` (with these options) and `DeadlineRecomputer`. */
  static forWorker(options: CoordinationActivityOptions = {}): DynamicModule {
    return {
      module: CoordinationModule,
      imports: [DossiersModule],
      providers: [
        strandedDossiers,
        { provide: COORDINATION_ACTIVITY_OPTIONS, useValue: options },
        DossierCoordinationActivities,
        DeadlineRecomputer,
      ],
      exports: [StrandedDossiers, DossierCoordinationActivities, DeadlineRecomputer],
    };
  }
}

import type { INestApplicationContext } from '@nestjs/common';
import { CLOCK, type Clock } from '@lien-thong/contracts';
import {
  coordinationActivityFunctions,
  DeadlineRecomputer,
  DossierCoordinationActivities,
  type CoordinationActivityOptions,
} from '@lien-thong/coordination';
import { BoundProcedures, DossierCalendar, DossierCommandService } from '@lien-thong/dossiers';

/**
 * The worker's coordination parts over an API test app (its dossier command service, calendar and
 * clock), for tests that run the Temporal worker and the process managers in the test process.
 */
export function inProcessCoordination(
  app: INestApplicationContext,
  options: CoordinationActivityOptions = {},
): {
  activities: ReturnType<typeof coordinationActivityFunctions>;
  recomputeDeadlines: DeadlineRecomputer;
  /** The activities' object (`indexSearchAttributes` once the namespace has them). */
  instance: DossierCoordinationActivities;
} {
  const dossiers = app.get(DossierCommandService, { strict: false });
  const activities = new DossierCoordinationActivities(
    dossiers,
    app.get(DossierCalendar, { strict: false }),
    app.get(BoundProcedures, { strict: false }),
    app.get<Clock>(CLOCK, { strict: false }),
    options,
  );
  return {
    activities: coordinationActivityFunctions(activities),
    recomputeDeadlines: new DeadlineRecomputer(dossiers),
    instance: activities,
  };
}

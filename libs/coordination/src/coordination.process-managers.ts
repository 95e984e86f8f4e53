import type { Client } from '@temporalio/client';
import type { ProcessManager } from '@lien-thong/projections';
import { calendarCoordinationProcessManager } from './process-managers/calendar-coordination.process-manager';
import type { DeadlineRecomputer } from './process-managers/deadline-recomputer';
import { dossierCoordinationProcessManager } from './process-managers/dossier-coordination.process-manager';

/**
 * The coordination process managers, for the worker's projection runner: dossier events start and
 * notify the dossier workflows; holiday decisions make running dossiers count their deadlines again
 * (recorded through `deadlines`, when given) and re-plan.
 */
export function coordinationProcessManagers(
  temporal: Client,
  deadlines?: Pick<DeadlineRecomputer, 'recompute'>,
): ProcessManager[] {
  return [
    dossierCoordinationProcessManager(temporal),
    calendarCoordinationProcessManager(temporal, deadlines),
  ];
}

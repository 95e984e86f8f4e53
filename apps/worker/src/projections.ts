import type { Client } from '@temporalio/client';
import type { ProcessManager, Projection } from '@lien-thong/projections';
import { coordinationProcessManagers, type DeadlineRecomputer } from '@lien-thong/coordination';
import { dossierProjections } from '@lien-thong/dossier-tracing';
import { agencyNotificationProjections } from '@lien-thong/agency-notifications';
import { applicantNotificationProjections } from '@lien-thong/applicant-notifications';
import { reportProjections, type ReportFactsDeps } from '@lien-thong/reports';
import { channelProjections } from '@lien-thong/channels';

/**
 * Every read model (and process manager) the worker keeps. Each bounded context contributes its
 * projections here; the rebuild command (npm run projections:rebuild -- <name>) uses the same list.
 * The coordination process managers (dossier events, holiday decisions) need a Temporal client, so it is only there when one is given.
 */
export function allProjections(
  options: {
    readonly temporal?: Client;
    /** Records DeadlinesRecomputed on running dossiers when a holiday decision is loaded. */
    readonly recomputeDeadlines?: Pick<DeadlineRecomputer, 'recompute'>;
    /**
     * The units' calendars and the procedure versions the report read models count with; without
     * them the report projections are left out (`'reset-only'`: listed, for the rebuild command).
     */
    readonly reports?: ReportFactsDeps | 'reset-only';
  } = {},
): (Projection | ProcessManager)[] {
  return [
    ...dossierProjections(),
    ...agencyNotificationProjections(),
    ...applicantNotificationProjections(),
    ...channelProjections(),
    ...(options.reports === undefined
      ? []
      : reportProjections(options.reports === 'reset-only' ? undefined : options.reports)),
    ...(options.temporal ? coordinationProcessManagers(options.temporal, options.recomputeDeadlines) : []),
  ];
}

import type { Projection } from '@lien-thong/projections';
import { reportFactsProjection, type ReportFactsDeps } from './projection/report-facts.projection';

/**
 * The context's projections, for the worker's list. Without `deps` (the rebuild command, which only
 * resets), a projection that refuses to run: it needs the units' calendars and the procedure versions.
 */
export function reportProjections(deps?: ReportFactsDeps): Projection[] {
  const missing = (): never => {
    throw new Error(
      'the report projections need the units’ calendars and the procedure versions (run them in the worker)',
    );
  };
  return [
    reportFactsProjection(
      deps ?? {
        calendarFor: () => Promise.resolve(missing()),
        procedure: () => Promise.resolve(missing()),
      },
    ),
  ];
}

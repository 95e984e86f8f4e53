import type { BoundProcedures, DossierCalendar } from '@lien-thong/dossiers';
import type { ReportFactsDeps } from './projection/report-facts.projection';

/** The projection's reads, from the dossiers context: the unit's calendar, the procedure version. */
export function reportFactsDepsFrom(
  calendars: DossierCalendar,
  procedures: BoundProcedures,
): ReportFactsDeps {
  return {
    calendarFor: (unitCode) => calendars.forUnit(unitCode),
    procedure: async (code, version) => {
      const [definition, calendar] = await Promise.all([
        procedures.definition(code, version),
        calendars.current(),
      ]);
      return {
        field: definition.field,
        steps: definition.steps.map((s) => ({ id: s.id, budgetMs: calendar.budgetMs(s.budget) })),
      };
    },
  };
}

import type { WorkingTimeCalendar } from '@lien-thong/calendar';
import type { BoundProcedures, DossierCalendar } from '@lien-thong/dossiers';
import type { ReportFactsDeps } from './projection/report-facts.projection';

/** How long a unit's calendar is reused: a holiday decision reaches the read models within this. */
const CALENDAR_TTL_MS = 10_000;

/**
 * The projection's reads, from the dossiers context: the unit's calendar (kept a few seconds: building
 * it reads the directory and the holiday decisions, for every event otherwise) and the procedure
 * version (immutable once published: kept for good).
 */
export function reportFactsDepsFrom(
  calendars: DossierCalendar,
  procedures: BoundProcedures,
): ReportFactsDeps {
  const units = new Map<string, { readonly at: number; readonly calendar: Promise<WorkingTimeCalendar> }>();
  const versions = new Map<string, ReturnType<ReportFactsDeps['procedure']>>();
  return {
    calendarFor: (unitCode) => {
      const cached = units.get(unitCode);
      if (cached && Date.now() - cached.at < CALENDAR_TTL_MS) return cached.calendar;
      const calendar = calendars.forUnit(unitCode);
      units.set(unitCode, { at: Date.now(), calendar });
      calendar.catch(() => units.delete(unitCode));
      return calendar;
    },
    procedure: (code, version) => {
      const key = `${code}@${version}`;
      let found = versions.get(key);
      if (!found) {
        found = (async () => {
          const [definition, calendar] = await Promise.all([
            procedures.definition(code, version),
            calendars.current(),
          ]);
          return {
            field: definition.field,
            steps: definition.steps.map((s) => ({ id: s.id, budgetMs: calendar.budgetMs(s.budget) })),
          };
        })();
        versions.set(key, found);
        found.catch(() => versions.delete(key));
      }
      return found;
    },
  };
}

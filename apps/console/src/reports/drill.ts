/**
 * The dashboard's drill-down (province → agency → procedure → step → dossiers): where the reader is,
 * and which report with which filters shows that level.
 */
export interface Drill {
  agency?: string;
  procedure?: string;
  step?: string;
}

export type Level = 'province' | 'agency' | 'procedure' | 'step';

export function levelOf(drill: Drill): Level {
  if (drill.step) return 'step';
  if (drill.procedure) return 'procedure';
  if (drill.agency) return 'agency';
  return 'province';
}

export function filtersOf(drill: Drill, from: string, to: string): Record<string, string> {
  return {
    from,
    to,
    ...(drill.agency ? { agency: drill.agency } : {}),
    ...(drill.procedure ? { procedure: drill.procedure } : {}),
  };
}

/** The crumbs back up, each with the drill it returns to. */
export function crumbsOf(drill: Drill): { level: Level; drill: Drill; value?: string }[] {
  const crumbs: { level: Level; drill: Drill; value?: string }[] = [{ level: 'province', drill: {} }];
  if (drill.agency) crumbs.push({ level: 'agency', drill: { agency: drill.agency }, value: drill.agency });
  if (drill.procedure)
    crumbs.push({
      level: 'procedure',
      drill: { agency: drill.agency, procedure: drill.procedure },
      value: drill.procedure,
    });
  if (drill.step) crumbs.push({ level: 'step', drill, value: drill.step });
  return crumbs;
}

export function parseDrill(search: URLSearchParams): Drill {
  const drill: Drill = {};
  const agency = search.get('agency');
  const procedure = search.get('procedure');
  const step = search.get('step');
  if (agency) drill.agency = agency;
  if (agency && procedure) drill.procedure = procedure;
  if (agency && procedure && step) drill.step = step;
  return drill;
}

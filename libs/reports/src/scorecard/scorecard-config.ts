/**
 * The scorecard's weights and deductions, versioned (issue 19). An **adaptation** of the structure of
 * Ho Chi Minh City's administrative-reform index (points per component, deductions for coordination
 * failures between units), restricted to what the dossier record shows; **not** the official formula,
 * whose criteria and weights are set each year by the city and were not available here.
 *
 * Each component is worth `weight` points times a value between 0 and 1; a component with nothing to
 * judge (no late dossier to apologise for, say) earns its full weight. Deductions are taken from the sum,
 * each capped, and the score never goes below 0.
 */
export interface ScorecardConfig {
  readonly version: string;
  /** The first day (Vietnam time) periods are scored with this version. */
  readonly validFrom: string;
  readonly components: {
    /** Share of the agency's completed step visits finished early or on time. */
    readonly onTime: number;
    /** Share of the dossiers it made late (a late step of its own) for which it apologised in time. */
    readonly apologies: number;
    /** 1 − share of the dossiers where it asked the applicant for a supplement more than once. */
    readonly singleSupplement: number;
    /** 1 − share of its step visits that had to be done again (reopened by a return). */
    readonly noRework: number;
  };
  readonly deductions: {
    /** Points per step visit of its own that ran late (a coordination failure attributed by step). */
    readonly perLateStep: number;
    readonly lateStepCap: number;
  };
}

export const SCORECARD_CONFIGS: readonly ScorecardConfig[] = [
  {
    version: '2026.1',
    validFrom: '2025-07-01',
    components: { onTime: 60, apologies: 20, singleSupplement: 10, noRework: 10 },
    deductions: { perLateStep: 0.5, lateStepCap: 10 },
  },
];

/** The version in force on the period's first day (the earliest one before any). */
export function scorecardConfigFor(day: string): ScorecardConfig {
  const sorted = [...SCORECARD_CONFIGS].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  return sorted.filter((c) => c.validFrom <= day).at(-1) ?? sorted[0]!;
}

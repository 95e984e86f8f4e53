/**
 * Allocates a unit's daily sequence numbers. A number is never handed out twice for the same unit
 * and day: not under concurrent intake, not across restarts. Numbers may be skipped (an intake that
 * fails after allocating leaves a gap); they are never reused.
 */
export interface DossierSequence {
  /** The next number (from 1) for `unitCode` on `localDate` (`YYYY-MM-DD`, Vietnam). */
  next(unitCode: string, localDate: string): Promise<number>;
}

/** DI token for the configured sequence. */
export const DOSSIER_SEQUENCE = Symbol.for('lien-thong.DossierSequence');

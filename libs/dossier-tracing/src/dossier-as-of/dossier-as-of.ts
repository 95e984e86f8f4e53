import type { ProblemDetail } from '@lien-thong/contracts';
import type { RecordedEvent } from '@lien-thong/event-store';
import { toDossierEvent } from '../shared/dossier-event';
import { invalidDossierQuery } from '../shared/query-errors';
import { isInstantText } from '../shared/vietnam-time';
import { type DossierState, evolveDossier, initialDossierState } from '@lien-thong/dossier-model';

/** Exactly one of the two. */
export type AsOf = { readonly revision: number } | { readonly instant: string };

export interface DossierAsOfResult {
  readonly state: DossierState;
  /** The last revision folded; null when nothing had happened yet at that instant. */
  readonly revision: number | null;
}

/** The point in time, checked: neither or both given, a negative or fractional revision, a bad instant → 400. */
export function checkAsOf(at: { readonly revision?: number; readonly instant?: string }): AsOf {
  const { revision, instant } = at;
  const problems: ProblemDetail[] = [];
  if ((revision === undefined || revision === null) === (instant === undefined || instant === null))
    problems.push({ path: 'revision', code: 'EXACTLY_ONE', message: 'give either a revision or an instant' });
  else if (revision !== undefined && revision !== null) {
    if (Number.isInteger(revision) && revision >= 0) return { revision };
    problems.push({ path: 'revision', code: 'RANGE', message: 'a whole number from 0' });
  } else if (isInstantText(instant)) return { instant };
  else problems.push({ path: 'instant', code: 'INSTANT', message: 'an ISO 8601 instant with an offset' });
  throw invalidDossierQuery(problems);
}

/**
 * Time travel: the dossier as it stood after `revision`, or at `instant` (by the events' occurredAt).
 * It folds a prefix of the stream, stopping at the first event that happened after the instant, so the
 * state is always one the dossier really went through. A revision past the end is refused (400).
 */
export function dossierAsOf(events: readonly RecordedEvent[], at: AsOf): DossierAsOfResult {
  const ordered = [...events].sort((a, b) => a.revision - b.revision);
  let prefix: RecordedEvent[];
  if ('revision' in at) {
    const last = ordered[ordered.length - 1];
    if (!last || at.revision > last.revision) {
      throw invalidDossierQuery([
        {
          path: 'revision',
          code: 'BEYOND_END',
          message: `the stream ends at revision ${last ? last.revision : 'none'}`,
        },
      ]);
    }
    prefix = ordered.filter((e) => e.revision <= at.revision);
  } else {
    const instantMs = Date.parse(at.instant);
    const firstAfter = ordered.findIndex((e) => Date.parse(e.metadata.occurredAt) > instantMs);
    prefix = firstAfter === -1 ? ordered : ordered.slice(0, firstAfter);
  }
  const state = prefix.reduce((s, e) => evolveDossier(s, toDossierEvent(e)), initialDossierState);
  const reached = prefix[prefix.length - 1];
  return { state, revision: reached ? reached.revision : null };
}

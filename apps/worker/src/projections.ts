import type { Projection } from '@lien-thong/projections';
import { dossierProjections } from '@lien-thong/dossiers';

/**
 * Every read model the worker keeps. Each bounded context contributes its projections here; the
 * rebuild command (npm run projections:rebuild -- <name>) uses the same list.
 */
export function allProjections(): Projection[] {
  return [...dossierProjections()];
}

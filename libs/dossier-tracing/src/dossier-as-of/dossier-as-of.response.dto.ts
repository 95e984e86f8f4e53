import { type DossierState } from '@lien-thong/dossier-model';
/** Internal (staff) view: the folded state includes the applicant's vault reference. */
export interface DossierAsOfView {
  readonly code: string;
  /** The last revision folded; null when nothing had happened yet at the instant asked. */
  readonly revision: number | null;
  /** The stream's current last revision, to show how far back this is. */
  readonly latestRevision: number;
  readonly state: DossierState;
}

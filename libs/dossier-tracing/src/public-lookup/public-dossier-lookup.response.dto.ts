import type { Bilingual } from '../shared/labels';
import type { PublicStepDone, PublicStepHolder } from './public-dossier.doc';
import { type DossierStatus } from '@lien-thong/dossier-model';

/** The public status of a dossier: no personal data, no applicant reference, no officer ids. */
export interface PublicDossierStatus {
  readonly code: string;
  readonly status: DossierStatus;
  readonly statusLabel: Bilingual;
  readonly procedureCode: string;
  readonly receivedAt: string;
  readonly stepsDone: readonly PublicStepDone[];
  readonly currentHolders: readonly PublicStepHolder[];
  readonly dueAt: string;
  readonly appointmentAt: string;
  readonly resultReadyAt: string | null;
  readonly returnedAt: string | null;
}

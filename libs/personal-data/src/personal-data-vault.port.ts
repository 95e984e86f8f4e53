import type { ApplicantDetails } from './applicant-details';

/** Opaque reference to sealed personal data: safe to store in events; reveals nothing by itself. */
export type SealedRef = string;

/**
 * Where applicants' personal data lives, encrypted with one key per dossier (crypto-shredding).
 * The key is the dossier code, or the intake reference for intakes that ended without a code.
 * Implementations: in-memory (tests); PostgreSQL with per-dossier keys (application layer).
 * Every implementation passes `personalDataVaultContract`.
 */
export interface PersonalDataVault {
  /** Encrypts the details under the dossier's key (created on first use) and returns a reference. */
  seal(dossierCode: string, details: ApplicantDetails): Promise<SealedRef>;
  /**
   * The details, or `'erased'` once the dossier's key is destroyed.
   * Throws DomainError `PERSONAL_DATA_NOT_FOUND` (not-found) for a reference it never issued.
   */
  open(ref: SealedRef): Promise<ApplicantDetails | 'erased'>;
  /**
   * Destroys the dossier's key: every reference sealed for it opens as `'erased'` from now on.
   * Idempotent. Sealing again for an erased dossier is refused (`PERSONAL_DATA_ERASED`, conflict).
   */
  erase(dossierCode: string): Promise<void>;
}

/** DI token for the configured vault. */
export const PERSONAL_DATA_VAULT = Symbol.for('lien-thong.PersonalDataVault');

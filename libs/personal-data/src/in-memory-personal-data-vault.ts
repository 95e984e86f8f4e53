import { personalDataError } from './personal-data.errors';
import { type DomainError } from '@lien-thong/contracts';
import type { ApplicantDetails } from './applicant-details';
import type { PersonalDataVault, SealedRef } from './personal-data-vault.port';

/**
 * The vault for tests: no encryption, but the same observable behaviour as the real one (erasure
 * makes every reference of the dossier open as `'erased'`; references reveal nothing).
 */
export class InMemoryPersonalDataVault implements PersonalDataVault {
  private readonly sealed = new Map<SealedRef, { dossierCode: string; details: ApplicantDetails | null }>();
  private readonly erased = new Set<string>();
  private counter = 0;

  seal(dossierCode: string, details: ApplicantDetails): Promise<SealedRef> {
    if (this.erased.has(dossierCode)) return Promise.reject(erasedError(dossierCode));
    this.counter += 1;
    const ref = `pdv-mem-${this.counter}`;
    this.sealed.set(ref, { dossierCode, details: { ...details } });
    return Promise.resolve(ref);
  }

  open(ref: SealedRef): Promise<ApplicantDetails | 'erased'> {
    const entry = this.sealed.get(ref);
    if (!entry) {
      return Promise.reject(
        personalDataError(
          'PERSONAL_DATA_NOT_FOUND',
          'No personal data under this reference',
          'Không tìm thấy dữ liệu cá nhân theo tham chiếu này',
        ),
      );
    }
    return Promise.resolve(entry.details === null ? 'erased' : { ...entry.details });
  }

  erase(dossierCode: string): Promise<void> {
    this.erased.add(dossierCode);
    for (const [ref, entry] of this.sealed)
      if (entry.dossierCode === dossierCode) this.sealed.set(ref, { dossierCode, details: null });
    return Promise.resolve();
  }
}

function erasedError(dossierCode: string): DomainError {
  return personalDataError(
    'PERSONAL_DATA_ERASED',
    `The personal data of ${dossierCode} was erased; nothing more can be sealed for it`,
    `Dữ liệu cá nhân của hồ sơ ${dossierCode} đã bị xóa`,
  );
}

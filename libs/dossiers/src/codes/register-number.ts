import { defaultDossierCodeFormat, type DossierCodeFormat } from './dossier-code-format';

/**
 * Vào Sổ theo dõi hồ sơ: where a dossier stands in its unit's register (form 07), as form 01 prints it
 * ("Quyển số …, Số thứ tự …"). The register is kept per receiving unit and per day, like the dossier
 * code's sequence, so the book is the unit's register of the day of receipt and the entry is the day's
 * sequence number: both are read from the code, never counted separately, so they cannot disagree with it.
 */
export interface RegisterNumber {
  /** The receiving unit whose register it is. */
  readonly unitCode: string;
  /** Quyển số: the day of receipt in Vietnam, `YYYY-MM-DD`. */
  readonly book: string;
  /** Số thứ tự: the unit's sequence number of that day, from 1. */
  readonly entry: number;
}

/** Null when the code is not in the given format (a province's own format may not carry a sequence). */
export function registerNumberOf(
  dossierCode: string,
  format: DossierCodeFormat = defaultDossierCodeFormat,
): RegisterNumber | null {
  const parts = format.parse(dossierCode);
  return parts === null ? null : { unitCode: parts.unitCode, book: parts.localDate, entry: parts.sequence };
}

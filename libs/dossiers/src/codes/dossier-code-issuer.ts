import { dossierError } from '../domain/dossier-errors';

import { vietnamDateOf } from '@lien-thong/dossier-model';
import { defaultDossierCodeFormat, type DossierCodeFormat } from './dossier-code-format';
import type { DossierSequence } from './dossier-sequence.port';

/** Issues dossier codes at intake: the unit's next number for the receipt's day in Vietnam. */
export class DossierCodeIssuer {
  constructor(
    private readonly sequence: DossierSequence,
    private readonly format: DossierCodeFormat = defaultDossierCodeFormat,
  ) {}

  /** `receivedAt` comes from the injected clock (a Date, epoch ms or an ISO 8601 string). */
  async issue(unitCode: string, receivedAt: Date | number | string): Promise<string> {
    // Checked before allocating, so a malformed unit code does not consume numbers.
    this.format.validateUnitCode(unitCode);
    const instant =
      receivedAt instanceof Date
        ? receivedAt.getTime()
        : typeof receivedAt === 'string'
          ? Date.parse(receivedAt)
          : receivedAt;
    if (!Number.isFinite(instant)) {
      throw dossierError(
        'DOSSIER_CODE_INSTANT_INVALID',
        'The receipt instant is not a valid time',
        'Thời điểm tiếp nhận không hợp lệ',
      );
    }
    const localDate = vietnamDateOf(instant);
    const sequence = await this.sequence.next(unitCode, localDate);
    return this.format.format({ unitCode, localDate, sequence });
  }
}

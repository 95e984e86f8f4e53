import { dossierError } from '../domain/dossier-errors';

export interface DossierCodeParts {
  /** The receiving unit's agency code, e.g. `000.00.05.H54`. */
  readonly unitCode: string;
  /** The receipt's date in Vietnam (UTC+7), `YYYY-MM-DD`. */
  readonly localDate: string;
  /** The unit's sequence number for that day, from 1. */
  readonly sequence: number;
}

/** How a dossier code is written and read. Replaceable: a province may prescribe another format. */
export interface DossierCodeFormat {
  /** Throws a validation DomainError when the unit code cannot appear in a code. */
  validateUnitCode(unitCode: string): void;
  format(parts: DossierCodeParts): string;
  /** The parts of a code in this format, or null when it is not one. */
  parse(code: string): DossierCodeParts | null;
}

const UNIT_CODE = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CODE = /^(.+)-(\d{2})(\d{2})(\d{2})-(\d{4}|[1-9]\d{4,})$/;

/**
 * `<receivingUnitCode>-<YYMMDD>-<NNNN>`, e.g. `000.00.05.H54-251124-0001`.
 *
 * Past 9999 dossiers in one day at one unit the number widens (`-10000`, `-10001`, ...) rather than
 * refusing intake: refusing would stop a desk at its busiest, and a wider number stays unique and
 * unambiguous (four digits are zero-padded; a wider number never starts with 0). Codes then no longer
 * sort as text within that day; they still sort by (unit, date, number) once parsed.
 * YY is read back as 20YY.
 */
export class DefaultDossierCodeFormat implements DossierCodeFormat {
  validateUnitCode(unitCode: string): void {
    if (typeof unitCode !== 'string' || !UNIT_CODE.test(unitCode)) {
      throw dossierError(
        'DOSSIER_CODE_UNIT_INVALID',
        `"${String(unitCode)}" cannot start a dossier code: letters and digits in dot-separated groups`,
        `"${String(unitCode)}" không hợp lệ để lập mã hồ sơ`,
        [
          {
            path: 'receivingUnitCode',
            code: 'FORMAT',
            message: 'letters and digits in dot-separated groups',
          },
        ],
      );
    }
  }

  format(parts: DossierCodeParts): string {
    this.validateUnitCode(parts.unitCode);
    const date = LOCAL_DATE.exec(parts.localDate);
    if (!date || !Number.isInteger(parts.sequence) || parts.sequence < 1) {
      throw dossierError(
        'DOSSIER_CODE_PARTS_INVALID',
        `Cannot write a dossier code from date ${parts.localDate} and number ${parts.sequence}`,
        'Không thể lập mã hồ sơ từ ngày và số thứ tự đã cho',
      );
    }
    const yymmdd = `${date[1]!.slice(2)}${date[2]!}${date[3]!}`;
    return `${parts.unitCode}-${yymmdd}-${String(parts.sequence).padStart(4, '0')}`;
  }

  parse(code: string): DossierCodeParts | null {
    const m = CODE.exec(code);
    if (!m) return null;
    const [, unitCode, yy, mm, dd, number] = m as unknown as [string, string, string, string, string, string];
    if (!UNIT_CODE.test(unitCode)) return null;
    const localDate = `20${yy}-${mm}-${dd}`;
    const asDate = new Date(`${localDate}T00:00:00.000Z`);
    if (Number.isNaN(asDate.getTime()) || asDate.toISOString().slice(0, 10) !== localDate) return null;
    return { unitCode, localDate, sequence: Number(number) };
  }
}

export const defaultDossierCodeFormat: DossierCodeFormat = new DefaultDossierCodeFormat();

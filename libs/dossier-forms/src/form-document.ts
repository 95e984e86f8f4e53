/**
 * A printable form as data: one structure rendered both as HTML and as PDF, so the two never differ.
 * Built from the dossier's history by the builders in form-builders.ts.
 */
import type { FormKind } from '@lien-thong/dossier-model';

/**
 * The form numbers of the API's URLs (`/forms/06.html`): Circular 03/2025's numbering, whatever the
 * dossier's rule set. The printed number follows the dossier's rule set (form-builders `formHeading`):
 * `06.html` of a dossier received before 1/7/2025 prints "Mẫu số 05" (Circular 01/2018).
 */
export type FormNumber = '01' | '02' | '03' | '04' | '05' | '06' | '07';
export const FORM_NUMBERS: readonly FormNumber[] = ['01', '02', '03', '04', '05', '06', '07'];

/** What each URL number stands for. */
export const FORM_KIND_OF: { readonly [N in FormNumber]: FormKind } = {
  '01': 'receipt',
  '02': 'supplement-request',
  '03': 'refusal',
  '04': 'apology',
  '05': 'stop-notice',
  '06': 'control-slip',
  '07': 'register',
};
export type FormLanguage = 'vi' | 'en';

export type FormBlock =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'fields'; readonly rows: readonly (readonly [label: string, value: string])[] }
  | {
      readonly kind: 'table';
      readonly columns: readonly string[];
      /** Relative column widths (same length as columns). */
      readonly widths: readonly number[];
      readonly rows: readonly (readonly string[])[];
    }
  | {
      readonly kind: 'signatures';
      readonly items: readonly { readonly title: string; readonly name: string }[];
    };

export interface FormDocument {
  /** The API's number (Circular 03/2025); `formLabel` prints the rule set's own. */
  readonly form: FormNumber;
  readonly language: FormLanguage;
  /** The issuing unit, printed top left (e.g. "Ủy ban nhân dân phường Sài Gòn"). */
  readonly issuer: string;
  /** Form number as printed, with its circular ("Mẫu số 05 (Thông tư 01/2018/TT-VPCP)"). */
  readonly formLabel: string;
  readonly title: string;
  readonly subtitle?: string;
  /** Place and date line, e.g. "Thành phố Hồ Chí Minh, ngày 22 tháng 11 năm 2026". */
  readonly dateLine?: string;
  readonly blocks: readonly FormBlock[];
  /** Printed at the bottom (dossier code, rule set, generation time). */
  readonly footer: string;
  /** Printed across the page (the register's many columns). */
  readonly landscape?: true;
}

export const NATIONAL_HEADER = {
  vi: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
  en: ['SOCIALIST REPUBLIC OF VIET NAM', 'Independence - Freedom - Happiness'],
} as const;

/** Words that begin the place in an issuer's name: "ỦY BAN NHÂN DÂN | PHƯỜNG SÀI GÒN". */
const PLACE_WORDS =
  /\s(?=(?:PHƯỜNG|XÃ(?! HỘI)|THỊ TRẤN|ĐẶC KHU|QUẬN|HUYỆN|THỊ XÃ|THÀNH PHỐ|TỈNH|WARD|COMMUNE|CITY|PROVINCE)\s)/u;

/**
 * The issuer as printed on its lines: the authority, then the place, which never breaks across lines
 * (a line break inside it read "PHƯỜNG SÀI / GÒN"). A name without a place word stays one line.
 */
export function issuerLines(issuer: string): string[] {
  const at = PLACE_WORDS.exec(issuer);
  return at ? [issuer.slice(0, at.index), issuer.slice(at.index + 1)] : [issuer];
}

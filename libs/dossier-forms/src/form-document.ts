/**
 * A printable form as data: one structure rendered both as HTML and as PDF, so the two never differ.
 * Built from the dossier's history by the builders in form-builders.ts.
 */
export type FormNumber = '01' | '02' | '03' | '04' | '05' | '06' | '07';
export const FORM_NUMBERS: readonly FormNumber[] = ['01', '02', '03', '04', '05', '06', '07'];
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
  readonly form: FormNumber;
  readonly language: FormLanguage;
  /** The issuing unit, printed top left (e.g. "Ủy ban nhân dân phường Sài Gòn"). */
  readonly issuer: string;
  /** Form number as printed ("Mẫu số 01"). */
  readonly formLabel: string;
  readonly title: string;
  readonly subtitle?: string;
  /** Place and date line, e.g. "Thành phố Hồ Chí Minh, ngày 22 tháng 11 năm 2026". */
  readonly dateLine?: string;
  readonly blocks: readonly FormBlock[];
  /** Printed at the bottom (dossier code, generation time). */
  readonly footer: string;
}

export const NATIONAL_HEADER = {
  vi: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
  en: ['SOCIALIST REPUBLIC OF VIET NAM', 'Independence - Freedom - Happiness'],
} as const;

/** A report as a table, for the exports (issue 19): columns with headers in both languages and a type. */
export type ColumnType = 'text' | 'integer' | 'days' | 'share' | 'instant';

export interface ReportColumn {
  readonly vi: string;
  readonly en: string;
  readonly type: ColumnType;
}

export type Cell = string | number | null;

export interface ReportTable {
  /** The sheet's name and the file's. */
  readonly name: string;
  readonly title: { readonly vi: string; readonly en: string };
  readonly columns: readonly ReportColumn[];
  /** Rows in memory, or read as they are written (a cursor over the read model). */
  readonly rows: Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]>;
}

export type ExportLanguage = 'vi' | 'en';

const VN_OFFSET_MS = 7 * 3_600_000;

/** `dd/mm/yyyy hh:mm` in Vietnam time (as the forms print dates). */
export function vietnamDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + VN_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/**
 * A cell as CSV text: Vietnamese with a decimal comma (the file then separates fields with `;`), English
 * with a decimal point; instants in Vietnam time, `dd/mm/yyyy hh:mm`.
 */
export function csvCell(value: Cell, type: ColumnType, lang: ExportLanguage): string {
  if (value === null) return '';
  if (type === 'instant') return vietnamDateTime(String(value));
  if (typeof value === 'number') {
    const text = type === 'share' ? String(Math.round(value * 10_000) / 100) : String(value);
    return lang === 'vi' ? text.replace('.', ',') : text;
  }
  return value;
}

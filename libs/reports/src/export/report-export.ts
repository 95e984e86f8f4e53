import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { csvCell, type ExportLanguage, type ReportTable } from './report-table';

const VN_OFFSET_MS = 7 * 3_600_000;

/**
 * CSV (csv-stringify): UTF-8 with a byte-order mark so that spreadsheet programs read the diacritics;
 * Vietnamese headers and decimal commas with `;` between fields (`lang=vi`), English headers and decimal
 * points with `,` (`lang=en`). Shares in per cent. Streamed row by row.
 */
export async function writeCsv(table: ReportTable, lang: ExportLanguage, out: Writable): Promise<void> {
  const csv = stringify({ delimiter: lang === 'vi' ? ';' : ',', bom: true });
  const done = new Promise<void>((resolve, reject) => {
    csv.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
  });
  csv.pipe(out);
  csv.write(table.columns.map((c) => (c.type === 'share' ? `${c[lang]} (%)` : c[lang])));
  for await (const row of table.rows) {
    const line = row.map((cell, i) => csvCell(cell, table.columns[i]!.type, lang));
    if (!csv.write(line)) await new Promise((resolve) => csv.once('drain', resolve));
  }
  csv.end();
  await done;
}

const FORMATS = {
  integer: '#,##0',
  days: '#,##0.00',
  share: '0.00%',
  instant: 'dd/mm/yyyy hh:mm',
} as const;

/**
 * XLSX (exceljs, streaming writer: rows are committed as they are written, so memory stays flat): a title
 * row, the headers in the language asked, numbers as numbers with their formats (working days with two
 * decimals, shares as per cent, instants as dates in Vietnam time), the header frozen.
 */
export async function writeXlsx(table: ReportTable, lang: ExportLanguage, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Liên Thông';
  const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = table.columns.map((c) => ({
    width: Math.max(12, Math.min(40, c[lang].length + 4)),
    ...(c.type !== 'text' ? { style: { numFmt: FORMATS[c.type] } } : {}),
  }));
  const title = sheet.addRow([table.title[lang]]);
  title.font = { bold: true, size: 13 };
  title.commit();
  const header = sheet.addRow(table.columns.map((c) => c[lang]));
  header.font = { bold: true };
  header.commit();
  for await (const row of table.rows) {
    sheet
      .addRow(
        row.map((cell, i) => {
          const type = table.columns[i]!.type;
          if (cell === null) return null;
          // Excel has no time zones: the instant is written as the Vietnam wall-clock time.
          if (type === 'instant') return new Date(Date.parse(String(cell)) + VN_OFFSET_MS);
          return cell;
        }),
      )
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

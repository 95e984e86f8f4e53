import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { writeCsv, writeXlsx } from './report-export';
import type { ReportTable } from './report-table';

const table: ReportTable = {
  name: 'tre-han',
  title: { vi: 'Hồ sơ trễ hạn, 2026-03-01 – 2026-03-31', en: 'Late dossiers, 2026-03-01 – 2026-03-31' },
  columns: [
    { vi: 'Mã hồ sơ', en: 'Dossier code', type: 'text' },
    { vi: 'Hạn giải quyết', en: 'Due', type: 'instant' },
    { vi: 'Số ngày làm việc trễ', en: 'Working days late', type: 'days' },
    { vi: 'Tỷ lệ trễ hạn', en: 'Late share', type: 'share' },
    { vi: 'Số lần hẹn lại', en: 'Re-appointments', type: 'integer' },
  ],
  rows: [
    ['000.00.71.H29-260302-0004', '2026-03-06T17:00:00+07:00', 0.31, 0.4286, 1],
    ['000.00.71.H29-260302-0002', '2026-03-05T17:00:00+07:00', null, null, 0],
  ],
};

async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

describe('report exports', () => {
  it('writes XLSX another program reads back: Vietnamese headers, numbers as numbers with formats, dates in Vietnam time', async () => {
    const bytes = await collect((out) => writeXlsx(table, 'vi', out));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('tre-han')!;
    expect(sheet.getCell('A1').value).toBe('Hồ sơ trễ hạn, 2026-03-01 – 2026-03-31');
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Mã hồ sơ',
      'Hạn giải quyết',
      'Số ngày làm việc trễ',
      'Tỷ lệ trễ hạn',
      'Số lần hẹn lại',
    ]);
    expect(sheet.getCell('B3').value).toEqual(new Date('2026-03-06T17:00:00Z'));
    expect(sheet.getCell('B3').numFmt).toBe('dd/mm/yyyy hh:mm');
    expect(sheet.getCell('C3').value).toBe(0.31);
    expect(sheet.getCell('C3').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('D3').value).toBe(0.4286);
    expect(sheet.getCell('D3').numFmt).toBe('0.00%');
    expect(sheet.getCell('E4').value).toBe(0);
    expect(sheet.getCell('C4').value).toBeNull();
  });

  it('writes CSV with a byte-order mark: Vietnamese with decimal commas and semicolons, English with points and commas', async () => {
    const vi = (await collect((out) => writeCsv(table, 'vi', out))).toString('utf8');
    expect(vi.charCodeAt(0)).toBe(0xfeff);
    expect(vi.slice(1).split('\n')).toEqual([
      'Mã hồ sơ;Hạn giải quyết;Số ngày làm việc trễ;Tỷ lệ trễ hạn (%);Số lần hẹn lại',
      '000.00.71.H29-260302-0004;06/03/2026 17:00;0,31;42,86;1',
      '000.00.71.H29-260302-0002;05/03/2026 17:00;;;0',
      '',
    ]);
    const en = (await collect((out) => writeCsv(table, 'en', out))).toString('utf8');
    expect(en.slice(1).split('\n')[1]).toBe('000.00.71.H29-260302-0004,06/03/2026 17:00,0.31,42.86,1');
  });
});

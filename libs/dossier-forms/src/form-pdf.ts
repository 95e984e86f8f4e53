import { createHash } from 'node:crypto';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { issuerLines, NATIONAL_HEADER, type FormBlock, type FormDocument } from './form-document';

/**
 * DejaVu Serif (Bitstream Vera / DejaVu licence: free to embed), shipped in the npm package
 * `dejavu-fonts-ttf`: full Vietnamese coverage (ă â đ ê ô ơ ư and stacked tone marks). The PDF embeds
 * a subset with a ToUnicode map, so the text can be searched and copied.
 */
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = path.join(FONT_DIR, 'DejaVuSerif.ttf');
const BOLD = path.join(FONT_DIR, 'DejaVuSerif-Bold.ttf');
const ITALIC = path.join(FONT_DIR, 'DejaVuSerif-Italic.ttf');

const MARGIN = 50;

export interface PdfOptions {
  /** Uncompressed content streams (tests read the text back). Default: compressed. */
  readonly compress?: boolean;
}

/**
 * The form as a tagged PDF (issue 25): a structure tree in reading order (Document → headings,
 * paragraphs, tables of rows and cells, signature blocks), the document's language and title, the
 * table rules and the motto's underline marked as artifacts (decoration a screen reader skips). Each
 * file's font subsets carry tags of their own (a digest of the form), so merged files never hold two
 * different subsets under one name.
 */
export function renderFormPdf(doc: FormDocument, options: PdfOptions = {}): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    layout: doc.landscape ? 'landscape' : 'portrait',
    margin: MARGIN,
    compress: options.compress ?? true,
    info: { Title: `${doc.formLabel} – ${doc.title}`, Creator: 'Liên Thông' },
    lang: doc.language === 'vi' ? 'vi-VN' : 'en',
    pdfVersion: '1.7',
    tagged: true,
    displayTitle: true,
  });
  // pdfkit names a subset "XXXXXX+Font" from the font's resource name (F2 → CZZZZZ in every file); a
  // six-digit resource number gives six letters of its own. Same form, same bytes.
  (pdf as unknown as { _fontCount: number })._fontCount = subsetNumber(doc);
  pdf.registerFont('regular', REGULAR);
  pdf.registerFont('bold', BOLD);
  pdf.registerFont('italic', ITALIC);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  const tag = (type: string, draw: () => void) => tagged(pdf, root, type, draw);

  const width = pdf.page.width - 2 * MARGIN;
  // The issuer on the left (40%), the national header on the right (58%), as on the official forms.
  const left = width * 0.4;
  const right = width * 0.58;
  const rightX = MARGIN + width - right;
  tag('P', () =>
    pdf.font('italic').fontSize(9).text(doc.formLabel, MARGIN, MARGIN, { width, align: 'right' }),
  );
  const top = pdf.y + 4;
  // The issuer on its own lines (authority, then place), each kept whole: a place name never breaks.
  tag('P', () => {
    pdf.font('bold');
    let y = top;
    for (const line of issuerLines(doc.issuer)) {
      pdf.fontSize(fitting(pdf, line, left - 4, 10)).text(line, MARGIN, y, { width: left, align: 'center' });
      y = pdf.y;
    }
  });
  const leftBottom = pdf.y;
  const [nation, motto] = NATIONAL_HEADER[doc.language];
  tag('P', () =>
    pdf
      .font('bold')
      .fontSize(fitting(pdf, nation, right - 4, 10.5))
      .text(nation, rightX, top, { width: right, align: 'center' }),
  );
  const mottoY = pdf.y;
  tag('P', () => pdf.fontSize(10.5).text(motto, rightX, mottoY, { width: right, align: 'center' }));
  // The rule under the motto: decoration.
  const mottoWidth = pdf.widthOfString(motto);
  pdf.markContent('Artifact', { type: 'Layout' });
  pdf
    .moveTo(rightX + (right - mottoWidth) / 2, pdf.y)
    .lineTo(rightX + (right + mottoWidth) / 2, pdf.y)
    .lineWidth(0.7)
    .stroke();
  pdf.endMarkedContent();
  pdf.x = MARGIN;
  pdf.y = Math.max(leftBottom, pdf.y) + 10;
  if (doc.dateLine) {
    const y = pdf.y;
    tag('P', () => pdf.font('italic').fontSize(10).text(doc.dateLine!, MARGIN, y, { width, align: 'right' }));
  }
  pdf.moveDown(0.8);
  const titleY = pdf.y;
  tag('H1', () => pdf.font('bold').fontSize(14).text(doc.title, MARGIN, titleY, { width, align: 'center' }));
  if (doc.subtitle)
    tag('P', () => pdf.font('italic').fontSize(10).text(doc.subtitle!, { width, align: 'center' }));
  pdf.moveDown(0.8);
  for (const b of doc.blocks) block(pdf, b, width, root);
  pdf.moveDown(1.5);
  const footerY = pdf.y;
  tag('P', () =>
    pdf.font('italic').fontSize(8).fillColor('#444444').text(doc.footer, MARGIN, footerY, { width }),
  );
  root.end();
  pdf.end();
  return done;
}

/** A structure element of `type` holding what `draw` puts on the page, added to `parent` in reading order. */
function tagged(
  pdf: PDFKit.PDFDocument,
  parent: PDFKit.PDFStructureElement,
  type: string,
  draw: () => void,
): void {
  parent.add(pdf.struct(type, {}, draw));
}

/** Six digits (100000–999999) from a digest of the form: its subsets' resource numbers. */
function subsetNumber(doc: FormDocument): number {
  const digest = createHash('sha256').update(JSON.stringify(doc)).digest();
  return 100_000 + (digest.readUInt32BE(0) % 899_990);
}

/** The largest size (from `start`, by half points) at which `text` fits on one line of `width`. */
function fitting(pdf: PDFKit.PDFDocument, text: string, width: number, start: number): number {
  let size = start;
  while (size > 6 && pdf.fontSize(size).widthOfString(text) > width) size -= 0.5;
  return size;
}

function ensureSpace(pdf: PDFKit.PDFDocument, needed: number): void {
  if (pdf.y + needed > pdf.page.height - MARGIN) pdf.addPage();
}

function block(pdf: PDFKit.PDFDocument, b: FormBlock, width: number, root: PDFKit.PDFStructureElement): void {
  pdf.x = MARGIN;
  const tag = (type: string, draw: () => void, parent: PDFKit.PDFStructureElement = root) =>
    tagged(pdf, parent, type, draw);
  switch (b.kind) {
    case 'heading': {
      ensureSpace(pdf, 40);
      pdf.moveDown(0.4);
      const y = pdf.y;
      tag('H2', () => pdf.font('bold').fontSize(11).text(b.text, MARGIN, y, { width }));
      pdf.moveDown(0.2);
      return;
    }
    case 'paragraph': {
      const y = pdf.y;
      tag('P', () => pdf.font('regular').fontSize(10.5).text(b.text, MARGIN, y, { width, align: 'justify' }));
      pdf.moveDown(0.3);
      return;
    }
    case 'fields': {
      // Label and value pairs: a table of rows, each a header cell (the label) and a data cell.
      const table = pdf.struct('Table');
      root.add(table);
      const labelWidth = width * 0.35;
      for (const [label, value] of b.rows) {
        const labelHeight = pdf
          .font('regular')
          .fontSize(10.5)
          .heightOfString(label, { width: labelWidth - 6 });
        const valueHeight = pdf
          .font('bold')
          .fontSize(10.5)
          .heightOfString(value || ' ', { width: width - labelWidth });
        const h = Math.max(labelHeight, valueHeight);
        pdf.font('regular');
        ensureSpace(pdf, h + 4);
        const y = pdf.y;
        const row = pdf.struct('TR');
        table.add(row);
        tag('TH', () => pdf.font('regular').text(label, MARGIN, y, { width: labelWidth - 6 }), row);
        tag(
          'TD',
          () => pdf.font('bold').text(value || ' ', MARGIN + labelWidth, y, { width: width - labelWidth }),
          row,
        );
        row.end();
        pdf.y = y + h + 3;
      }
      table.end();
      return;
    }
    case 'table': {
      const total = b.widths.reduce((s, w) => s + w, 0);
      const widths = b.widths.map((w) => (w / total) * width);
      const table = pdf.struct('Table');
      root.add(table);
      const row = (cells: readonly string[], header: boolean) => {
        pdf.font(header ? 'bold' : 'regular').fontSize(8.5);
        const h =
          Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: widths[i]! - 6 }))) + 6;
        ensureSpace(pdf, h);
        const y = pdf.y;
        // The cell borders: decoration.
        pdf.markContent('Artifact', { type: 'Layout' });
        let x = MARGIN;
        for (const w of widths) {
          pdf.rect(x, y, w, h).lineWidth(0.5).stroke();
          x += w;
        }
        pdf.endMarkedContent();
        const tr = pdf.struct('TR');
        table.add(tr);
        x = MARGIN;
        cells.forEach((c, i) => {
          const cellX = x;
          tag(
            header ? 'TH' : 'TD',
            () =>
              pdf
                .font(header ? 'bold' : 'regular')
                .fontSize(8.5)
                .text(c || ' ', cellX + 3, y + 3, { width: widths[i]! - 6 }),
            tr,
          );
          x += widths[i]!;
        });
        tr.end();
        pdf.x = MARGIN;
        pdf.y = y + h;
      };
      row(b.columns, true);
      for (const r of b.rows) row(r, false);
      table.end();
      pdf.moveDown(0.5);
      return;
    }
    case 'signatures': {
      ensureSpace(pdf, 90);
      pdf.moveDown(1);
      const y = pdf.y;
      const w = width / b.items.length;
      b.items.forEach((item, i) => {
        // Each signature block: who signs (title), the space to sign, and the name.
        const signature = pdf.struct('Div');
        root.add(signature);
        tag(
          'P',
          () =>
            pdf
              .font('bold')
              .fontSize(10.5)
              .text(item.title, MARGIN + i * w, y, { width: w, align: 'center' }),
          signature,
        );
        tag(
          'P',
          () =>
            pdf
              .font('regular')
              .fontSize(10.5)
              .text(item.name, MARGIN + i * w, y + 60, { width: w, align: 'center' }),
          signature,
        );
        signature.end();
      });
      pdf.x = MARGIN;
      pdf.y = y + 80;
      return;
    }
  }
}

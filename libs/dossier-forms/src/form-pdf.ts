import path from 'node:path';
import PDFDocument from 'pdfkit';
import { NATIONAL_HEADER, type FormBlock, type FormDocument } from './form-document';

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

export function renderFormPdf(doc: FormDocument, options: PdfOptions = {}): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    layout: doc.landscape ? 'landscape' : 'portrait',
    margin: MARGIN,
    compress: options.compress ?? true,
    info: { Title: `${doc.formLabel} – ${doc.title}`, Creator: 'Liên Thông' },
    lang: doc.language === 'vi' ? 'vi-VN' : 'en',
  });
  pdf.registerFont('regular', REGULAR);
  pdf.registerFont('bold', BOLD);
  pdf.registerFont('italic', ITALIC);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - 2 * MARGIN;
  // The issuer on the left (40%), the national header on the right (58%), as on the official forms.
  const left = width * 0.4;
  const right = width * 0.58;
  const rightX = MARGIN + width - right;
  pdf.font('italic').fontSize(9).text(doc.formLabel, MARGIN, MARGIN, { width, align: 'right' });
  const top = pdf.y + 4;
  pdf.font('bold').fontSize(10).text(doc.issuer, MARGIN, top, { width: left, align: 'center' });
  const leftBottom = pdf.y;
  const [nation, motto] = NATIONAL_HEADER[doc.language];
  pdf.font('bold');
  pdf
    .fontSize(fitting(pdf, nation, right - 4, 10.5))
    .text(nation, rightX, top, { width: right, align: 'center' });
  pdf.fontSize(10.5).text(motto, rightX, pdf.y, { width: right, align: 'center', underline: true });
  pdf.x = MARGIN;
  pdf.y = Math.max(leftBottom, pdf.y) + 10;
  if (doc.dateLine)
    pdf.font('italic').fontSize(10).text(doc.dateLine, MARGIN, pdf.y, { width, align: 'right' });
  pdf.moveDown(0.8);
  pdf.font('bold').fontSize(14).text(doc.title, MARGIN, pdf.y, { width, align: 'center' });
  if (doc.subtitle) pdf.font('italic').fontSize(10).text(doc.subtitle, { width, align: 'center' });
  pdf.moveDown(0.8);
  for (const b of doc.blocks) block(pdf, b, width);
  pdf.moveDown(1.5);
  pdf.font('italic').fontSize(8).fillColor('#444444').text(doc.footer, MARGIN, pdf.y, { width });
  pdf.end();
  return done;
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

function block(pdf: PDFKit.PDFDocument, b: FormBlock, width: number): void {
  pdf.x = MARGIN;
  switch (b.kind) {
    case 'heading':
      ensureSpace(pdf, 40);
      pdf.moveDown(0.4).font('bold').fontSize(11).text(b.text, MARGIN, pdf.y, { width });
      pdf.moveDown(0.2);
      return;
    case 'paragraph':
      pdf.font('regular').fontSize(10.5).text(b.text, MARGIN, pdf.y, { width, align: 'justify' });
      pdf.moveDown(0.3);
      return;
    case 'fields': {
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
        pdf.text(label, MARGIN, y, { width: labelWidth - 6 });
        pdf.font('bold').text(value || ' ', MARGIN + labelWidth, y, { width: width - labelWidth });
        pdf.y = y + h + 3;
      }
      return;
    }
    case 'table': {
      const total = b.widths.reduce((s, w) => s + w, 0);
      const widths = b.widths.map((w) => (w / total) * width);
      const row = (cells: readonly string[], font: 'bold' | 'regular') => {
        pdf.font(font).fontSize(8.5);
        const h =
          Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: widths[i]! - 6 }))) + 6;
        ensureSpace(pdf, h);
        const y = pdf.y;
        let x = MARGIN;
        cells.forEach((c, i) => {
          pdf.rect(x, y, widths[i]!, h).lineWidth(0.5).stroke();
          pdf.text(c || ' ', x + 3, y + 3, { width: widths[i]! - 6 });
          x += widths[i]!;
        });
        pdf.x = MARGIN;
        pdf.y = y + h;
      };
      row(b.columns, 'bold');
      for (const r of b.rows) row(r, 'regular');
      pdf.moveDown(0.5);
      return;
    }
    case 'signatures': {
      ensureSpace(pdf, 90);
      pdf.moveDown(1);
      const y = pdf.y;
      const w = width / b.items.length;
      b.items.forEach((item, i) => {
        pdf
          .font('bold')
          .fontSize(10.5)
          .text(item.title, MARGIN + i * w, y, { width: w, align: 'center' });
        pdf.font('regular').text(item.name, MARGIN + i * w, y + 60, { width: w, align: 'center' });
      });
      pdf.x = MARGIN;
      pdf.y = y + 80;
      return;
    }
  }
}

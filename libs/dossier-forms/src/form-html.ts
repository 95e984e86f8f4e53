import { issuerLines, NATIONAL_HEADER, type FormBlock, type FormDocument } from './form-document';

const escape = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

function block(b: FormBlock): string {
  switch (b.kind) {
    case 'heading':
      return `<h2>${escape(b.text)}</h2>`;
    case 'paragraph':
      return `<p>${escape(b.text)}</p>`;
    case 'fields':
      return `<table class="fields">${b.rows
        .map(([label, value]) => `<tr><th>${escape(label)}</th><td>${escape(value)}</td></tr>`)
        .join('')}</table>`;
    case 'table': {
      const total = b.widths.reduce((s, w) => s + w, 0);
      const cols = b.widths.map((w) => `<col style="width:${((100 * w) / total).toFixed(1)}%">`).join('');
      const head = b.columns.map((c) => `<th>${escape(c)}</th>`).join('');
      const rows = b.rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('');
      return `<table class="grid"><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    }
    case 'signatures':
      return `<div class="signatures">${b.items
        .map((i) => `<div><strong>${escape(i.title)}</strong><br><br><br>${escape(i.name)}</div>`)
        .join('')}</div>`;
  }
}

/** A complete, self-contained, printable HTML5 document. */
export function renderFormHtml(doc: FormDocument): string {
  const [nation, motto] = NATIONAL_HEADER[doc.language];
  return `<!DOCTYPE html>
<html lang="${doc.language}">
<head>
<meta charset="utf-8">
<title>${escape(`${doc.formLabel} – ${doc.title}`)}</title>
<style>
  body { font-family: "Times New Roman", "DejaVu Serif", serif; font-size: 13pt; margin: 2cm; color: #000; }
  .top { display: flex; justify-content: space-between; text-align: center; }
  .top div { width: 48%; }
  .form-label { text-align: right; font-style: italic; }
  h1 { text-align: center; font-size: 15pt; margin: 1.2em 0 0.2em; }
  .subtitle { text-align: center; font-style: italic; }
  .date { text-align: right; font-style: italic; }
  h2 { font-size: 13pt; margin: 1em 0 0.3em; }
  table { border-collapse: collapse; width: 100%; }
  table.fields th { text-align: left; font-weight: normal; width: 35%; vertical-align: top; padding: 2px 6px 2px 0; }
  table.fields td { padding: 2px 0; }
  table.grid th, table.grid td { border: 1px solid #000; padding: 3px 4px; font-size: 11pt; vertical-align: top; }
  .signatures { display: flex; justify-content: space-around; text-align: center; margin-top: 2em; }
  .keep { white-space: nowrap; }
  footer { margin-top: 2em; font-size: 9pt; color: #444; }
  @media print { body { margin: 1.5cm; } }${doc.landscape ? '\n  @page { size: A4 landscape; }' : ''}
</style>
</head>
<body>
<div class="form-label">${escape(doc.formLabel)}</div>
<div class="top">
  <div><strong>${issuerLines(doc.issuer)
    .map((line) => `<span class="keep">${escape(line)}</span>`)
    .join('<br>')}</strong></div>
  <div><strong>${escape(nation)}</strong><br><u>${escape(motto)}</u></div>
</div>
${doc.dateLine ? `<p class="date">${escape(doc.dateLine)}</p>` : ''}
<h1>${escape(doc.title)}</h1>
${doc.subtitle ? `<p class="subtitle">${escape(doc.subtitle)}</p>` : ''}
${doc.blocks.map(block).join('\n')}
<footer>${escape(doc.footer)}</footer>
</body>
</html>
`;
}

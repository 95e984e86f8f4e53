import type { ProcedureDefinition } from '../domain/procedure-definition';
import { amountLabel, budgetLabel, escapeXml, layoutProcedure } from './layout';

const LANE_HEADER = 240;
const COL_WIDTH = 230;
const LANE_HEIGHT = 110;
const BOX_W = 190;
const BOX_H = 64;
const TITLE = 50;
const LEGEND = 56;
/** Characters per line: a lane name in bold 12 px across the lane header, a step name across its box. */
const LANE_CHARS = 30;
const STEP_CHARS = 27;
const LINE = 15;
/** Hand-backs run in the free band below a lane's boxes and in the free band left of a column (GAP wide). */
const GAP = COL_WIDTH - BOX_W;

const FONT = 'DejaVu Sans, Noto Sans, Arial, sans-serif';

const TEXT = {
  vi: {
    limit: 'Thời hạn giải quyết',
    sameDay: 'trong ngày',
    immediate: 'trả kết quả ngay',
    returnLabel: 'trả lại',
    legendFlow: 'Chuyển bước tiếp theo',
    legendReturn: 'Trả lại bước trước',
    legendStep: 'Bước xử lý',
    legendExcluded: 'Không tính vào thời hạn',
    legendResult: 'Trả kết quả',
    description: (steps: number, lanes: number, limit: string) =>
      `Sơ đồ quy trình liên thông: ${steps} bước, ${lanes} làn (cơ quan thực hiện); thời hạn giải quyết ${limit}.`,
    lane: 'Cơ quan thực hiện',
    step: 'Bước',
    owner: 'thực hiện bởi',
    budget: 'thời gian',
    after: 'sau',
    returns: 'có thể trả lại',
  },
  en: {
    limit: 'Statutory limit',
    sameDay: 'same day',
    immediate: 'result given at once',
    returnLabel: 'hand back',
    legendFlow: 'Next step',
    legendReturn: 'Hand back to an earlier step',
    legendStep: 'Step',
    legendExcluded: 'Not counted in the limit',
    legendResult: 'Result returned',
    description: (steps: number, lanes: number, limit: string) =>
      `Inter-agency procedure diagram: ${steps} steps, ${lanes} lanes (the agencies doing them); statutory limit ${limit}.`,
    lane: 'Done by',
    step: 'Step',
    owner: 'done by',
    budget: 'time',
    after: 'after',
    returns: 'may hand back to',
  },
} as const;

const FILL = { step: '#e3f2fd', excluded: '#fff8e1', result: '#e8f5e9' };

/**
 * An SVG 1.1 diagram of a procedure: a lane per owner (its full name wrapped at word boundaries), the
 * steps with their budgets, arrows to the next steps, hand-backs dashed and labelled and routed in the
 * free bands around the boxes, and a legend. A `<title>` and `<desc>` for the whole diagram and a
 * `<title>` on every lane and step (what a screen reader reads and a viewer shows on hover); the fonts
 * declared in a style sheet; markers oriented with the SVG 1.1 value `auto` (issue 25).
 */
export function renderProcedureSvg(
  def: ProcedureDefinition,
  options: { agencyName?: (code: string) => string | undefined; language?: 'vi' | 'en' } = {},
): string {
  const language = options.language ?? 'vi';
  const t = TEXT[language];
  const layout = layoutProcedure(def, options.agencyName);
  const width = Math.max(LANE_HEADER + layout.columns * COL_WIDTH + 20, 720);
  const lanesBottom = TITLE + layout.lanes.length * LANE_HEIGHT;
  const height = lanesBottom + LEGEND;
  const pos = new Map(
    layout.steps.map((s) => [
      s.step.id,
      {
        x: LANE_HEADER + s.column * COL_WIDTH + 20,
        y: TITLE + s.lane * LANE_HEIGHT + (LANE_HEIGHT - BOX_H) / 2,
      },
    ]),
  );
  const nameOf = (id: string) => {
    const step = def.steps.find((s) => s.id === id);
    return step ? (language === 'en' && step.name.en ? step.name.en : step.name.vi) : id;
  };
  const title = `${def.code} — ${language === 'en' && def.name.en ? def.name.en : def.name.vi}`;
  const limit =
    def.statutoryLimit.unit === 'sameDay'
      ? t.sameDay
      : def.statutoryLimit.unit === 'immediate'
        ? t.immediate
        : amountLabel(def.statutoryLimit.unit, def.statutoryLimit.amount, language);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="12" role="img" aria-labelledby="diagram-title diagram-desc">`,
  );
  out.push(`<title id="diagram-title">${escapeXml(title)}</title>`);
  out.push(
    `<desc id="diagram-desc">${escapeXml(
      [
        t.description(def.steps.length, layout.lanes.length, limit),
        ...layout.steps.map(({ step, lane }) => stepSummary(step.id, lane)),
      ].join(' '),
    )}</desc>`,
  );
  out.push(
    `<defs><style type="text/css"><![CDATA[
@font-face { font-family: "DejaVu Sans"; src: local("DejaVu Sans"), local("DejaVuSans"); }
@font-face { font-family: "Noto Sans"; src: local("Noto Sans"), local("NotoSans-Regular"); }
text { font-family: ${FONT}; }
]]></style>` +
      '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker>' +
      '<marker id="arrow-return" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#b00"/></marker></defs>',
  );
  out.push(`<text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`);
  out.push(`<text x="10" y="40" fill="#555">${escapeXml(`${t.limit}: ${limit}`)}</text>`);

  layout.lanes.forEach((lane, i) => {
    const y = TITLE + i * LANE_HEIGHT;
    const lines = wrap(lane.label, LANE_CHARS);
    const first = y + LANE_HEIGHT / 2 - ((lines.length - 1) * LINE) / 2 + 4;
    out.push(`<g class="lane"><title>${escapeXml(`${t.lane}: ${lane.label}`)}</title>`);
    out.push(
      `<rect x="0" y="${y}" width="${width}" height="${LANE_HEIGHT}" fill="${i % 2 ? '#f7f7f7' : '#ffffff'}" stroke="#ccc"/>`,
    );
    out.push(`<text x="8" y="${first}" font-weight="bold">${tspans(lines, 8)}</text></g>`);
  });

  for (const { step } of layout.steps) {
    const to = pos.get(step.id)!;
    for (const before of step.after) {
      const from = pos.get(before);
      if (from)
        out.push(
          `<path class="flow" d="M${from.x + BOX_W},${from.y + BOX_H / 2} L${to.x},${to.y + BOX_H / 2}" stroke="#333" fill="none" marker-end="url(#arrow)"/>`,
        );
    }
  }
  // Hand-backs: down into the band below the step's lane, along it to the band left of the target's
  // column, along that to the band below the target's lane, along it, and up into the target's box.
  // None crosses a box; several are set apart by a few pixels.
  let k = 0;
  for (const { step } of layout.steps) {
    const from = pos.get(step.id)!;
    for (const back of step.canReturnTo ?? []) {
      const to = pos.get(back);
      if (!to) continue;
      const shift = (k % 3) * 5;
      k += 1;
      const startX = from.x + BOX_W / 2 + 12 + shift;
      const endX = to.x + BOX_W / 2 - 12 - shift;
      const fromBand = from.y + BOX_H + 10 + shift;
      const toBand = to.y + BOX_H + 10 + shift;
      const columnBand = to.x - GAP / 2 - shift;
      const points =
        from.y === to.y
          ? [
              [startX, from.y + BOX_H],
              [startX, fromBand],
              [endX, fromBand],
              [endX, to.y + BOX_H],
            ]
          : [
              [startX, from.y + BOX_H],
              [startX, fromBand],
              [columnBand, fromBand],
              [columnBand, toBand],
              [endX, toBand],
              [endX, to.y + BOX_H],
            ];
      out.push(
        `<g class="return"><title>${escapeXml(`${nameOf(step.id)} → ${nameOf(back)}: ${t.legendReturn}`)}</title>` +
          `<path d="M${points.map(([x, y]) => `${x},${y}`).join(' L')}" stroke="#b00" stroke-dasharray="5,4" fill="none" marker-end="url(#arrow-return)"/>` +
          `<text x="${(startX + points[2]![0]!) / 2}" y="${fromBand + 11}" font-size="10" fill="#b00" text-anchor="middle">${escapeXml(t.returnLabel)}</text></g>`,
      );
    }
  }

  for (const { step, lane } of layout.steps) {
    const p = pos.get(step.id)!;
    const lines = wrap(nameOf(step.id), STEP_CHARS, 2);
    out.push(
      `<g class="step" id="step-${escapeXml(step.id)}"><title>${escapeXml(stepSummary(step.id, lane))}</title>`,
    );
    out.push(
      `<rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${step.kind === 'return-result' ? FILL.result : step.excludedFromLimit ? FILL.excluded : FILL.step}" stroke="#1565c0"/>`,
    );
    out.push(`<text x="${p.x + 8}" y="${p.y + 18}">${tspans(lines, p.x + 8)}</text>`);
    out.push(
      `<text x="${p.x + 8}" y="${p.y + 54}" fill="#555">${escapeXml(budgetLabel(step, language))}</text></g>`,
    );
  }

  // Legend: what the arrows and the colours mean.
  const ly = lanesBottom + 24;
  const legend: string[] = [
    `<path d="M10,${ly} L50,${ly}" stroke="#333" fill="none" marker-end="url(#arrow)"/>`,
    `<text x="58" y="${ly + 4}">${escapeXml(t.legendFlow)}</text>`,
    `<path d="M230,${ly} L270,${ly}" stroke="#b00" stroke-dasharray="5,4" fill="none" marker-end="url(#arrow-return)"/>`,
    `<text x="278" y="${ly + 4}">${escapeXml(t.legendReturn)}</text>`,
  ];
  const swatches: [string, string][] = [
    [FILL.step, t.legendStep],
    [FILL.excluded, t.legendExcluded],
    [FILL.result, t.legendResult],
  ];
  swatches.forEach(([fill, label], i) => {
    const x = 10 + i * 200;
    legend.push(
      `<rect x="${x}" y="${ly + 14}" width="24" height="14" rx="3" fill="${fill}" stroke="#1565c0"/>`,
      `<text x="${x + 32}" y="${ly + 25}">${escapeXml(label)}</text>`,
    );
  });
  out.push(`<g class="legend">${legend.join('')}</g>`);
  out.push('</svg>');
  return out.join('\n');

  function stepSummary(id: string, lane: number): string {
    const step = def.steps.find((s) => s.id === id)!;
    const parts = [
      `${t.step} ${nameOf(id)}`,
      `${t.owner} ${layout.lanes[lane]!.label}`,
      `${t.budget} ${budgetLabel(step, language)}`,
      ...(step.after.length > 0 ? [`${t.after} ${step.after.map(nameOf).join(', ')}`] : []),
      ...(step.canReturnTo?.length ? [`${t.returns} ${step.canReturnTo.map(nameOf).join(', ')}`] : []),
    ];
    return `${parts.join('; ')}.`;
  }
}

/** Lines of at most `max` characters, broken between words (a word longer than a line stands alone). */
export function wrap(text: string, max: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if ([...line].length + 1 + [...word].length <= max) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines;
  // Too long for the box: the last line ends with an ellipsis; the box's <title> has the whole name.
  const kept = lines.slice(0, maxLines);
  const last = [...kept[maxLines - 1]!];
  kept[maxLines - 1] = `${last.slice(0, Math.max(1, max - 1)).join('')}…`;
  return kept;
}

function tspans(lines: readonly string[], x: number): string {
  return lines
    .map((l, i) => `<tspan x="${x}"${i === 0 ? '' : ` dy="${LINE}"`}>${escapeXml(l)}</tspan>`)
    .join('');
}

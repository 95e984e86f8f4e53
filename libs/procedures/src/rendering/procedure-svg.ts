import type { ProcedureDefinition } from '../domain/procedure-definition';
import { amountLabel, budgetLabel, escapeXml, layoutProcedure } from './layout';

const LANE_HEADER = 240;
const COL_WIDTH = 230;
const LANE_HEIGHT = 110;
const BOX_W = 190;
const BOX_H = 64;
const TITLE = 50;

/** An SVG diagram of a procedure: a lane per owner, steps with their budgets, arrows, dashed hand-backs. */
export function renderProcedureSvg(
  def: ProcedureDefinition,
  options: { agencyName?: (code: string) => string | undefined; language?: 'vi' | 'en' } = {},
): string {
  const language = options.language ?? 'vi';
  const layout = layoutProcedure(def, options.agencyName);
  const width = LANE_HEADER + layout.columns * COL_WIDTH + 20;
  const height = TITLE + layout.lanes.length * LANE_HEIGHT + 10;
  const pos = new Map(
    layout.steps.map((s) => [
      s.step.id,
      {
        x: LANE_HEADER + s.column * COL_WIDTH + 20,
        y: TITLE + s.lane * LANE_HEIGHT + (LANE_HEIGHT - BOX_H) / 2,
      },
    ]),
  );
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Noto Sans, Arial, sans-serif" font-size="12">`,
  );
  out.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>',
  );
  const title = language === 'en' && def.name.en ? def.name.en : def.name.vi;
  out.push(
    `<text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(`${def.code} — ${title}`)}</text>`,
  );
  const limit =
    def.statutoryLimit.unit === 'sameDay'
      ? language === 'vi'
        ? 'trong ngày'
        : 'same day'
      : def.statutoryLimit.unit === 'immediate'
        ? language === 'vi'
          ? 'trả kết quả ngay'
          : 'result given at once'
        : amountLabel(def.statutoryLimit.unit, def.statutoryLimit.amount, language);
  out.push(
    `<text x="10" y="40" fill="#555">${escapeXml(`${language === 'vi' ? 'Thời hạn giải quyết' : 'Statutory limit'}: ${limit}`)}</text>`,
  );
  layout.lanes.forEach((lane, i) => {
    const y = TITLE + i * LANE_HEIGHT;
    out.push(
      `<g class="lane"><rect x="0" y="${y}" width="${width}" height="${LANE_HEIGHT}" fill="${i % 2 ? '#f7f7f7' : '#ffffff'}" stroke="#ccc"/>`,
    );
    out.push(
      `<text x="8" y="${y + LANE_HEIGHT / 2}" font-weight="bold">${escapeXml(truncate(lane.label, 28))}</text></g>`,
    );
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
    for (const back of step.canReturnTo ?? []) {
      const target = pos.get(back);
      if (target)
        out.push(
          `<path class="return" d="M${to.x},${to.y + BOX_H} C${to.x - 40},${to.y + BOX_H + 30} ${target.x + BOX_W + 40},${target.y + BOX_H + 30} ${target.x + BOX_W / 2},${target.y + BOX_H}" stroke="#b00" stroke-dasharray="5,4" fill="none" marker-end="url(#arrow)"/>`,
        );
    }
  }
  for (const { step } of layout.steps) {
    const p = pos.get(step.id)!;
    const name = language === 'en' && step.name.en ? step.name.en : step.name.vi;
    out.push(
      `<g class="step" id="step-${escapeXml(step.id)}"><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="8" fill="${step.kind === 'return-result' ? '#e8f5e9' : step.excludedFromLimit ? '#fff8e1' : '#e3f2fd'}" stroke="#1565c0"/>`,
    );
    out.push(`<text x="${p.x + 8}" y="${p.y + 22}">${escapeXml(truncate(name, 30))}</text>`);
    out.push(
      `<text x="${p.x + 8}" y="${p.y + 44}" fill="#555">${escapeXml(budgetLabel(step, language))}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

function truncate(text: string, max: number): string {
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}

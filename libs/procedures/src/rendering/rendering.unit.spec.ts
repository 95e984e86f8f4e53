import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HCMC_SEED_AGENCIES } from '@lien-thong/agencies';
import { SEED_PROCEDURES, TEST_PROCEDURES } from '../seed/seed-procedures';
import { exportProcedureBpmn } from './procedure-bpmn';
import { XMLValidator } from 'fast-xml-parser';
import { renderProcedureSvg } from './procedure-svg';
import { escapeXml } from './layout';

const agencyName = (code: string) => HCMC_SEED_AGENCIES.find((a) => a.code === code)?.name.vi;
const all = [...SEED_PROCEDURES, ...TEST_PROCEDURES].map((p) => [p.code, p] as const);

/** Tags open and close in order (the documents have no comments or CDATA). */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  for (const m of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
}

const ids = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]!);

describe('procedure diagrams (SVG)', () => {
  it.each(all)('renders %s with a lane per owner and every step with its budget', (_code, procedure) => {
    const svg = renderProcedureSvg(procedure, { agencyName });
    assertWellFormed(svg);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(ids(svg, /id="step-([^"]+)"/g).sort()).toEqual(procedure.steps.map((s) => s.id).sort());
    expect(svg.match(/class="lane"/g)?.length).toBe(
      new Set(procedure.steps.map((s) => JSON.stringify(s.owner))).size,
    );
    expect(svg.match(/class="flow"/g)?.length ?? 0).toBe(
      procedure.steps.reduce((n, s) => n + s.after.length, 0),
    );
  });

  it('keeps Vietnamese diacritics and escapes markup', () => {
    const birth = SEED_PROCEDURES[0]!;
    const svg = renderProcedureSvg({ ...birth, name: { vi: 'Khai sinh <thử> & "đặc biệt"' } });
    expect(svg).toContain('Đăng ký thường trú');
    expect(svg).toContain('1 ngày làm việc');
    expect(svg).toContain('0,5 ngày làm việc');
    expect(svg).toContain('Khai sinh &lt;thử&gt; &amp; &quot;đặc biệt&quot;');
  });

  it('draws hand-backs as dashed arrows', () => {
    expect(renderProcedureSvg(SEED_PROCEDURES[0]!).match(/class="return"/g)?.length).toBe(1);
  });
});

/** The attribute values of every element named `tag`. */
const elements = (svg: string, tag: string) =>
  [...svg.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );

describe('procedure diagrams that SVG 1.1 renderers and screen readers read (issue 25)', () => {
  it.each(all)('%s: well-formed SVG 1.1, titled and described, its fonts declared', (_code, procedure) => {
    const svg = renderProcedureSvg(procedure, { agencyName });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toMatch(/^<svg [^>]*version="1\.1"/);
    // SVG 2 values that SVG 1.1 renderers (Apache Batik) refuse, dropping the whole image.
    expect(svg).not.toContain('auto-start-reverse');
    for (const marker of elements(svg, 'marker')) expect(['auto', undefined]).toContain(marker.orient);
    expect(svg).toMatch(/<title id="diagram-title">[^<]+<\/title>\s*<desc id="diagram-desc">[^<]+<\/desc>/);
    expect(svg).toContain('aria-labelledby="diagram-title diagram-desc"');
    expect(svg).toMatch(/@font-face \{ font-family: "DejaVu Sans"/);
  });

  it.each(all)('%s: every lane and step named in full, wrapped at word boundaries', (_code, procedure) => {
    const svg = renderProcedureSvg(procedure, { agencyName });
    const lanes = [
      ...svg.matchAll(/<g class="lane"><title>([^<]*)<\/title>[\s\S]*?<text[^>]*>(.*?)<\/text><\/g>/g),
    ];
    const owners = [...new Set(procedure.steps.map((s) => JSON.stringify(s.owner)))];
    expect(lanes).toHaveLength(owners.length);
    for (const [, title, text] of lanes) {
      const shown = [...text!.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]).join(' ');
      expect(title).toBe(`Cơ quan thực hiện: ${shown}`);
      expect(shown).not.toContain('…');
    }
    for (const step of procedure.steps) {
      const group = new RegExp(`<g class="step" id="step-${step.id}"><title>([^<]*)</title>`).exec(svg);
      expect(group?.[1]).toContain(`Bước ${escapeXml(step.name.vi)};`);
    }
  });

  it('names the Department of Agriculture and Environment whole (it was cut to "Môi trườn…")', () => {
    const svg = renderProcedureSvg(
      SEED_PROCEDURES.find((p) => p.code === '1.012761')!,
      { agencyName },
    );
    expect(svg).toContain(
      '<tspan x="8">Sở Nông nghiệp và Môi trường</tspan><tspan x="8" dy="15">Thành phố Hồ Chí Minh</tspan>',
    );
  });

  it.each(all)('%s: hand-backs go around the boxes, labelled, with a legend', (_code, procedure) => {
    const svg = renderProcedureSvg(procedure, { agencyName });
    const boxes = [...svg.matchAll(/<g class="step"[^>]*>[\s\S]*?<rect ([^>]*)\/>/g)].map((m) => {
      const a = Object.fromEntries(
        [...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((x) => [x[1]!, Number(x[2])]),
      );
      return { x: a.x!, y: a.y!, w: a.width!, h: a.height! };
    });
    const returns = [
      ...svg.matchAll(/<g class="return">[\s\S]*?<path d="M([^"]+)"[\s\S]*?<text[^>]*>([^<]*)<\/text><\/g>/g),
    ];
    expect(returns).toHaveLength(procedure.steps.reduce((n, s) => n + (s.canReturnTo?.length ?? 0), 0));
    for (const [, d, label] of returns) {
      expect(label).toBe('trả lại');
      const points = d!.split(' L').map((p) => p.split(',').map(Number) as [number, number]);
      // Axis-parallel segments: none enters a box (touching an edge, where it leaves or arrives, is fine).
      for (let i = 1; i < points.length; i += 1) {
        const [[x1, y1], [x2, y2]] = [points[i - 1]!, points[i]!];
        expect(x1 === x2 || y1 === y2).toBe(true);
        for (const b of boxes) {
          const crosses =
            Math.max(x1, x2) > b.x &&
            Math.min(x1, x2) < b.x + b.w &&
            Math.max(y1, y2) > b.y &&
            Math.min(y1, y2) < b.y + b.h;
          expect(crosses).toBe(false);
        }
      }
    }
    expect(svg).toMatch(
      /<g class="legend">.*Chuyển bước tiếp theo.*Trả lại bước trước.*Không tính vào thời hạn/,
    );
  });
});

interface ReadBack {
  readonly warnings: readonly string[];
  readonly nodes: readonly {
    id: string;
    type: string;
    name: string | null;
    incoming: string[];
    outgoing: string[];
  }[];
  readonly flows: readonly { id: string; source: string | null; target: string | null }[];
  readonly lanes: readonly { id: string; name: string | null; nodes: string[] }[];
  readonly drawn: readonly { type: string; element: string | null }[];
}

/** The documents as bpmn-moddle (the model behind bpmn-js and Camunda Modeler) reads them. */
function readBack(documents: readonly (readonly [string, string])[]): Map<string, ReadBack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lien-thong-bpmn-'));
  try {
    const files = documents.map(([code, xml]) => {
      const file = path.join(dir, `${code}.bpmn`);
      writeFileSync(file, xml);
      return file;
    });
    const run = spawnSync(
      process.execPath,
      [path.resolve(__dirname, '../../../../tools/read-bpmn.mjs'), ...files],
      {
        encoding: 'utf8',
      },
    );
    if (run.status !== 0) throw new Error(`bpmn-moddle could not read the export: ${run.stderr}`);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ReadBack & { file: string });
    return new Map(lines.map(({ file, ...doc }) => [path.basename(file, '.bpmn'), doc]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('BPMN 2.0 export', () => {
  let read: Map<string, ReadBack>;
  beforeAll(() => {
    read = readBack(
      all.map(([code, procedure]) => [code, exportProcedureBpmn(procedure, agencyName)] as const),
    );
  });

  it.each(all)(
    'exports %s as BPMN that bpmn-moddle reads with no warning: every flow joins two nodes, every element drawn',
    (code, procedure) => {
      assertWellFormed(exportProcedureBpmn(procedure, agencyName));
      const doc = read.get(code)!;
      expect(doc.warnings).toEqual([]);
      const nodeIds = doc.nodes.map((n) => n.id);
      for (const f of doc.flows) {
        expect(nodeIds).toContain(f.source);
        expect(nodeIds).toContain(f.target);
      }
      // Each node lists the flows that reach and leave it, as modellers write them.
      for (const n of doc.nodes) {
        expect(n.incoming.sort()).toEqual(
          doc.flows
            .filter((f) => f.target === n.id)
            .map((f) => f.id)
            .sort(),
        );
        expect(n.outgoing.sort()).toEqual(
          doc.flows
            .filter((f) => f.source === n.id)
            .map((f) => f.id)
            .sort(),
        );
      }
      const drawn = doc.drawn.map((d) => d.element);
      expect(drawn).not.toContain(null);
      for (const id of [...nodeIds, ...doc.flows.map((f) => f.id), ...doc.lanes.map((l) => l.id)])
        expect(drawn).toContain(id);
      // Every node in exactly one lane; a task per step, named as the step.
      expect(doc.lanes.flatMap((l) => l.nodes).sort()).toEqual([...nodeIds].sort());
      expect(
        doc.nodes
          .filter((n) => n.id.startsWith('Task_'))
          .map((n) => n.name)
          .sort(),
      ).toEqual(procedure.steps.map((s) => s.name.vi).sort());
    },
  );

  it('would see a broken reference: the reader reports it (so the check above can fail)', () => {
    const xml = exportProcedureBpmn(SEED_PROCEDURES[0]!).replace(
      'targetRef="Task_register-residence"',
      'targetRef="Task_nowhere"',
    );
    const doc = readBack([['broken', xml]]).get('broken')!;
    expect(doc.warnings.join('\n')).toContain('Task_nowhere');
    expect(doc.flows.some((f) => f.target === null)).toBe(true);
  });

  it('uses parallel gateways for forks and joins', () => {
    const doc = read.get(TEST_PROCEDURES[1]!.code)!;
    const gateway = (id: string) => doc.nodes.find((n) => n.id === id);
    expect(gateway('Fork_start')).toMatchObject({ type: 'bpmn:ParallelGateway' });
    expect(gateway('Fork_start')!.outgoing.length).toBeGreaterThan(1);
    expect(gateway('Join_return-result')).toMatchObject({ type: 'bpmn:ParallelGateway' });
    expect(gateway('Join_return-result')!.incoming.length).toBeGreaterThan(1);
  });
});

import { HCMC_SEED_AGENCIES } from '@lien-thong/agencies';
import { SEED_PROCEDURES, TEST_PROCEDURES } from '../seed/seed-procedures';
import { exportProcedureBpmn } from './procedure-bpmn';
import { renderProcedureSvg } from './procedure-svg';

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

describe('BPMN 2.0 export', () => {
  it.each(all)(
    'exports %s as well-formed BPMN whose flows, lanes and diagram all refer to existing elements',
    (_code, procedure) => {
      const xml = exportProcedureBpmn(procedure, agencyName);
      assertWellFormed(xml);
      const nodeIds = ids(
        xml,
        /<bpmn:(?:startEvent|endEvent|userTask|sendTask|parallelGateway) id="([^"]+)"/g,
      );
      const flowIds = ids(xml, /<bpmn:sequenceFlow id="([^"]+)"/g);
      for (const m of xml.matchAll(/sourceRef="([^"]+)" targetRef="([^"]+)"/g)) {
        expect(nodeIds).toContain(m[1]);
        expect(nodeIds).toContain(m[2]);
      }
      const diElements = ids(xml, /bpmnElement="([^"]+)"/g);
      for (const el of [...nodeIds, ...flowIds]) expect(diElements).toContain(el);
      const laneRefs = ids(xml, /<bpmn:flowNodeRef>([^<]+)<\/bpmn:flowNodeRef>/g);
      expect(laneRefs.sort()).toEqual([...nodeIds].sort());
      expect(nodeIds.filter((n) => n.startsWith('Task_')).length).toBe(procedure.steps.length);
    },
  );

  it('uses parallel gateways for forks and joins', () => {
    const xml = exportProcedureBpmn(TEST_PROCEDURES[1]!);
    expect(xml).toContain('<bpmn:parallelGateway id="Fork_start" />');
    expect(xml).toContain('<bpmn:parallelGateway id="Join_return-result" />');
  });
});

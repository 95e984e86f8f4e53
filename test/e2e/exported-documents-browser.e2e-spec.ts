import { chromium, type Browser } from 'playwright-core';
import { SEED_PROCEDURES } from '@lien-thong/procedures';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/**
 * The exported documents opened by the tools people open them with, in a real browser (Debian's
 * chromium, never a downloaded build; `.ci/run` installs it): each sample procedure's BPMN, as the API
 * serves it, imported by bpmn-js (the viewer behind Camunda Modeler) with no warning and every process
 * element drawn; its SVG diagram and its PNG shown by the browser at their size (issue 25).
 */
/**
 * What the page code below uses of the browser (the tests compile without the DOM library). The page
 * functions are sent to the browser as source: they name `globalThis` themselves, nothing of this file.
 */
interface BrowserGlobals {
  BpmnJS: new (options: { container: string }) => {
    importXML(xml: string): Promise<{ warnings: { message: string }[] }>;
    get(name: 'elementRegistry'): { getAll(): { id: string; type: string }[] };
  };
  document: { querySelectorAll(selector: string): { length: number } };
  Image: new () => {
    onload: () => void;
    onerror: () => void;
    src: string;
    naturalWidth: number;
    naturalHeight: number;
  };
}

const CHROMIUM = process.env.LIEN_THONG_CHROMIUM ?? '/usr/bin/chromium';
const BPMN_VIEWER = require.resolve('bpmn-js/dist/bpmn-viewer.production.min.js');

describe('exported documents opened in the browser (bpmn-js, SVG, PNG)', () => {
  let t: ApiTestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startApiTestApp('e2e_exported_documents', { overrides: { seed: 'sample' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const reader = () => t.as('auditor');

  it.each(SEED_PROCEDURES.map((p) => [p.code, p] as const))(
    '%s: bpmn-js imports the BPMN with no warning and draws every flow node and flow',
    async (code, procedure) => {
      const xml = (await reader().get(`/procedures/${code}/versions/1/bpmn`).expect(200)).text;
      const page = await browser.newPage();
      try {
        await page.setContent(
          '<!DOCTYPE html><html><body><div id="canvas" style="width:1600px;height:900px"></div></body></html>',
        );
        await page.addScriptTag({ path: BPMN_VIEWER });
        const result = await page.evaluate(async (bpmn: string) => {
          const { BpmnJS, document } = globalThis as unknown as BrowserGlobals;
          const viewer = new BpmnJS({ container: '#canvas' });
          const { warnings } = await viewer.importXML(bpmn);
          const registry = viewer.get('elementRegistry');
          const elements = registry
            .getAll()
            .map((e: { id: string; type: string }) => ({ id: e.id, type: e.type }));
          return {
            warnings: warnings.map((w) => w.message),
            elements,
            drawn: document.querySelectorAll('#canvas .djs-element').length,
          };
        }, xml);
        expect(result.warnings).toEqual([]);
        const types = result.elements.map((e) => e.type);
        // A task per step, the lanes of the pool, the start and end, the flows: all drawn.
        expect(types.filter((type) => type === 'bpmn:UserTask' || type === 'bpmn:SendTask')).toHaveLength(
          procedure.steps.length,
        );
        expect(types).toContain('bpmn:StartEvent');
        expect(types).toContain('bpmn:EndEvent');
        expect(types).toContain('bpmn:Lane');
        expect(types.filter((type) => type === 'bpmn:SequenceFlow').length).toBeGreaterThanOrEqual(
          procedure.steps.length,
        );
        expect(result.drawn).toBeGreaterThanOrEqual(result.elements.length - 1);
      } finally {
        await page.close();
      }
    },
  );

  it('shows the SVG diagram and its PNG at their size', async () => {
    const svg = (await reader().get('/procedures/1.012761/versions/1/diagram.svg').expect(200))
      .body as Buffer;
    const png = (await reader().get('/procedures/1.012761/versions/1/diagram.png').expect(200))
      .body as Buffer;
    const page = await browser.newPage();
    try {
      const sizes = await page.evaluate(
        async ([svgText, pngBase64]: [string, string]) => {
          const load = (src: string) =>
            new Promise<{ width: number; height: number }>((resolve, reject) => {
              const image = new (globalThis as unknown as BrowserGlobals).Image();
              image.onload = () => resolve({ width: image.naturalWidth, height: image.naturalHeight });
              image.onerror = () => reject(new Error(`the browser could not show ${src.slice(0, 30)}`));
              image.src = src;
            });
          return {
            svg: await load(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`),
            png: await load(`data:image/png;base64,${pngBase64}`),
          };
        },
        [Buffer.from(svg).toString('utf8'), Buffer.from(png).toString('base64')] as [string, string],
      );
      const width = Number(/width="(\d+)"/.exec(Buffer.from(svg).toString('utf8'))![1]);
      expect(sizes.svg.width).toBe(width);
      expect(sizes.png.width).toBe(2 * width);
    } finally {
      await page.close();
    }
  });
});

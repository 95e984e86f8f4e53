/**
 * Console benchmark: `npm run bench:console`. Prints each figure beside its target (issue 20); it does not
 * pass or fail. The console's built files are served by the API's own static handler (serveConsole) in a
 * bare Nest application; the API's answers are stubbed in the browser (page.route), so what is measured is
 * the console itself, in Debian's chromium:
 * 1. first page usable (navigation → the form can be typed into), cold cache, BENCH_RUNS (default 10)
 *    runs: the staff log-in page and the public lookup [< 1.5 s], beside a bare HTML page with one input
 *    served the same way (this machine's floor, in the same run);
 * 2. the agency inbox with BENCH_INBOX_ROWS (default 5,000) rows, scrolled top to bottom one step per
 *    animation frame: frame times p50/p95/max [smooth: p95 <= 20 ms, i.e. 50 frames/s] and the rows in
 *    the DOM at once (virtualised: a few dozen, not thousands).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveConsole } from '../src/console/serve-console';
import { buildConsoleIfStale, CONSOLE_DIST } from '../../launcher/src/console-build';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const ROWS = Number(process.env.BENCH_INBOX_ROWS ?? 5000);
const CHROMIUM = process.env.LIEN_THONG_CHROMIUM ?? '/usr/bin/chromium';
const AGENCY = '000.00.72.H29';

@Module({})
class StaticOnly {}

async function serve(dir: string): Promise<{ base: string; close: () => Promise<void> }> {
  const app = await NestFactory.create<NestExpressApplication>(StaticOnly, { logger: false });
  serveConsole(app, dir);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, close: () => app.close() };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const ms = (v: number) => `${v.toFixed(0)} ms`;

/** A token the console can read (it does not verify: the stubbed API does not either). */
function fakeToken(): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'bench', kind: 'staff', agency: AGENCY, roles: ['agency-officer'], exp })}.x`;
}

function inboxItem(i: number) {
  const deadline = new Date(Date.parse('2026-12-07T10:00:00+07:00') + i * 60_000).toISOString();
  const code = `000.00.71.H29-261206-${String(i + 1).padStart(4, '0')}`;
  const base = `/dossiers/${code}/steps/police`;
  return {
    dossierCode: code,
    stepId: 'police',
    agencyCode: AGENCY,
    procedureCode: '1.001193',
    procedureVersion: 1,
    fromAgencyCode: '000.00.71.H29',
    handedOffAt: '2026-12-06T08:00:00.000+07:00',
    deadline,
    dueAt: deadline,
    appointmentAt: deadline,
    acceptedAt: i % 3 === 0 ? '2026-12-06T09:00:00.000+07:00' : null,
    overdue: i % 7 === 0,
    overdueDetectedAt: null,
    clockPaused: i % 11 === 0,
    awaitingSupplement: i % 13 === 0,
    apologyRequestedAt: null,
    apologyRespondBy: null,
    links: {
      dossier: `/dossiers/${code}`,
      accept: `${base}/receive`,
      complete: `${base}/complete`,
      return: `${base}/return`,
      supplementRequest: `${base}/supplement-request`,
    },
  };
}

async function firstUsable(browser: Browser, url: string, selector: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.route('**/procedures**', (route) => route.fulfill({ json: [] }));
    const started = performance.now();
    await page.goto(url);
    await page.locator(selector).first().waitFor({ state: 'visible' });
    await page.locator(selector).first().click();
    times.push(performance.now() - started);
    await context.close();
  }
  return times;
}

/** Scrolls the inbox list to its end, one step per animation frame: each frame's time, rows in the DOM. */
async function scrollThrough(page: Page): Promise<{ frames: number[]; maxRows: number }> {
  return page.evaluate(async () => {
    const g = globalThis as unknown as {
      document: {
        querySelector(s: string): { scrollTop: number; scrollHeight: number; clientHeight: number } | null;
        querySelectorAll(s: string): { length: number };
      };
      requestAnimationFrame(cb: (t: number) => void): void;
    };
    const list = g.document.querySelector('[data-testid="inbox-list"]')!;
    const frames: number[] = [];
    let maxRows = 0;
    await new Promise<void>((done) => {
      let last = 0;
      const step = (now: number) => {
        if (last) frames.push(now - last);
        last = now;
        maxRows = Math.max(maxRows, g.document.querySelectorAll('[data-testid="inbox-row"]').length);
        if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) return done();
        list.scrollTop += 240;
        g.requestAnimationFrame(step);
      };
      g.requestAnimationFrame(step);
    });
    return { frames, maxRows };
  });
}

async function main(): Promise<void> {
  await buildConsoleIfStale((m) => console.log(m));
  const floorDir = mkdtempSync(path.join(tmpdir(), 'bench-console-floor-'));
  writeFileSync(
    path.join(floorDir, 'index.html'),
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>floor</title></head><body><label>Mã <input id="code"></label>' +
      '<div data-testid="inbox-list" style="height:600px;overflow:auto"><div style="height:360000px"></div></div></body></html>',
  );
  const app = await serve(CONSOLE_DIST);
  const floor = await serve(floorDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const reference = await firstUsable(browser, `${floor.base}/console/`, '#code');
    const login = await firstUsable(browser, `${app.base}/console/login`, 'input[name="personId"]');
    const lookup = await firstUsable(browser, `${app.base}/console/public/lookup`, '#code');
    console.log(`\nfirst page usable, ${RUNS} cold runs each (target < 1.5 s):`);
    for (const [name, values] of [
      ['bare HTML page (floor)', reference],
      ['staff log-in page', login],
      ['public lookup (phone page)', lookup],
    ] as const)
      console.log(
        `  ${name.padEnd(28)} p50 ${ms(quantile(values, 0.5)).padStart(7)}  p95 ${ms(quantile(values, 0.95)).padStart(7)}  (${(quantile(values, 0.5) / quantile(reference, 0.5)).toFixed(1)}× the floor)`,
      );

    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript((token: string) => {
      (
        globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
      ).sessionStorage.setItem('lien-thong.session', JSON.stringify({ token }));
    }, fakeToken());
    const items = Array.from({ length: ROWS }, (_, i) => inboxItem(i));
    const page = await context.newPage();
    await page.route('**/agencies/*/inbox**', (route) => {
      const url = new URL(route.request().url());
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      return route.fulfill({
        json: {
          agencyCode: AGENCY,
          items: items.slice(offset, offset + limit),
          escalations: [],
          total: ROWS,
          limit,
          offset,
        },
      });
    });
    await page.route('**/agencies', (route) => route.fulfill({ json: [] }));
    await page.goto(`${app.base}/console/inbox`);
    await page.locator(`[data-testid="inbox-row"]`).first().waitFor();
    await page.waitForFunction(
      (n: number) =>
        (
          globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
        ).document
          .querySelector('[data-testid="inbox-total"]')
          ?.textContent.replace(/\D/g, '') === String(n),
      ROWS,
    );
    const result = await scrollThrough(page);
    const floorPage = await browser.newPage();
    await floorPage.goto(`${floor.base}/console/`);
    const floorScroll = await scrollThrough(floorPage);
    await floorPage.close();
    const frames = result.frames;
    console.log(
      `\ninbox of ${ROWS.toLocaleString('en')} rows scrolled top to bottom, 240 px a frame (${frames.length} frames):`,
    );
    console.log(
      `  frame time p50 ${quantile(frames, 0.5).toFixed(1)} ms  p95 ${quantile(frames, 0.95).toFixed(1)} ms [<= 20 ms]  max ${Math.max(...frames).toFixed(1)} ms`,
    );
    console.log(
      `  the same scroll of an empty element (this machine's frame cadence, the floor): p50 ${quantile(floorScroll.frames, 0.5).toFixed(1)} ms  p95 ${quantile(floorScroll.frames, 0.95).toFixed(1)} ms; inbox p95 ${(quantile(frames, 0.95) / quantile(floorScroll.frames, 0.95)).toFixed(2)}× the floor`,
    );
    console.log(
      `  rows in the DOM at most: ${result.maxRows} (of ${ROWS.toLocaleString('en')}: virtualised)`,
    );
    await context.close();
  } finally {
    await browser.close();
    await app.close();
    await floor.close();
    rmSync(floorDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

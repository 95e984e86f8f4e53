import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import request from 'supertest';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { callerAt, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { freePort } from '../support/free-port';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { handedOff, publishRoomyTestProcedure, roomyIntake } from '../support/quick-procedures';

/**
 * The production build (issue 22): `npm run build` compiles API, worker, workflow bundle and console;
 * the compiled code needs only the `dependencies` of package.json (what `npm ci --omit=dev` installs),
 * and the compiled API and worker start and carry a dossier to its first handoff. Built into a
 * directory of its own, so the workers of other suites keep their dist/. That the build installs and
 * starts with `npm ci --omit=dev` alone was tried by hand (docs/operations.md); the dependency check
 * below keeps it so.
 */
const root = path.resolve(__dirname, '../..');
const DESK = '000.00.71.H29';

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? jsFiles(full) : entry.name.endsWith('.js') ? [full] : [];
  });
}

describe('production build', () => {
  let out: string;
  let t: ApiTestApp;
  let api: ApiProcess | undefined;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    // Inside the repository (dist/, gitignored), so the compiled code finds node_modules as it would
    // beside its own `npm ci --omit=dev`; no dot in the path, which Express would not serve from.
    mkdirSync(path.join(root, 'dist'), { recursive: true });
    out = mkdtempSync(path.join(root, 'dist', 'test-build-'));
    const build = spawnSync(process.execPath, ['tools/run-ts.cjs', 'tools/build.ts', '--out', out], {
      cwd: root,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    t = await startApiTestApp('e2e_production_build', {
      overrides: { seed: 'sample', calendar: 'always-open' },
    });
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await t?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('needs no development dependency at run time', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const wanted = new Set<string>();
    for (const file of jsFiles(out)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/require\("([^".][^"]*)"\)/g)) {
        const specifier = match[1]!;
        if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        const parts = specifier.split('/');
        wanted.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
      }
    }
    expect(wanted.size).toBeGreaterThan(10);
    expect([...wanted].filter((name) => !(name in pkg.dependencies)).sort()).toEqual([]);
    // No alias was left for ts-node and tsconfig-paths to resolve.
    expect([...wanted].filter((name) => name.startsWith('@lien-thong/'))).toEqual([]);
  });

  it('starts the compiled API and worker, serves the console, and hands a dossier off', async () => {
    await publishRoomyTestProcedure(() => t.as('procedure-designer', null, 'designer'));
    const config = t.config({ calendar: 'always-open' });
    api = await startApiProcess(config, await freePort(), 120_000, {
      entry: path.join(out, 'apps/api/src/main.js'),
    });
    worker = await startWorkerProcess(config, 120_000, undefined, {
      entry: path.join(out, 'apps/worker/src/main.js'),
    });
    expect(worker.output()).toContain('prebuilt bundle workflows/workflow-bundle.js');
    expect(worker.output()).toContain('a production build');

    await request(api.url).get('/health').expect(200);
    const page = await request(api.url).get('/console/').expect(200);
    expect(page.text).toContain('<div id="root">');

    const received = await callerAt(api.url, t.token('reception-officer', DESK, 'can-bo-1'))
      .post('/dossiers')
      .send(roomyIntake({ fullName: 'Trần Thị Bản Dựng', address: '3 Pasteur', idNumber: '079000000003' }))
      .expect(201);
    const code = received.body.dossierCode as string;
    await handedOff(t.db.pool, code, 'a', 60_000, () => worker!.output());
  }, 300_000);
});

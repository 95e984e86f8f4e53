import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformFile, type Options } from '@swc/core';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOWS_ENTRY, workflowBundlerOptions } from '@lien-thong/temporal-bootstrap';
import { writePrebuiltBundle } from '../apps/worker/src/workflow-bundle/prebuilt-workflow-bundle';

/**
 * `npm run build`: the production build, into dist/ (issue 22).
 * - Every runtime source (apps/api, apps/worker, apps/launcher, libs, workflows; not the tests, the
 *   benchmarks, the console's sources or the test helpers) compiled by swc to CommonJS with decorator
 *   metadata (Nest's injection needs it), the `@lien-thong/*` aliases of tsconfig.json rewritten to
 *   relative paths, so `node dist/apps/api/src/main.js` needs no ts-node nor tsconfig-paths.
 * - The workflow bundle (as npm run build:workflows makes it) in dist/workflows, which the compiled worker loads.
 * - The web console (Vite) in dist/apps/console/dist, where the compiled API serves it from.
 * `--out <dir>` builds elsewhere than dist/ (the production-build test does, beside running workers).
 * Then `npm ci --omit=dev` and `node dist/apps/api/src/main.js` / `node dist/apps/worker/src/main.js`
 * start the API and the worker (docs/operations.md, Dockerfile).
 * The data files the code imports (JSON) are copied beside it.
 * swc rather than `tsc`: the same compiler the tests and `npm start` run through (tools/run-ts.cjs), a
 * second's work, and it rewrites the path aliases; type checking stays with `npm run typecheck`.
 */
const root = path.resolve(__dirname, '..');
const SOURCE_DIRS = ['apps/api/src', 'apps/worker/src', 'apps/launcher/src', 'libs', 'workflows/src'];
const SKIPPED = [/\.spec\.ts$/, /\.d\.ts$/, /\/bench\//, /\/testing\//];

/** The files under `dir` whose name ends with `extension`, but the tests' and benchmarks'. */
function filesOf(dir: string, extension: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...filesOf(full, extension));
    } else if (entry.name.endsWith(extension) && !SKIPPED.some((re) => re.test(full))) out.push(full);
  }
  return out;
}

function swcOptions(filename: string): Options {
  const tsconfig = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return {
    filename,
    sourceMaps: true,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      baseUrl: root,
      // The aliases point at .ts files; swc resolves them to relative paths (without the extension).
      paths: tsconfig.compilerOptions.paths,
    },
  };
}

function step(what: string, command: string, args: string[]): void {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status})`);
  console.log(`[build] ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function outDir(argv: readonly string[]): string {
  const i = argv.indexOf('--out');
  if (i === -1) return path.join(root, 'dist');
  const dir = argv[i + 1];
  if (!dir) throw new Error('--out takes a directory');
  return path.resolve(dir);
}

async function main(): Promise<void> {
  const started = Date.now();
  const dist = outDir(process.argv.slice(2));
  rmSync(dist, { recursive: true, force: true });
  const files = SOURCE_DIRS.flatMap((dir) => filesOf(path.join(root, dir), '.ts'));
  for (const file of files) {
    const output = await transformFile(file, swcOptions(file));
    const target = path.join(dist, path.relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${output.code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
    if (output.map) writeFileSync(`${target}.map`, output.map);
  }
  // Data the code imports (the calendar's decisions, the seeds, the recorded OpenAPI examples, and
  // tsconfig.json, whose aliases the workflow bundler reads).
  const data = [
    ...SOURCE_DIRS.flatMap((dir) => filesOf(path.join(root, dir), '.json')),
    path.join(root, 'tsconfig.json'),
  ];
  for (const file of data) cpSync(file, path.join(dist, path.relative(root, file)));
  console.log(
    `[build] ${files.length} sources compiled to ${path.relative(root, dist) || dist} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const bundling = Date.now();
  // The compiled worker reads it from dist/workflows (production-workflow-bundle.ts).
  const manifest = await writePrebuiltBundle(
    { root, entry: WORKFLOWS_ENTRY, dir: path.join(dist, 'workflows') },
    () =>
      bundleWorkflowCode({
        workflowsPath: WORKFLOWS_ENTRY,
        logger: new DefaultLogger('WARN'),
        ...workflowBundlerOptions(),
      }),
  );
  console.log(
    `[build] workflow bundle (${manifest.sources.length} sources) in ${((Date.now() - bundling) / 1000).toFixed(1)} s`,
  );
  const consoleDist = path.join(dist, 'apps/console/dist');
  step('web console', process.execPath, [
    'node_modules/vite/bin/vite.js',
    'build',
    '--config',
    'apps/console/vite.config.mts',
    '--outDir',
    consoleDist,
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ]);
  if (!existsSync(path.join(consoleDist, 'index.html')))
    throw new Error('the console build wrote no index.html');
  console.log(
    `[build] done in ${((Date.now() - started) / 1000).toFixed(1)} s: node dist/apps/api/src/main.js, ` +
      'node dist/apps/worker/src/main.js (after npm ci --omit=dev on a server)',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm test`: every check and every test, in the order that fails fastest — format, lint, types,
 * library boundaries, then all jest projects (unit, int, workflows, e2e) — and one closing line
 * `tests: N passed, N failed, N skipped`.
 */
const root = path.resolve(__dirname, '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const steps: { name: string; args: string[]; command?: string }[] = [
  { name: 'lockfile', command: process.execPath, args: ['tools/lockfile-platforms.cjs', '--check'] },
  { name: 'format', args: ['prettier', '--check', '--log-level', 'warn', '.'] },
  { name: 'lint', args: ['eslint', '.', '--max-warnings', '0'] },
  { name: 'typecheck', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
  // The web console has its own settings (DOM, JSX, bundler resolution).
  { name: 'typecheck-console', args: ['tsc', '-p', 'apps/console/tsconfig.json', '--noEmit'] },
  {
    name: 'boundaries',
    args: ['depcruise', '--config', '.dependency-cruiser.cjs', 'apps', 'libs', 'workflows', 'test', 'tools'],
  },
];
const only = process.argv.slice(2);
const failed: string[] = [];

for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  const started = Date.now();
  process.stdout.write(`\n=== ${step.name} ===\n`);
  const result = spawnSync(step.command ?? npx, step.args, { cwd: root, stdio: 'inherit' });
  process.stdout.write(
    `=== ${step.name}: ${result.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  if (result.status !== 0) failed.push(step.name);
}

if (only.length === 0 || only.includes('jest')) {
  const report = path.join(os.tmpdir(), `lien-thong-jest-${process.pid}.json`);
  process.stdout.write('\n=== jest (unit, int, workflows, e2e) ===\n');
  // --forceExit: the Temporal SDK's native runtime (workers, replays) can keep the process alive after
  // every test has finished and reported; CI must not hang on it (results are already written).
  const result = spawnSync(npx, ['jest', '--ci', '--json', '--forceExit', `--outputFile=${report}`], {
    cwd: root,
    stdio: 'inherit',
  });
  let summary = 'tests: 0 passed, 0 failed';
  try {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      numRuntimeErrorTestSuites: number;
    };
    const failedCount = json.numFailedTests + json.numRuntimeErrorTestSuites;
    summary = `tests: ${json.numPassedTests} passed, ${failedCount} failed, ${json.numPendingTests + json.numTodoTests} skipped`;
    rmSync(report, { force: true });
  } catch {
    failed.push('jest (no report)');
  }
  if (result.status !== 0) failed.push('jest');
  process.stdout.write(
    `\n${failed.length ? `failed steps: ${failed.join(', ')}` : 'all steps passed'}\n${summary}\n`,
  );
} else if (failed.length) {
  process.stdout.write(`\nfailed steps: ${failed.join(', ')}\n`);
}
process.exit(failed.length ? 1 : 0);

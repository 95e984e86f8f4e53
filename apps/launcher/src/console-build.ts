import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
export const CONSOLE_ROOT = path.join(ROOT, 'apps/console');
export const CONSOLE_DIST = path.join(CONSOLE_ROOT, 'dist');
const STAMP = path.join(CONSOLE_DIST, '.sources-mtime');

/** The newest modification time of the console's sources (its pages, code and build settings). */
function sourcesMtime(): number {
  let newest = 0;
  const visit = (entry: string): void => {
    const stat = statSync(entry);
    if (stat.isDirectory()) {
      for (const name of readdirSync(entry)) visit(path.join(entry, name));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ['src', 'index.html', 'public.html', 'vite.config.mts'])
    visit(path.join(CONSOLE_ROOT, entry));
  visit(path.join(ROOT, 'package-lock.json'));
  visit(__filename);
  return Math.floor(newest);
}

/**
 * Builds the web console (Vite) when its sources changed since the last build, so `npm start` and the
 * browser tests always serve what the sources say. About a second on this machine.
 */
export async function buildConsoleIfStale(log: (message: string) => void = () => undefined): Promise<void> {
  const mtime = sourcesMtime();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === String(mtime)) return;
  log('building the web console…');
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        path.join(CONSOLE_ROOT, 'vite.config.mts'),
        '--logLevel',
        'warn',
      ],
      // Always a production build (jest sets NODE_ENV=test, which would bundle React's development build).
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the console build failed (vite exited with ${code})`)),
    );
  });
  writeFileSync(STAMP, String(mtime));
  log(
    `web console built in ${((Date.now() - started) / 1000).toFixed(1)} s (${path.relative(ROOT, CONSOLE_DIST)})`,
  );
}

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The Temporal CLI (which embeds the dev server), pinned and built from Go modules, cached outside the
 * repository. Newer tags carry a replace directive that blocks `go install` (ADR 0006).
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIEN_THONG_CACHE_DIR) return env.LIEN_THONG_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'lien-thong');
}

export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
}

function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Path of the cached Temporal CLI, building it when missing and Go is present. Returns null when it
 * cannot be had (no binary, no Go): callers fall back to the SDK's own download.
 */
export async function ensureTemporalCli(
  options: { log?: (message: string) => void } = {},
): Promise<string | null> {
  const log = options.log ?? (() => undefined);
  const target = temporalCliPath();
  if (existsSync(target)) return target;
  if (!hasGo()) {
    log(`Temporal CLI not found at ${target} and Go is not installed: cannot build it.`);
    return null;
  }
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const lockFile = `${target}.lock`;
  await acquireLock(lockFile, log);
  try {
    // Another process may have built it while we waited for the lock.
    if (existsSync(target)) return target;
    const gobin = await mkdtemp(path.join(dir, 'build-'));
    log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (a few minutes, once)…`);
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
        env: {
          ...process.env,
          GOBIN: gobin,
          GOFLAGS: [process.env.GOFLAGS, '-buildvcs=false'].filter(Boolean).join(' '),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const tail: string[] = [];
      const keep = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (!line.trim()) continue;
          tail.push(line);
          if (tail.length > 20) tail.shift();
        }
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`go install failed (exit ${code}):\n${tail.join('\n')}`)),
      );
    });
    // Rename is atomic: nobody ever sees a half-written binary at the cached path.
    renameSync(path.join(gobin, 'temporal'), target);
    await rm(gobin, { recursive: true, force: true });
    log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
    return target;
  } finally {
    releaseLock(lockFile);
  }
}

const STALE_LOCK_MS = 30 * 60_000;

async function acquireLock(file: string, log: (m: string) => void): Promise<void> {
  let announced = false;
  for (;;) {
    try {
      closeSync(openSync(file, 'wx'));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(file).mtimeMs > STALE_LOCK_MS) {
          unlinkSync(file);
          continue;
        }
      } catch {
        continue;
      }
      if (!announced) {
        log('another process is building the Temporal CLI; waiting for it…');
        announced = true;
      }
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}

function releaseLock(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

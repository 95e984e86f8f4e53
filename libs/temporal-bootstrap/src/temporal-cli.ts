import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withFileLock } from './file-lock';

/**
 * The Temporal CLI (which embeds the dev server), pinned and built from Go modules, cached outside the
 * repository. Newer tags carry a replace directive that blocks `go install` (ADR 0006).
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

export interface EnsureTemporalCliOptions {
  readonly log?: (message: string) => void;
  /** Where the cache location and PATH (to find `go`) are read from; the process environment by default. */
  readonly env?: NodeJS.ProcessEnv;
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIEN_THONG_CACHE_DIR) return env.LIEN_THONG_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'lien-thong');
}

export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return goToolPath(TEMPORAL_CLI, env);
}

function hasGo(env: NodeJS.ProcessEnv): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore', env }).status === 0;
}

/** A command-line tool built from a pinned Go module with `go install`, cached outside the repository. */
export interface GoTool {
  /** What it is, for the log ("the Temporal CLI"). */
  readonly title: string;
  /** The module path of its main package. */
  readonly module: string;
  readonly version: string;
  /** The name `go install` gives the binary (the main package's directory name). */
  readonly binary: string;
  /** The cache directory under cacheRoot(). */
  readonly cacheDir: string;
}

const TEMPORAL_CLI: GoTool = {
  title: 'the Temporal CLI',
  module: TEMPORAL_CLI_MODULE,
  version: TEMPORAL_CLI_VERSION,
  binary: 'temporal',
  cacheDir: 'temporal-cli',
};

export function goToolPath(tool: GoTool, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), tool.cacheDir, tool.version, tool.binary);
}

/**
 * Path of the cached Temporal CLI, building it when missing and Go is present. Returns null when it
 * cannot be had (no binary, no Go): callers fall back to TEMPORAL_ADDRESS or the SDK's own download.
 */
export async function ensureTemporalCli(options: EnsureTemporalCliOptions = {}): Promise<string | null> {
  return ensureGoTool(TEMPORAL_CLI, options);
}

/**
 * Path of a tool built from Go modules (the Temporal CLI, the tests' S3 stand-in), building it once
 * when missing and Go is present; null when it cannot be had. Several processes asking at once build it
 * once (a file lock).
 */
export async function ensureGoTool(
  tool: GoTool,
  options: EnsureTemporalCliOptions = {},
): Promise<string | null> {
  const log = options.log ?? (() => undefined);
  const env = options.env ?? process.env;
  const target = goToolPath(tool, env);
  if (existsSync(target)) return target;
  if (!hasGo(env)) {
    log(`${tool.title} not found at ${target}, and no \`go\` on PATH to build it.`);
    return null;
  }
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  return withFileLock(
    `${target}.lock`,
    async () => {
      // Another process may have built it while we waited for the lock.
      if (existsSync(target)) return target;
      await buildInto(tool, target, env, log);
      return target;
    },
    { onWait: () => log(`another process is building ${tool.title}; waiting for it…`) },
  );
}

async function buildInto(
  tool: GoTool,
  target: string,
  env: NodeJS.ProcessEnv,
  log: (message: string) => void,
) {
  const dir = path.dirname(target);
  const gobin = await mkdtemp(path.join(dir, 'build-'));
  try {
    log(`building ${tool.title} ${tool.version} with go install (minutes, once)…`);
    const started = Date.now();
    await goInstall(tool, gobin, env, log, started);
    // Rename is atomic: nobody ever sees a half-written binary at the cached path.
    await rename(path.join(gobin, tool.binary), target);
    log(`${tool.title} built in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
}

// The module zip has no VCS metadata to stamp; saying so keeps go quiet about it.
function withFlag(goflags: string | undefined, flag: string): string {
  const flags = (goflags ?? '').split(/\s+/).filter(Boolean);
  return (flags.includes(flag) ? flags : [...flags, flag]).join(' ');
}

function goInstall(
  tool: GoTool,
  gobin: string,
  env: NodeJS.ProcessEnv,
  log: (message: string) => void,
  started: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // Default GOPROXY and GOSUMDB on purpose: module checksums are verified (ADR 0006).
    const child = spawn('go', ['install', `${tool.module}@${tool.version}`], {
      cwd: gobin,
      env: { ...env, GOBIN: gobin, GOFLAGS: withFlag(env.GOFLAGS, '-buildvcs=false') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const onOutput = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        log(line);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    // Compiling prints nothing for minutes after the downloads; say that it is still going.
    const progress = setInterval(
      () => log(`still building (${Math.round((Date.now() - started) / 1000)} s)…`),
      30_000,
    );
    child.on('error', (error) => {
      clearInterval(progress);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearInterval(progress);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `go install ${tool.module}@${tool.version} failed (${signal ?? `exit ${code}`}):\n` +
              tail.join('\n'),
          ),
        );
    });
  });
}

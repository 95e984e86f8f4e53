import { readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export interface FileLockOptions {
  /** A lock not refreshed for this long is abandoned (its holder died on another host, or froze). */
  readonly staleMs?: number;
  /** Called once when the lock is held by someone else and we start waiting. */
  readonly onWait?: () => void;
}

const DEFAULT_STALE_MS = 2 * 60_000;
const MAX_POLL_MS = 2_000;

/**
 * Runs `fn` while holding an exclusive lock file (created with O_EXCL), so that parallel processes
 * (jest workers, CI steps, a second `npm start`) do the expensive work once. The holder writes its
 * pid and host into the file and refreshes its mtime; a waiter takes the lock over when the holder's
 * process is gone (same host) or the file has not been refreshed for `staleMs`.
 *
 * Taking over a stale lock is not atomic: two waiters may both judge it stale and both proceed. The
 * lock only saves duplicate work, so callers must stay correct without it (the CLI build writes to
 * its own temporary directory and renames into place).
 */
export async function withFileLock<T>(
  file: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  await acquire(file, staleMs, options.onWait);
  const heartbeat = setInterval(() => touch(file), Math.max(staleMs / 4, 50));
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    try {
      unlinkSync(file);
    } catch {
      // Already removed by a waiter that judged us stale; nothing left to release.
    }
  }
}

async function acquire(file: string, staleMs: number, onWait?: () => void): Promise<void> {
  let waited = false;
  let pollMs = 50;
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}@${os.hostname()}`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isStale(file, staleMs)) {
      try {
        unlinkSync(file);
      } catch {
        // Someone else removed it first; try again.
      }
      continue;
    }
    if (!waited) {
      onWait?.();
      waited = true;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    pollMs = Math.min(pollMs * 2, MAX_POLL_MS);
  }
}

function isStale(file: string, staleMs: number): boolean {
  let content: string;
  let mtimeMs: number;
  try {
    content = readFileSync(file, 'utf8');
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    // Gone between our attempt and now: not stale, just retry.
    return false;
  }
  if (Date.now() - mtimeMs > staleMs) return true;
  const match = /^(\d+)@(.*)$/.exec(content);
  if (!match || match[2] !== os.hostname()) return false;
  return !processAlive(Number(match[1]));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function touch(file: string): void {
  try {
    const nowSeconds = Date.now() / 1000;
    utimesSync(file, nowSeconds, nowSeconds);
  } catch {
    // The file vanished; the finally block copes.
  }
}

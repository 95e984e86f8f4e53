import type { ChildProcess } from 'node:child_process';

/**
 * The longest the worker process drains after SIGINT/SIGTERM before it stops by itself and leaves the
 * rest for its next start. Longer than the webhook request timeout (default 10 s): a delivery under way
 * is answered and recorded, not cut off and sent again.
 */
export const WORKER_DRAIN_DEADLINE_MS = 25_000;

/** How long a launcher waits for the worker before SIGKILL: past its own deadline, so that one decides. */
export const WORKER_STOP_GRACE_MS = WORKER_DRAIN_DEADLINE_MS + 10_000;

/** SIGTERM, then SIGKILL after a grace period; resolves when the child has exited. */
export async function terminateChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

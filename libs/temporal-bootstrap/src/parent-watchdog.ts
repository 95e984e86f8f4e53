import { spawn } from 'node:child_process';

/**
 * Stops `pid` when this process dies, however it dies (SIGKILL included, when no exit handler runs).
 * A tiny shell holds the read end of a pipe whose write end only this process has; the kernel closes it
 * when we die, the shell's `read` sees end-of-file, and it sends SIGTERM, then SIGKILL after `graceSeconds`.
 * Portable where PR_SET_PDEATHSIG is not (macOS), and costs one idle `sh`.
 */
export function stopWhenParentDies(pid: number, graceSeconds = 10): { release(): void } {
  const script = [
    'while read -r _; do :; done',
    'kill -TERM "$1" 2>/dev/null || exit 0',
    'i=0',
    'while kill -0 "$1" 2>/dev/null; do',
    '  i=$((i + 1))',
    '  if [ "$i" -gt "$2" ]; then kill -KILL "$1" 2>/dev/null; exit 0; fi',
    '  sleep 1',
    'done',
  ].join('\n');
  const watchdog = spawn(
    '/bin/sh',
    ['-c', script, 'lien-thong-watchdog', String(pid), String(graceSeconds)],
    {
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  // A watchdog that fails to start must not crash the caller; the exit hook still covers normal exits.
  watchdog.on('error', () => undefined);
  return {
    release: () => {
      watchdog.kill('SIGKILL');
      watchdog.stdin?.destroy();
    },
  };
}

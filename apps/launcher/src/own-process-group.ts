import { spawn } from 'node:child_process';

/** Set in the launcher that runs the system, by the front process that started it. */
const IN_OWN_GROUP = 'LIEN_THONG_LAUNCHER_IN_OWN_GROUP';

/** What the front asks of the launcher: drain and stop, or (a second Ctrl-C) stop without draining. */
export type StopRequest = 'drain' | 'now';

interface StopMessage {
  readonly lienThongLauncher: StopRequest;
}

/**
 * True in the launcher that runs the system (its own process group); false in the front process a
 * terminal starts. Clears the marker so that the API and the worker do not inherit it.
 */
export function runsInOwnProcessGroup(): boolean {
  const inside = process.env[IN_OWN_GROUP] === '1';
  delete process.env[IN_OWN_GROUP];
  return inside;
}

/**
 * The front process. Ctrl-C in a terminal signals its whole foreground process group at once, and the
 * embedded PostgreSQL package stops its server on the first SIGINT/SIGTERM of the process that started
 * it: PostgreSQL and Temporal would go down while the worker still drains, dropping its connections
 * (a webhook sent but not recorded is sent again). So the system runs in a process group of its own,
 * which no terminal signals; this process turns the first Ctrl-C (or SIGTERM, SIGHUP) into a drain
 * request, the second into "stop now", and exits with the launcher's exit code once it has stopped.
 * A front that dies without a word (SIGKILL) closes the channel, which the launcher takes as a drain
 * request.
 */
export function superviseInOwnProcessGroup(command: string, args: readonly string[]): void {
  const launcher = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [IN_OWN_GROUP]: '1' },
  });
  let requests = 0;
  const forward = (): void => {
    requests += 1;
    if (requests > 2 || !launcher.connected) return;
    const message: StopMessage = { lienThongLauncher: requests === 1 ? 'drain' : 'now' };
    launcher.send(message, () => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);
  launcher.on('error', (error) => {
    process.stderr.write(`[launcher] could not start: ${error.message}\n`);
    process.exit(1);
  });
  launcher.on('exit', (code) => process.exit(code ?? 1));
}

/** Calls `onStop` for each request from the front; the front vanishing counts as a drain request. */
export function onStopRequest(onStop: (request: StopRequest) => void): void {
  process.on('message', (message: unknown) => {
    const request = (message as Partial<StopMessage> | null)?.lienThongLauncher;
    if (request === 'drain' || request === 'now') onStop(request);
  });
  process.on('disconnect', () => onStop('drain'));
}

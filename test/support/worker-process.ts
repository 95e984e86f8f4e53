import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RuntimeConfig } from '@lien-thong/config';

const root = path.resolve(__dirname, '../..');

export interface WorkerProcess {
  /** SIGKILL: the process dies at once, mid-flight, without any shutdown. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** Sends a signal and returns at once; `exited()` tells how the process ended. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the process has ended: its exit code, or the signal that ended it. */
  exited(): Promise<WorkerExit>;
  output(): string;
}

export interface WorkerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Starts the real worker (apps/worker/src/main.ts) as a child process on the given configuration, with
 * every role or those given (`--role`); resolves once it says it is ready. `extra.entry` runs another main
 * file instead (the production build's compiled dist/apps/worker/src/main.js); `extra.env` adds settings.
 */
export async function startWorkerProcess(
  config: RuntimeConfig,
  timeoutMs = 60_000,
  roles?: readonly string[],
  extra: { readonly entry?: string; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(extra.entry
        ? [extra.entry]
        : [path.join(root, 'tools/run-ts.cjs'), path.join(root, 'apps/worker/src/main.ts')]),
      ...(roles ? ['--role', roles.join(',')] : []),
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: config.databaseUrl,
        TEMPORAL_ADDRESS: config.temporalAddress,
        TEMPORAL_NAMESPACE: config.temporalNamespace,
        LIEN_THONG_CALENDAR: config.calendar ?? 'vietnamese',
        LIEN_THONG_VAULT_KEY: config.vaultMasterKey ?? '',
        LIEN_THONG_VAULT_KEY_ID: config.vaultKeyId ?? '',
        LIEN_THONG_VAULT_READ_KEYS: config.vaultReadKeys ?? '',
        LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS: config.webhookAllowedNetworks ?? '',
        LIEN_THONG_SEED: 'none',
        EVENTSTORE_URL: '',
        ...extra.env,
      },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const check = setInterval(() => {
      if (
        // The Temporal worker's state, as a JSON log line (or the SDK's own format).
        /"state":"RUNNING"|state: 'RUNNING'/.test(output) ||
        (roles && !roles.includes('temporal') && /worker ready \(roles:/.test(output))
      ) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 100);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`worker exited (${code}) before it ran:\n${output}`));
    });
  });
  const exited = () =>
    new Promise<WorkerExit>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        return resolve({ code: child.exitCode, signal: child.signalCode });
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  child.removeAllListeners('exit');
  return {
    kill: async () => {
      const done = exited();
      child.kill('SIGKILL');
      await done;
    },
    stop: async () => {
      const done = exited();
      child.kill('SIGTERM');
      await done;
    },
    signal: (signal) => {
      child.kill(signal);
    },
    exited,
    output: () => output,
  };
}

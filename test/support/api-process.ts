import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RuntimeConfig } from '@lien-thong/config';

const root = path.resolve(__dirname, '../..');

export interface ApiProcess {
  readonly url: string;
  /** SIGKILL: the process dies at once, mid-request, without any shutdown. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  output(): string;
}

/**
 * Starts the real API (apps/api/src/main.ts) as a child process on the given configuration and port;
 * `extra.entry` runs another main file instead (the production build's compiled dist/apps/api/src/main.js); `extra.env` adds settings.
 */
export async function startApiProcess(
  config: RuntimeConfig,
  port: number,
  timeoutMs = 60_000,
  extra: { readonly entry?: string; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<ApiProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    extra.entry
      ? [extra.entry]
      : [path.join(root, 'tools/run-ts.cjs'), path.join(root, 'apps/api/src/main.ts')],
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
        LIEN_THONG_TOKEN_KEY: config.tokenKey ?? '',
        LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS: config.webhookAllowedNetworks ?? '',
        LIEN_THONG_SEED: 'none',
        EVENTSTORE_URL: '',
        ...extra.env,
        PORT: String(port),
        API_HOST: '127.0.0.1',
      },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`API did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const check = setInterval(() => {
      if (/listening on http/.test(output)) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 50);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`API exited (${code}) before it listened:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  const exited = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
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
    output: () => output,
  };
}

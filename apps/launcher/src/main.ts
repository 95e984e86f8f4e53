import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startInfrastructure, type StartedInfrastructure } from './infrastructure';
import { defaultDataRoot, terminateChild } from '@lien-thong/infrastructure';
import { ensureDevClients } from './dev-clients';
import { localAdminPassword, localTokenKey, localVaultKey } from './vault-key';

/**
 * `npm start`: infrastructure on embedded defaults, then the API and the worker (Temporal worker +
 * projection runner) as separate processes, as in production. Ctrl-C stops everything cleanly.
 */
const root = path.resolve(__dirname, '../../..');
const apiPort = Number(process.env.PORT ?? 3000);
/** Loopback only: what the agency simulator and the guide's hand-made receiver use. */
const LOCAL_WEBHOOK_NETWORKS = '127.0.0.0/8,::1';

function log(message: string): void {
  process.stdout.write(`[launcher] ${message}\n`);
}

async function main(): Promise<void> {
  if (await apiAnswers(`http://127.0.0.1:${apiPort}/health`)) {
    log(
      `Liên Thông is already running: API http://localhost:${apiPort}, docs http://localhost:${apiPort}/docs`,
    );
    log('nothing to start (stop the other instance with Ctrl-C, or set PORT to run a second API).');
    return;
  }
  log('starting infrastructure…');
  const infra = await startInfrastructure(log);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: infra.databaseUrl,
    TEMPORAL_ADDRESS: infra.temporalAddress,
    TEMPORAL_NAMESPACE: infra.temporalNamespace,
    PORT: String(apiPort),
    ...(infra.temporalUiUrl ? { TEMPORAL_UI_URL: infra.temporalUiUrl } : {}),
    ...(infra.eventStoreUrl ? { EVENTSTORE_URL: infra.eventStoreUrl } : {}),
    LIEN_THONG_SEED: process.env.LIEN_THONG_SEED ?? 'sample',
    LIEN_THONG_VAULT_KEY: localVaultKey(defaultDataRoot(), log),
    LIEN_THONG_TOKEN_KEY: localTokenKey(defaultDataRoot(), log),
    LIEN_THONG_ADMIN_PASSWORD: localAdminPassword(defaultDataRoot(), log),
    // A local system's agencies (the agency simulator, a receiver started by hand) listen on this
    // machine; a deployment leaves the setting unset, so webhooks reach public addresses only.
    LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS:
      process.env.LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS ?? LOCAL_WEBHOOK_NETWORKS,
  };
  if (env.LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS)
    log(
      `webhooks may reach ${env.LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS} (LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS)`,
    );

  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (stopping) process.exit(code);
    stopping = true;
    log('stopping…');
    await Promise.all(children.map((child) => terminateChild(child)));
    await infra.stop();
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const worker = run('worker', 'apps/worker/src/main.ts', env);
  children.push(worker);
  const api = run('api', 'apps/api/src/main.ts', env);
  children.push(api);
  for (const child of children) {
    child.on('exit', (code) => {
      if (!stopping) {
        log(`a process exited unexpectedly (code ${code}); stopping the system`);
        void stopAll(1);
      }
    });
  }

  await waitForHealth(`http://127.0.0.1:${apiPort}/health`, 120_000);
  const devClients = await ensureDevClients(
    `http://127.0.0.1:${apiPort}`,
    defaultDataRoot(),
    env.LIEN_THONG_ADMIN_PASSWORD!,
    log,
  ).catch((error: unknown) => {
    log(`dev API clients not registered: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  printWelcome(infra, devClients);
}

function run(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, 'tools/run-ts.cjs'), path.join(root, entry)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer, stream: NodeJS.WriteStream) => {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim()) stream.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', (c: Buffer) => prefix(c, process.stdout));
  child.stderr?.on('data', (c: Buffer) => prefix(c, process.stderr));
  return child;
}

async function apiAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200 || response.status === 503;
  } catch {
    return false;
  }
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The API did not become healthy within ${timeoutMs / 1000} s (${url}): ${last}`);
}

function printWelcome(infra: StartedInfrastructure, devClients: string | undefined): void {
  const base = `http://localhost:${apiPort}`;
  const lines = [
    '',
    '  Liên Thông is running.',
    '',
    `  API              ${base}`,
    `  OpenAPI docs     ${base}/docs`,
    `  Health           ${base}/health`,
    `  Temporal UI      ${infra.temporalUiUrl ?? '(external Temporal: see its own UI)'}`,
    '',
    ...infra.describe().map((l) => `  ${l}`),
    '',
    process.env.LIEN_THONG_ADMIN_PASSWORD
      ? '  Administrator    "admin", password from LIEN_THONG_ADMIN_PASSWORD'
      : `  Administrator    "admin", password in ${path.join(defaultDataRoot(), 'admin-password')}`,
    '  Log in           every endpoint but /health, /auth/* and /public/* needs a bearer token:',
    `                   curl -s ${base}/auth/login -H 'content-type: application/json' \\`,
    `                     -d '{"personId":"admin","password":"…"}'   # then -H 'authorization: Bearer <access_token>'`,
    ...(devClients
      ? [
          `  Agency clients   one API client per agency in ${devClients}`,
          `                   (POST ${base}/auth/token; npm run agency:simulate -- --agency <code> uses them)`,
        ]
      : []),
    '',
    '  Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[launcher] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { buildConsoleIfStale } from './console-build';
import path from 'node:path';
import { startInfrastructure, type StartedInfrastructure } from './infrastructure';
import { defaultDataRoot } from '@lien-thong/postgres';
import { terminateChild, WORKER_STOP_GRACE_MS } from '@lien-thong/temporal-bootstrap';
import { LOCAL_WEBHOOK_RECEIVER_PORTS } from '@lien-thong/agency-notifications';
import { LocalMailbox } from '@lien-thong/applicant-notifications';
import { ChatSimulator, PortalSimulator, PostalSimulator } from '@lien-thong/channels';
import { randomBytes } from 'node:crypto';
import { ensureDevClients } from './dev-clients';
import {
  onStopRequest,
  runsInOwnProcessGroup,
  superviseInOwnProcessGroup,
  type StopRequest,
} from './own-process-group';
import { localAdminPassword, localTokenKey, localVaultKey } from './vault-key';

/**
 * `npm start`: infrastructure on embedded defaults, then the API and the worker (Temporal worker +
 * projection runner) as separate processes, as in production. Ctrl-C stops everything cleanly.
 */
const root = path.resolve(__dirname, '../../..');
const apiPort = Number(process.env.PORT ?? 3000);
/**
 * Loopback on the local receivers' ports only (the agency simulator picks one of them): an agency's
 * client can never make the worker call this machine's PostgreSQL, Temporal or API (issue 16).
 */
const { from: RECEIVER_FROM, to: RECEIVER_TO } = LOCAL_WEBHOOK_RECEIVER_PORTS;
const LOCAL_WEBHOOK_NETWORKS = ['127.0.0.1', '[::1]', 'localhost']
  .map((host) => `${host}:${RECEIVER_FROM}-${RECEIVER_TO}`)
  .join(',');

function log(message: string): void {
  process.stdout.write(`[launcher] ${message}\n`);
}

async function main(): Promise<void> {
  // Until the API and the worker run, a stop request waits for the infrastructure to be up, then
  // stops it; a second one exits at once (the servers' own exit hooks and watchdogs stop them).
  let early: StopRequest | undefined;
  let onRequest = (request: StopRequest): void => {
    if (early !== undefined) process.exit(1);
    early = request;
    log('stopping once the infrastructure has started…');
  };
  onStopRequest((request) => onRequest(request));
  process.on('SIGINT', () => onRequest('drain'));
  process.on('SIGTERM', () => onRequest('drain'));

  if (await apiAnswers(`http://127.0.0.1:${apiPort}/health`)) {
    log(
      `Liên Thông is already running: API http://localhost:${apiPort}, docs http://localhost:${apiPort}/docs`,
    );
    log('nothing to start (stop the other instance with Ctrl-C, or set PORT to run a second API).');
    process.exit(0);
  }
  await buildConsoleIfStale(log);
  log('starting infrastructure…');
  const infra = await startInfrastructure(log);
  if (early !== undefined) {
    await infra.stop();
    log('stopped');
    process.exit(0);
  }
  // E-mails to applicants go to a local mailbox (SMTP on loopback, a page to read them), unless an
  // SMTP server is configured.
  const mailbox = process.env.LIEN_THONG_SMTP_URL ? undefined : await startLocalMailbox();
  // The national portal: its simulator on loopback, unless a portal is configured (issue 24).
  const portal = process.env.LIEN_THONG_PORTAL_URL
    ? undefined
    : new PortalSimulator(randomBytes(18).toString('base64url'));
  const portalUrl = portal ? await portal.start() : undefined;
  // The public postal service likewise: its simulator books and tracks results returned by post.
  const postal = process.env.LIEN_THONG_POSTAL_URL
    ? undefined
    : new PostalSimulator(randomBytes(18).toString('base64url'));
  const postalUrl = postal ? await postal.start() : undefined;
  // The city's chat account (Zalo): its simulator posts users' messages to the API's webhook.
  const chat = process.env.LIEN_THONG_CHAT_URL
    ? undefined
    : new ChatSimulator(randomBytes(18).toString('base64url'), randomBytes(24).toString('base64url'));
  const chatUrl = chat ? await chat.start() : undefined;
  chat?.deliverTo(`http://127.0.0.1:${apiPort}/channels/chat/zalo/events`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(mailbox ? { LIEN_THONG_SMTP_URL: mailbox.url } : {}),
    ...(portal ? { LIEN_THONG_PORTAL_URL: portalUrl, LIEN_THONG_PORTAL_TOKEN: portal.token } : {}),
    ...(postal ? { LIEN_THONG_POSTAL_URL: postalUrl, LIEN_THONG_POSTAL_TOKEN: postal.token } : {}),
    ...(chat
      ? {
          LIEN_THONG_CHAT_URL: chatUrl,
          LIEN_THONG_CHAT_TOKEN: chat.token,
          LIEN_THONG_CHAT_SECRET: chat.secret,
        }
      : {}),
    DATABASE_URL: infra.databaseUrl,
    TEMPORAL_ADDRESS: infra.temporalAddress,
    TEMPORAL_NAMESPACE: infra.temporalNamespace,
    PORT: String(apiPort),
    ...(infra.temporalUiUrl ? { TEMPORAL_UI_URL: infra.temporalUiUrl } : {}),
    ...(infra.eventStoreUrl ? { EVENTSTORE_URL: infra.eventStoreUrl } : {}),
    LIEN_THONG_SEED: process.env.LIEN_THONG_SEED ?? 'sample',
    // Readable lines on a terminal; production processes write JSON (docs/operations.md).
    LIEN_THONG_LOG_FORMAT: process.env.LIEN_THONG_LOG_FORMAT ?? 'pretty',
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
  // The API and the worker first (the worker drains: its work under way finishes), then the
  // infrastructure they were using. A second request stops them at once: each of them takes the
  // same signal twice as "now"; the infrastructure still stops after them.
  const stopAll = async (code: number, request: StopRequest = 'drain'): Promise<void> => {
    if (stopping) {
      if (request === 'now') {
        log('stopping now, without waiting for work under way…');
        for (const child of children) child.kill('SIGTERM');
      }
      return;
    }
    stopping = true;
    log(request === 'now' ? 'stopping now…' : 'stopping: the worker finishes what is under way…');
    const stopped = Promise.all([terminateChild(worker, WORKER_STOP_GRACE_MS), terminateChild(api)]);
    if (request === 'now') for (const child of children) child.kill('SIGTERM');
    await stopped;
    await mailbox?.close();
    await portal?.stop();
    await postal?.stop();
    await chat?.stop();
    await infra.stop();
    log('stopped');
    process.exit(code);
  };

  const worker = run('worker', 'apps/worker/src/main.ts', env);
  children.push(worker);
  const api = run('api', 'apps/api/src/main.ts', env);
  children.push(api);
  onRequest = (request) => void stopAll(0, request);
  for (const child of children) {
    child.on('exit', (code) => {
      if (!stopping) {
        log(`a process exited unexpectedly (code ${code}); stopping the system`);
        void stopAll(1);
      }
    });
  }

  try {
    await waitForHealth(`http://127.0.0.1:${apiPort}/health`, 120_000);
  } catch (error) {
    // Never leave the API, the worker or the infrastructure running behind a failed start.
    log(`${error instanceof Error ? error.message : String(error)}; stopping the system`);
    await stopAll(1);
    return;
  }
  const devClients = await ensureDevClients(
    `http://127.0.0.1:${apiPort}`,
    defaultDataRoot(),
    env.LIEN_THONG_ADMIN_PASSWORD!,
    log,
  ).catch((error: unknown) => {
    log(`dev API clients not registered: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  printWelcome(infra, devClients, mailbox, portal, postal, chat);
}

/** The local mailbox on its usual ports (SMTP 1025, page 8025), or on free ones when those are taken. */
async function startLocalMailbox(): Promise<LocalMailbox> {
  try {
    return await LocalMailbox.start({ smtpPort: 1025, webPort: 8025 });
  } catch {
    log('ports 1025/8025 are taken: the local mailbox listens on free ports instead');
    return LocalMailbox.start({ smtpPort: 0, webPort: 0 });
  }
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

function printWelcome(
  infra: StartedInfrastructure,
  devClients: string | undefined,
  mailbox: LocalMailbox | undefined,
  portal: PortalSimulator | undefined,
  postal: PostalSimulator | undefined,
  chat: ChatSimulator | undefined,
): void {
  const base = `http://localhost:${apiPort}`;
  const lines = [
    '',
    '  Liên Thông is running.',
    '',
    `  Web console      ${base}/console  (staff: log in; applicants: ${base}/console/public)`,
    `  API              ${base}`,
    `  OpenAPI docs     ${base}/docs`,
    `  Health           ${base}/health`,
    `  Temporal UI      ${infra.temporalUiUrl ?? '(external Temporal: see its own UI)'}`,
    mailbox
      ? `  Applicant mail   http://localhost:${mailbox.webPort} (local mailbox: what applicants are sent; SMTP ${mailbox.url})`
      : `  Applicant mail   sent through ${redactedUrl(process.env.LIEN_THONG_SMTP_URL ?? '')}`,
    portal
      ? `  National portal  ${portal.url} (simulator; file a dossier: POST /api/submissions, bearer ${portal.token}; docs/channels.md)`
      : `  National portal  ${redactedUrl(process.env.LIEN_THONG_PORTAL_URL ?? '')}`,
    postal
      ? `  Postal service   ${postal.url} (simulator: books and tracks results returned by post)`
      : `  Postal service   ${redactedUrl(process.env.LIEN_THONG_POSTAL_URL ?? '')}`,
    chat
      ? `  Chat (Zalo)      ${chat.url} (simulator; write as a user: POST /api/users/<id>/says {"text":"NOP"}, bearer ${chat.token})`
      : `  Chat (Zalo)      ${redactedUrl(process.env.LIEN_THONG_CHAT_URL ?? '')}`,
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

if (runsInOwnProcessGroup()) {
  main().catch((error: unknown) => {
    process.stderr.write(`[launcher] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
} else {
  superviseInOwnProcessGroup(process.execPath, [
    path.join(root, 'tools/run-ts.cjs'),
    path.join(root, 'apps/launcher/src/main.ts'),
  ]);
}

/** The URL without its password, for the console. */
function redactedUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(LIEN_THONG_SMTP_URL)';
  }
}

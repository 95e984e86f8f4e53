import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { InfrastructureError } from '@lien-thong/postgres';
import { terminateChild } from './terminate-child';
import { stopWhenParentDies } from './parent-watchdog';
import { ensureTemporalCli, temporalCliPath } from './temporal-cli';

export interface TemporalHandle {
  /** host:port of the frontend. */
  readonly address: string;
  readonly namespace: string;
  /** Web UI, when we know it. */
  readonly uiUrl: string | null;
  /** True when something already answered (TEMPORAL_ADDRESS, or a dev server left by an earlier start). */
  readonly reused: boolean;
  /** Stops the dev server we started; does nothing for a reused one. */
  stop(): Promise<void>;
}

export interface StartTemporalOptions {
  /** Where the dev server keeps its SQLite file; it survives restarts. */
  readonly dataDir: string;
  readonly port?: number;
  readonly uiPort?: number;
  readonly namespace?: string;
  readonly log?: (message: string) => void;
  /** How long the dev server may take to answer; 60 s by default. */
  readonly readyTimeoutMs?: number;
}

const GRPC_NOT_FOUND = 5;

type Probe = 'ready' | 'no-namespace' | 'unreachable';

/**
 * A plain TCP connect first: a closed port is refused at once, whereas a gRPC connection keeps retrying
 * until its timeout (1.5 s per poll while the server boots).
 */
function portOpen(address: string, timeoutMs: number): Promise<boolean> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(colon + 1));
  if (colon < 0 || !host || !Number.isInteger(port)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** What answers at `address`: a Temporal frontend serving `namespace`, one without it, or nothing. */
async function probe(address: string, namespace: string, timeoutMs: number): Promise<Probe> {
  if (!(await portOpen(address, timeoutMs))) return 'unreachable';
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace });
    return 'ready';
  } catch (error) {
    if (!isGrpcServiceError(error)) return 'unreachable';
    const code: number = error.code;
    return code === GRPC_NOT_FOUND ? 'no-namespace' : 'unreachable';
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** Answers true when a Temporal frontend answers at `address` within `timeoutMs`. */
export async function temporalAnswers(address: string, timeoutMs = 1_500): Promise<boolean> {
  if (!(await portOpen(address, timeoutMs))) return false;
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

function missingNamespace(address: string, namespace: string): InfrastructureError {
  return new InfrastructureError(
    `The Temporal server at ${address} answers but has no namespace "${namespace}". Create it ` +
      `(temporal operator namespace create --address ${address} ${namespace}) or set TEMPORAL_NAMESPACE.`,
  );
}

/**
 * Temporal for `npm start`: TEMPORAL_ADDRESS when set; else a server already answering on the port
 * (reused, e.g. left by an earlier start); else the cached CLI's `temporal server start-dev` with its
 * SQLite file in `dataDir`.
 */
export async function startTemporal(options: StartTemporalOptions): Promise<TemporalHandle> {
  const log = options.log ?? (() => undefined);
  const namespace = options.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default';
  const external = process.env.TEMPORAL_ADDRESS;
  if (external) {
    const found = await probe(external, namespace, 5_000);
    if (found === 'no-namespace') throw missingNamespace(external, namespace);
    if (found === 'unreachable') {
      throw new InfrastructureError(
        `TEMPORAL_ADDRESS is set to ${external} but no Temporal frontend answers there. ` +
          'Start that server, or unset TEMPORAL_ADDRESS to run the local dev server.',
      );
    }
    return { address: external, namespace, uiUrl: null, reused: true, stop: () => Promise.resolve() };
  }

  const port = options.port ?? 7233;
  const uiPort = options.uiPort ?? 8233;
  const address = `127.0.0.1:${port}`;
  const uiUrl = `http://localhost:${uiPort}`;
  const already = await probe(address, namespace, 1_500);
  if (already === 'no-namespace') throw missingNamespace(address, namespace);
  if (already === 'ready') {
    log(`Temporal: reusing the server already answering on ${address}`);
    return { address, namespace, uiUrl, reused: true, stop: () => Promise.resolve() };
  }

  const cli = await ensureTemporalCli({ log: (m) => log(`Temporal: ${m}`) });
  if (!cli) {
    throw new InfrastructureError(
      `No Temporal server: the Temporal CLI is not cached (${temporalCliPath()}) and Go is not installed ` +
        'to build it. Install Go 1.25+ (the pinned CLI is then built once, in several minutes), or set ' +
        'TEMPORAL_ADDRESS to an existing Temporal server.',
    );
  }
  await mkdir(options.dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(options.dataDir, 'temporal.sqlite'),
    // Write-ahead log, synced at checkpoints: a killed server (or this process) loses nothing that
    // was committed; only an operating-system crash may lose the last transactions (ADR 0006).
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
  ];
  const started = Date.now();
  // Same process group (not detached): Ctrl-C in a terminal reaches the server too.
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 30) tail.shift();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  // Normal exit: kill synchronously. SIGKILL of this process: the watchdog notices and stops the server.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const watchdog = child.pid === undefined ? undefined : stopWhenParentDies(child.pid);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.pid !== undefined) await terminateChild(child);
    watchdog?.release();
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  for (;;) {
    if ((await probe(address, namespace, 1_500)) === 'ready') break;
    if (spawnError) {
      await stop();
      throw new InfrastructureError(
        `The Temporal dev server (${cli}) could not start: ${spawnError.message}`,
      );
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new InfrastructureError(
        `The Temporal dev server exited (${child.signalCode ?? `code ${child.exitCode}`}) before answering ` +
          `on ${address}. Is the port taken by something else? Last output:\n${tail.join('\n')}`,
      );
    }
    if (Date.now() - started > readyTimeoutMs) {
      await stop();
      throw new InfrastructureError(
        `The Temporal dev server did not answer on ${address} within ${Math.round(readyTimeoutMs / 1000)} s. ` +
          `Last output:\n${tail.join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  log(
    `Temporal: dev server on ${address} in ${Date.now() - started} ms, Web UI ${uiUrl} (${options.dataDir})`,
  );
  return { address, namespace, uiUrl, reused: false, stop };
}

import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { InfrastructureError } from '../infrastructure.errors';
import { ensureTemporalCli } from './temporal-cli';
import { terminateChild } from '../process/terminate-child';

export interface TemporalHandle {
  /** host:port of the frontend. */
  readonly address: string;
  readonly namespace: string;
  /** Web UI, when we know it. */
  readonly uiUrl: string | null;
  /** True when something already answered (TEMPORAL_ADDRESS, or a dev server left by an earlier start). */
  readonly reused: boolean;
  stop(): Promise<void>;
}

export interface StartTemporalOptions {
  /** Where the dev server keeps its SQLite file; it survives restarts. */
  readonly dataDir: string;
  readonly port?: number;
  readonly uiPort?: number;
  readonly namespace?: string;
  readonly log?: (message: string) => void;
}

/** Answers true when a Temporal frontend answers at `address` within `timeoutMs`. */
export async function temporalAnswers(address: string, timeoutMs = 1_500): Promise<boolean> {
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

/**
 * Temporal for `npm start`: TEMPORAL_ADDRESS when set; else a dev server already answering on the port
 * (reused); else the cached CLI's `temporal server start-dev` with SQLite persistence.
 */
export async function startTemporal(options: StartTemporalOptions): Promise<TemporalHandle> {
  const log = options.log ?? (() => undefined);
  const namespace = options.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default';
  const external = process.env.TEMPORAL_ADDRESS;
  if (external) {
    if (!(await temporalAnswers(external, 5_000))) {
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
  if (await temporalAnswers(address)) {
    log(`Temporal: reusing the server already answering on ${address}`);
    return { address, namespace, uiUrl, reused: true, stop: () => Promise.resolve() };
  }

  const cli = await ensureTemporalCli({ log: (m) => log(`Temporal: ${m}`) });
  if (!cli) {
    throw new InfrastructureError(
      'The Temporal CLI is not cached and Go is not installed to build it. Install Go 1.22+ ' +
        '(then `npm start` builds the pinned CLI once), or set TEMPORAL_ADDRESS to an existing Temporal server.',
    );
  }
  await mkdir(options.dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(options.dataDir, 'temporal.sqlite'),
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
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 30) tail.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Do not leave an orphan server when this process exits normally or by a signal we handle.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const deadline = Date.now() + 60_000;
  while (!(await temporalAnswers(address))) {
    if (child.exitCode !== null) {
      process.removeListener('exit', killOnExit);
      throw new InfrastructureError(
        `The Temporal dev server exited (code ${child.exitCode}) before answering on ${address}. ` +
          `Is the port taken? Last output:\n${tail.join('\n')}`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new InfrastructureError(
        `The Temporal dev server did not answer on ${address} within 60 s:\n${tail.join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  log(`Temporal: dev server on ${address}, Web UI ${uiUrl} (${options.dataDir})`);
  return {
    address,
    namespace,
    uiUrl,
    reused: false,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await terminateChild(child);
    },
  };
}

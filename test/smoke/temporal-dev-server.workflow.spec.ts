import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { InfrastructureError } from '@lien-thong/postgres';
import { startTemporal, temporalAnswers } from '@lien-thong/temporal-bootstrap';

const repoRoot = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts a dev server on ports found free. Another suite may take one of them between the pick and the
 * bind (the server then exits with "address already in use"): only that race is retried, with new ports.
 */
async function startOnFreePorts(dataDir: string): Promise<{
  server: Awaited<ReturnType<typeof startTemporal>>;
  options: Parameters<typeof startTemporal>[0];
}> {
  for (let attempt = 1; ; attempt += 1) {
    const options = { dataDir, port: await freePort(), uiPort: await freePort(), namespace: 'default' };
    try {
      return { server: await startTemporal(options), options };
    } catch (error) {
      if (
        attempt >= 3 ||
        !(error instanceof InfrastructureError) ||
        !/address already in use/.test(error.message)
      )
        throw error;
    }
  }
}

async function withClient<T>(address: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return check();
}

describe('startTemporal, the dev server behind npm start', () => {
  const savedAddress = process.env.TEMPORAL_ADDRESS;
  let dataRoot: string;
  beforeAll(async () => {
    // These tests are about the local dev server; an outer TEMPORAL_ADDRESS must not short-circuit them.
    delete process.env.TEMPORAL_ADDRESS;
    dataRoot = await mkdtemp(path.join(os.tmpdir(), 'lien-thong-temporal-spec-'));
  });
  afterAll(async () => {
    if (savedAddress === undefined) delete process.env.TEMPORAL_ADDRESS;
    else process.env.TEMPORAL_ADDRESS = savedAddress;
    await rm(dataRoot, { recursive: true, force: true });
  });

  it('reuses a server that already answers, and keeps workflows in its SQLite file across restarts', async () => {
    const { server: first, options } = await startOnFreePorts(path.join(dataRoot, 'persisted'));
    const workflowId = 'parked-across-restarts';
    let secondReused: boolean;
    try {
      const second = await startTemporal(options);
      secondReused = second.reused;
      await second.stop();
      expect(await temporalAnswers(first.address)).toBe(true);
      // No worker polls this queue: the workflow stays running, stored in SQLite.
      await withClient(first.address, (client) =>
        client.workflow.start('parked', { taskQueue: 'nobody-polls', workflowId }),
      );
    } finally {
      await first.stop();
    }
    expect(await temporalAnswers(first.address)).toBe(false);

    const restarted = await startTemporal(options);
    try {
      const status = await withClient(restarted.address, async (client) => {
        const description = await client.workflow.getHandle(workflowId).describe();
        return description.status.name;
      });
      expect({ first: first.reused, second: secondReused, restarted: restarted.reused, status }).toEqual({
        first: false,
        second: true,
        restarted: false,
        status: 'RUNNING',
      });
    } finally {
      await restarted.stop();
    }
  });

  it('uses TEMPORAL_ADDRESS when a server answers there, and says what is wrong when it does not', async () => {
    const { server } = await startOnFreePorts(path.join(dataRoot, 'external'));
    try {
      process.env.TEMPORAL_ADDRESS = server.address;
      const external = await startTemporal({ dataDir: path.join(dataRoot, 'unused'), namespace: 'default' });
      expect(external).toMatchObject({ address: server.address, reused: true, uiUrl: null });
      await expect(
        startTemporal({ dataDir: path.join(dataRoot, 'unused'), namespace: 'nowhere' }),
      ).rejects.toThrow(/has no namespace "nowhere"/);

      process.env.TEMPORAL_ADDRESS = `127.0.0.1:${await freePort()}`;
      const refused = startTemporal({ dataDir: path.join(dataRoot, 'unused'), namespace: 'default' });
      await expect(refused).rejects.toThrow(InfrastructureError);
      await expect(refused).rejects.toThrow(
        /TEMPORAL_ADDRESS is set to .* no Temporal frontend answers there/,
      );
    } finally {
      delete process.env.TEMPORAL_ADDRESS;
      await server.stop();
    }
  });

  it('stops the dev server when the process that started it is killed with SIGKILL', async () => {
    // Free ports are picked, then bound by another process: another suite may take one in between
    // (the dev server then exits with "address already in use"). Only that race is retried, with new ports.
    const startParent = async () => {
      const port = await freePort();
      const child = spawn(
        process.execPath,
        [
          path.join(repoRoot, 'tools/run-ts.cjs'),
          path.join(__dirname, 'fixtures/start-temporal.main.ts'),
          path.join(dataRoot, `orphan-${port}`),
          String(port),
          String(await freePort()),
        ],
        { cwd: repoRoot, env: { ...process.env, TEMPORAL_ADDRESS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const output: string[] = [];
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      const ready = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          const found = /ready (\S+)/.exec(chunk.toString('utf8'));
          if (found?.[1]) resolve(found[1]);
        });
        child.once('exit', (code) => reject(new Error(`parent exited (${code}): ${output.join('')}`)));
      });
      return { parent: child, address: ready };
    };
    let started: Awaited<ReturnType<typeof startParent>> | undefined;
    for (let attempt = 1; started === undefined; attempt += 1) {
      try {
        started = await startParent();
      } catch (error) {
        if (attempt >= 3 || !/address already in use/.test(String(error))) throw error;
      }
    }
    const { parent, address } = started;
    expect(await temporalAnswers(address)).toBe(true);

    parent.kill('SIGKILL');
    expect(await eventually(async () => !(await temporalAnswers(address, 500)), 20_000)).toBe(true);
  });
});

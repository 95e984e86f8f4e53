import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ensureGoTool, terminateChild, type GoTool } from '@lien-thong/temporal-bootstrap';

/**
 * gofakes3 (an S3-compatible server in Go, MIT), pinned and built once from Go modules like the Temporal
 * CLI: the S3 file store's tests run against a real S3 protocol server on loopback, never a cloud.
 */
export const GOFAKES3: GoTool = {
  title: 'gofakes3 (the tests’ S3-compatible server)',
  module: 'github.com/johannesboyne/gofakes3/cmd/gofakes3',
  version: 'v1.2.0',
  binary: 'gofakes3',
  cacheDir: 'gofakes3',
};

export interface FakeS3 {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** Keys it accepts (it checks none; real signing is sent all the same). */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  stop(): Promise<void>;
}

/**
 * Starts gofakes3 on a free loopback port, in memory, creating buckets on first use. Throws (never skips)
 * when it cannot be built or does not answer: a test of the S3 store that did not run must fail.
 */
export async function startFakeS3(log: (message: string) => void = () => undefined): Promise<FakeS3> {
  const binary = await ensureGoTool(GOFAKES3, { log });
  if (!binary) throw new Error(`gofakes3 could not be had (no \`go\` on PATH to build ${GOFAKES3.module})`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['-backend', 'memory', '-autobucket', '-host', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gofakes3 exited at start (code ${child.exitCode})`);
    try {
      const answer = await fetch(`${endpoint}/`);
      if (answer.status < 500) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await terminateChild(child, 2_000);
      throw new Error(`gofakes3 did not answer on ${endpoint} within 15 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    endpoint,
    accessKeyId: 'lien-thong-test',
    secretAccessKey: 'lien-thong-test-secret',
    stop: () => terminateChild(child, 2_000),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

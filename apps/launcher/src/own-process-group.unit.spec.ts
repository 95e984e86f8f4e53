import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** Starts the test kit as a terminal would start `npm start`: leader of its own (foreground) group. */
function startFront() {
  const front: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'tools/run-ts.cjs'), path.join(__dirname, 'testing/own-process-group-child.ts')],
    { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  front.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  front.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const lines = () => output.split('\n').filter(Boolean);
  const exited = new Promise<number | null>((resolve) => front.once('exit', (code) => resolve(code)));
  // Every writer of the pipe (the front and the process it started) has closed it.
  const outputClosed = new Promise<void>((resolve) => front.stdout?.once('end', () => resolve()));
  return {
    front,
    lines,
    exited,
    outputClosed,
    /** Ctrl-C: the terminal signals every process of its foreground group. */
    ctrlC: () => process.kill(-front.pid!, 'SIGINT'),
    waitFor: async (line: string) => {
      const until = Date.now() + 30_000;
      while (!lines().includes(line)) {
        if (Date.now() > until) throw new Error(`no "${line}" in:\n${output}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

describe('the launcher in its own process group', () => {
  it("Ctrl-C reaches the system only as the front's requests: the first to drain, the second to stop now", async () => {
    const f = startFront();
    await f.waitFor('ready');
    f.ctrlC();
    await f.waitFor('request drain');
    f.ctrlC();
    expect(await f.exited).toBe(3);
    await f.outputClosed;
    expect(f.lines()).toEqual(['ready', 'request drain', 'request now']);
  }, 60_000);

  it('takes the front dying without a word (SIGKILL) as a drain request', async () => {
    const f = startFront();
    await f.waitFor('ready');
    f.front.kill('SIGKILL');
    await f.outputClosed;
    expect(f.lines()).toEqual(['ready', 'request drain']);
  }, 60_000);
});

import { spawnSync } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withFileLock } from './file-lock';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withFileLock', () => {
  let dir: string;
  let lock: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lien-thong-lock-spec-'));
    lock = path.join(dir, 'build.lock');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets one holder in at a time and removes the lock afterwards', async () => {
    const events: string[] = [];
    const hold = (name: string) =>
      withFileLock(lock, async () => {
        events.push(`${name} in`);
        await pause(100);
        events.push(`${name} out`);
      });

    await Promise.all([hold('a'), hold('b'), hold('c')]);

    for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i]!.replace(' in', ' out'));
    expect(events).toHaveLength(6);
    expect(existsSync(lock)).toBe(false);
  });

  it('releases the lock when the work fails', async () => {
    await expect(withFileLock(lock, () => Promise.reject(new Error('build broke')))).rejects.toThrow(
      'build broke',
    );
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock left by a process of this host that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lock, `${gone}@${os.hostname()}`);

    await expect(withFileLock(lock, () => Promise.resolve('built'))).resolves.toBe('built');
  });

  it('takes over a lock its holder stopped refreshing, even from another host', async () => {
    writeFileSync(lock, `1@another-host`);
    const longAgo = Date.now() / 1000 - 3600;
    utimesSync(lock, longAgo, longAgo);

    await expect(withFileLock(lock, () => Promise.resolve('built'))).resolves.toBe('built');
  });

  it('waits while a live holder keeps the lock, and says so once', async () => {
    writeFileSync(lock, `${process.pid}@${os.hostname()}`);
    let waits = 0;
    let entered = false;
    const waiting = withFileLock(
      lock,
      () => {
        entered = true;
        return Promise.resolve();
      },
      { onWait: () => (waits += 1) },
    );

    await pause(300);
    expect(entered).toBe(false);
    await rm(lock);
    await waiting;
    expect({ entered, waits }).toEqual({ entered: true, waits: 1 });
  });
});

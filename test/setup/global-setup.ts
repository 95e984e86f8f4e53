// jest applies moduleNameMapper to tests, not to global setup: resolve @lien-thong/* aliases here.
import 'tsconfig-paths/register';
import os from 'node:os';
import path from 'node:path';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { ensureDatabase, startPostgres } from '../../libs/postgres/src';
import { assertTestDatabase, TEST_DATABASE_URL_ENV } from '../../libs/postgres/src/testing';
import { freePort } from '../support/free-port';

/**
 * One PostgreSQL per test run, shared by the int, workflows and e2e projects (each project's global
 * setup runs in jest's parent process, so the first one starts it and the others reuse it).
 * DATABASE_URL selects an existing server; otherwise an embedded one starts in a temporary directory.
 * Suites then take a fresh schema each (createTestSchema).
 */
interface SharedState {
  refs: number;
  stop: () => Promise<void>;
}
const key = Symbol.for('lien-thong.test-postgres');
type GlobalWithState = typeof globalThis & { [key]?: SharedState };

export default async function globalSetup(): Promise<void> {
  const g = globalThis as GlobalWithState;
  const existing = g[key];
  if (existing) {
    existing.refs += 1;
    return;
  }
  const started = Date.now();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lien-thong-test-pg-'));
  // mkdtemp makes the directory 0700; as root, the server runs as the postgres user and must reach it.
  await chmod(dataDir, 0o755);
  const handle = await startPostgres({
    dataDir: path.join(dataDir, 'data'),
    port: await freePort(),
    ephemeral: true,
    durability: 'test',
    log: (m) => process.stderr.write(`[test setup] ${m}\n`),
  });
  const url = await ensureDatabase(handle.url, 'lien_thong_test');
  assertTestDatabase(url);
  process.env[TEST_DATABASE_URL_ENV] = url;
  g[key] = {
    refs: 1,
    stop: async () => {
      await handle.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  process.stderr.write(
    `\n[test setup] PostgreSQL ready (${handle.embedded ? 'embedded' : 'DATABASE_URL'}) in ${Date.now() - started} ms\n`,
  );
}

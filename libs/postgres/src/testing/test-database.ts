import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { databaseNameOf } from '../embedded-postgres';

/** Set by the jest global setup (test/setup/global-setup.ts) for every test worker. */
export const TEST_DATABASE_URL_ENV = 'LIEN_THONG_TEST_DATABASE_URL';

export interface TestSchema {
  /** A pool whose connections use the suite's own schema. */
  readonly pool: Pool;
  readonly schema: string;
  /** Connection string that lands new clients in the schema (`options=-c search_path=...`). */
  readonly connectionString: string;
  /** Closes the pool and drops the schema with everything in it. */
  drop(): Promise<void>;
}

export function testDatabaseUrl(): string {
  const url = process.env[TEST_DATABASE_URL_ENV];
  if (!url) {
    throw new Error(
      `${TEST_DATABASE_URL_ENV} is not set: integration tests must run through jest's int/workflows/e2e ` +
        'projects, whose global setup starts PostgreSQL (npm run test:int).',
    );
  }
  assertTestDatabase(url);
  return url;
}

/** Refuses to touch a database whose name does not mark it as a test one. */
export function assertTestDatabase(url: string): void {
  const name = databaseNameOf(url);
  if (!/(^|_)test(_|$)/.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test".`);
  }
}

/** A fresh schema in the test database, for one test suite. */
export async function createTestSchema(label: string, options: { max?: number } = {}): Promise<TestSchema> {
  const base = testDatabaseUrl();
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const schema = `t_${safeLabel}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const connectionString = url.toString();
  const pool = new Pool({ connectionString, max: options.max ?? 10 });
  let dropped = false;
  return {
    pool,
    schema,
    connectionString,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await pool.end();
      const client = new Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

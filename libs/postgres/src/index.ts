export { InfrastructureError } from './infrastructure.errors';
export {
  startPostgres,
  waitForPostgres,
  ensureDatabase,
  withDatabase,
  databaseNameOf,
  redact,
  defaultDataRoot,
  DEFAULT_EMBEDDED_PG_PORT,
  type PostgresHandle,
  type StartPostgresOptions,
} from './embedded-postgres';
export { runMigrations, type Migration, type RunMigrationsOptions } from './migrations';
export { PG_POOL, createPool, inTransaction } from './pool';

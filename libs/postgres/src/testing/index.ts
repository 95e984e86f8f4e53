export {
  createTestSchema,
  testDatabaseUrl,
  assertTestDatabase,
  TEST_DATABASE_URL_ENV,
  type TestSchema,
} from './test-database';

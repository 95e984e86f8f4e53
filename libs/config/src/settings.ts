import { z } from 'zod';
import { InfrastructureError } from '@lien-thong/postgres';

/**
 * Every setting of the API and the worker in one schema (issue 23), validated once at start by zod: a
 * wrong value stops the process with a message naming each setting that is wrong, all at once. The
 * snapshot it returns is what the processes read from then on (RuntimeConfig.settings); no module reads
 * the environment by itself later. Defaults and meanings: docs/operations.md#settings (a test keeps the
 * two in step). The values stay strings here: each component turns its own into numbers, URLs or lists
 * (runtime-config.ts, the rate limits, the webhook dispatcher…), with messages of its own; what the
 * schema checks is that each is of the right form.
 */
const text = () => z.string().optional();
const positive = (what: string) =>
  z
    .string()
    .refine((v) => Number.isFinite(Number(v)) && Number(v) > 0, `must be a positive number (${what})`)
    .optional();
const positiveInt = (what: string) =>
  z
    .string()
    .refine((v) => /^\d+$/.test(v) && Number(v) > 0, `must be a positive whole number (${what})`)
    .optional();
const share = () =>
  z
    .string()
    .refine((v) => Number(v) > 0 && Number(v) < 1, 'must be a share between 0 and 1 (e.g. 0.8)')
    .optional();
const oneOf = (values: readonly [string, ...string[]]) =>
  z.enum(values, { error: () => `must be one of ${values.join(', ')}` }).optional();
const hostPort = () =>
  z
    .string()
    .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be host:port (e.g. 127.0.0.1:9464)')
    .optional();
const url = (protocols: readonly string[]) =>
  z
    .string()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL (${protocols.join(' or ')}//…)`,
    )
    .optional();
const base64Key = () =>
  z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'must be the base64 of 32 bytes (openssl rand -base64 32)',
    )
    .optional();

export const SETTINGS_SCHEMA = z.object({
  // Infrastructure
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  EVENTSTORE_URL: url(['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:']),
  TEMPORAL_ADDRESS: hostPort(),
  TEMPORAL_NAMESPACE: text(),
  TEMPORAL_TLS: oneOf(['true', 'false']),
  TEMPORAL_TLS_CLIENT_CERT_PATH: text(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: text(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: text(),
  TEMPORAL_TLS_SERVER_NAME: text(),
  TEMPORAL_API_KEY: text(),
  TEMPORAL_UI_URL: url(['http:', 'https:']),
  LIEN_THONG_TEMPORAL_SEARCH_ATTRIBUTES: oneOf(['auto', 'off']),
  PORT: positiveInt('a TCP port').refine((v) => v === undefined || Number(v) <= 65535, 'must be a TCP port'),
  API_PORT: positiveInt('a TCP port'),
  API_HOST: text(),
  LIEN_THONG_TRUST_PROXY: text(),
  LIEN_THONG_CONSOLE_DIR: text(),
  LIEN_THONG_WORKER_ROLES: text(),
  LIEN_THONG_LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  LIEN_THONG_LOG_FORMAT: oneOf(['json', 'pretty']),
  LIEN_THONG_METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (openssl rand -base64 24)')
    .optional(),
  LIEN_THONG_WORKER_HTTP_ADDRESS: hostPort(),
  LIEN_THONG_TEMPORAL_METRICS_ADDRESS: hostPort(),
  // Keys and the first administrator
  LIEN_THONG_VAULT_KEY: base64Key(),
  LIEN_THONG_VAULT_KEY_ID: text(),
  LIEN_THONG_VAULT_READ_KEYS: text(),
  LIEN_THONG_TOKEN_KEY: base64Key(),
  LIEN_THONG_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  // Behaviour
  LIEN_THONG_SEED: oneOf(['sample', 'none']),
  LIEN_THONG_CALENDAR: oneOf(['vietnamese', 'always-open']),
  LIEN_THONG_REMINDER_SHARE: share(),
  LIEN_THONG_APOLOGY_NOTICE: z
    .string()
    .max(0, 'is no longer read: the apology notice is a setting of each procedure (apologyNotice)')
    .optional(),
  LIEN_THONG_EARLY_WARNING_THRESHOLD: share(),
  LIEN_THONG_EARLY_WARNING_INTERVAL_SECONDS: positive('seconds'),
  LIEN_THONG_EARLY_WARNING_HISTORY_DAYS: positiveInt('days'),
  LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS: text(),
  LIEN_THONG_WEBHOOK_TIMEOUT_MS: positiveInt('milliseconds'),
  LIEN_THONG_WEBHOOK_MAX_ATTEMPTS: positiveInt('attempts'),
  LIEN_THONG_WEBHOOK_MAX_AGE_HOURS: positiveInt('hours'),
  LIEN_THONG_WEBHOOK_POLL_MS: positiveInt('milliseconds'),
  LIEN_THONG_SMTP_URL: url(['smtp:', 'smtps:']),
  LIEN_THONG_MAIL_FROM: text(),
  LIEN_THONG_SMS_GATEWAY_URL: url(['http:', 'https:']),
  LIEN_THONG_SMS_GATEWAY_TOKEN: text(),
  LIEN_THONG_SMS_GATEWAY_CHANNEL: oneOf(['sms', 'zalo']),
  LIEN_THONG_PORTAL_URL: url(['http:', 'https:']),
  LIEN_THONG_PORTAL_TOKEN: text(),
  LIEN_THONG_PORTAL_RECONCILE_INTERVAL_SECONDS: positiveInt('seconds'),
  LIEN_THONG_POSTAL_URL: url(['http:', 'https:']),
  LIEN_THONG_POSTAL_TOKEN: text(),
  LIEN_THONG_CHAT_URL: text(),
  LIEN_THONG_CHAT_TOKEN: text(),
  LIEN_THONG_CHAT_SECRET: text(),
  LIEN_THONG_FILES_DIR: text(),
  LIEN_THONG_FILE_STORE: oneOf(['local', 's3']),
  LIEN_THONG_S3_BUCKET: text(),
  LIEN_THONG_S3_PREFIX: text(),
  LIEN_THONG_S3_ENDPOINT: url(['http:', 'https:']),
  LIEN_THONG_S3_REGION: text(),
  LIEN_THONG_S3_ACCESS_KEY_ID: text(),
  LIEN_THONG_S3_SECRET_ACCESS_KEY: text(),
  LIEN_THONG_FILE_MAX_BYTES: positiveInt('bytes'),
  LIEN_THONG_FILE_TYPES: text(),
  LIEN_THONG_FILE_SCAN_COMMAND: text(),
  LIEN_THONG_FILE_RETENTION_HOURS: positiveInt('hours'),
  LIEN_THONG_FILE_JANITOR_INTERVAL_SECONDS: positiveInt('seconds'),
  // Rate limits (per API process)
  LIEN_THONG_CLIENT_RATE_PER_SECOND: positive('requests per second'),
  LIEN_THONG_CLIENT_BURST: positive('requests'),
  LIEN_THONG_ANONYMOUS_RATE_PER_SECOND: positive('requests per second'),
  LIEN_THONG_ANONYMOUS_BURST: positive('requests'),
  LIEN_THONG_CREDENTIALS_RATE_PER_SECOND: positive('attempts per second'),
  LIEN_THONG_CREDENTIALS_BURST: positive('attempts'),
  LIEN_THONG_LOOKUP_MISSES_PER_MINUTE: positive('misses per minute'),
  LIEN_THONG_LOOKUP_MISS_BURST: positive('misses'),
  LIEN_THONG_PUBLIC_FILING_PER_HOUR: positive('uploads and filings per hour'),
  LIEN_THONG_PUBLIC_FILING_BURST: positive('uploads and filings'),
});

export type SettingName = keyof z.infer<typeof SETTINGS_SCHEMA>;
/** The settings as given (strings), each checked for its form; unset ones absent. */
export type Settings = Readonly<Partial<Record<SettingName, string>>>;

/** Settings of the tools and tests, read by them alone (docs/operations.md lists them too). */
const NOT_PROCESS_SETTINGS = new Set([
  'LIEN_THONG_DATA_DIR',
  'LIEN_THONG_CACHE_DIR',
  'LIEN_THONG_LAUNCHER_IN_OWN_GROUP',
  'LIEN_THONG_API_URL',
  'LIEN_THONG_CLIENT_SECRET',
  'LIEN_THONG_TEST_DATABASE_URL',
  'LIEN_THONG_CHROMIUM',
  'LIEN_THONG_WRITE_OPENAPI_EXAMPLES',
  'LIEN_THONG_WRITE_CONSOLE_API',
]);

/**
 * Reads every setting once and checks them all: throws an InfrastructureError naming each setting that
 * is wrong (not only the first). `unknown` lists LIEN_THONG_* variables no process reads (a typo, say),
 * for the caller to warn about.
 */
export function loadSettings(env: Readonly<Record<string, string | undefined>>): {
  settings: Settings;
  unknown: string[];
} {
  const names = Object.keys(SETTINGS_SCHEMA.shape) as SettingName[];
  const given: Record<string, string> = {};
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) given[name] = value;
  }
  const result = SETTINGS_SCHEMA.safeParse(given);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) =>
        `${String(issue.path[0])}=${JSON.stringify(given[String(issue.path[0])] ?? '')}: ${issue.message}`,
    );
    throw new InfrastructureError(
      `Settings that cannot be used (docs/operations.md#settings):\n  ${problems.join('\n  ')}`,
    );
  }
  const known = new Set<string>(names);
  const unknown = Object.keys(env)
    .filter((n) => n.startsWith('LIEN_THONG_') && !known.has(n) && !NOT_PROCESS_SETTINGS.has(n))
    .sort();
  return { settings: Object.freeze({ ...given }), unknown };
}

import { InfrastructureError } from '@lien-thong/postgres';
import { temporalConnectionFromEnv, type TemporalConnectionSettings } from './temporal-connection';
import { loadSettings, type Settings } from './settings';

/**
 * The Nest token of the process's `RuntimeConfig`. Contexts inject it; `@lien-thong/platform` provides
 * it. A plain symbol, so this library needs no Nest.
 */
export const RUNTIME_CONFIG = Symbol.for('lien-thong.RuntimeConfig');

/** What the API and worker processes need to know; the launcher passes it as environment variables. */
export interface RuntimeConfig {
  readonly databaseUrl: string;
  readonly temporalAddress: string;
  readonly temporalNamespace: string;
  /** TLS (mTLS) and API key for a real Temporal cluster (temporal-connection.ts); unset: plain. */
  readonly temporalConnection?: TemporalConnectionSettings;
  /** Set: events go to EventStoreDB. Unset: PostgreSQL stores the events. */
  readonly eventStoreUrl: string | undefined;
  readonly apiPort: number;
  readonly apiHost: string;
  /** Shown to people (Temporal Web UI), when known. */
  readonly temporalUiUrl: string | undefined;
  /** `sample`: load the sample catalogue (agencies, procedures) at start if missing. */
  readonly seed?: 'sample' | 'none';
  /**
   * `vietnamese` (default): working days, hours and holidays. `always-open`: every instant counts, for
   * test procedures whose budgets are in seconds.
   */
  readonly calendar?: 'vietnamese' | 'always-open';
  /** Base64 of the 32-byte current master key of the personal-data vault (LIEN_THONG_VAULT_KEY). */
  readonly vaultMasterKey?: string;
  /** The current master key's id (LIEN_THONG_VAULT_KEY_ID); unset: `master-1`. See `VaultKeyring`. */
  readonly vaultKeyId?: string;
  /**
   * Other master keys, read but never written with (LIEN_THONG_VAULT_READ_KEYS): `id:base64,…`. Old
   * keys until a rotation has re-wrapped everything; the next key before every process makes it current.
   */
  readonly vaultReadKeys?: string;
  /**
   * Base64 of the 32-byte key that signs access tokens (LIEN_THONG_TOKEN_KEY). Unset: a key derived
   * from the vault master key (HKDF) is used, so a deployment can start with one secret and add this
   * one when it wants to rotate token keys on their own.
   */
  readonly tokenKey?: string;
  /**
   * Which proxies in front of the API to trust for the client's address (`X-Forwarded-For`), as
   * Express's `trust proxy`: a number of hops, or addresses / subnets / `loopback`, `uniquelocal`
   * (LIEN_THONG_TRUST_PROXY). Unset: none; the address is the socket's. The per-address rate limits and
   * the audit log use that address.
   */
  readonly trustProxy?: number | string;
  /**
   * Private networks and hosts webhooks may nevertheless reach (LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS):
   * comma-separated CIDRs, addresses and host:port pairs, checked by libs/agency-notifications. Unset:
   * only public addresses.
   */
  readonly webhookAllowedNetworks?: string;
  /**
   * Notices to applicants (issue 18, item 11; docs/applicants.md). E-mail through this SMTP server
   * (LIEN_THONG_SMTP_URL, `smtp://` or `smtps://`, credentials in the URL); unset: no e-mail.
   */
  readonly smtpUrl?: string;
  /** The From of those e-mails (LIEN_THONG_MAIL_FROM). */
  readonly mailFrom?: string;
  /**
   * Texts through an SMS or Zalo gateway over HTTP (LIEN_THONG_SMS_GATEWAY_URL; unset: no texts), its
   * bearer token (LIEN_THONG_SMS_GATEWAY_TOKEN) and what it delivers (LIEN_THONG_SMS_GATEWAY_CHANNEL,
   * `sms` by default or `zalo`).
   */
  readonly smsGateway?: { readonly url: string; readonly token?: string; readonly channel: 'sms' | 'zalo' };
  /** The web console's built files (LIEN_THONG_CONSOLE_DIR; default apps/console/dist). */
  readonly consoleDir?: string;
  /**
   * Logs (LIEN_THONG_LOG_LEVEL, default `info`; LIEN_THONG_LOG_FORMAT, `json` by default or `pretty`).
   * Absent (a configuration built by a test): nothing is logged.
   */
  readonly logging?: LoggingOptions;
  /**
   * The bearer token a Prometheus scraper sends to /metrics (LIEN_THONG_METRICS_TOKEN); unset: only an
   * administrator's access token (API), and the worker's /metrics only on a loopback address.
   */
  readonly metricsToken?: string;
  /** `host:port` of the worker's HTTP server: /metrics, /health/live, /health/ready (LIEN_THONG_WORKER_HTTP_ADDRESS); unset: none. */
  readonly workerHttpAddress?: { readonly host: string; readonly port: number };
  /** `host:port` where the Temporal runtime exports its own worker metrics (LIEN_THONG_TEMPORAL_METRICS_ADDRESS). */
  readonly temporalMetricsAddress?: string;
  /**
   * Every setting as read once at start and checked by the schema (settings.ts): what the components
   * read their own settings from (rate limits, webhooks, notices, early warning, roles). Absent in a
   * configuration built by a test: those components then read the environment.
   */
  readonly settings?: Settings;
  /** LIEN_THONG_* variables no process reads (a typo?), to warn about at start. */
  readonly unknownSettings?: readonly string[];
}

/**
 * What a component reads its settings from: the snapshot checked at start, or (a configuration built by
 * a test, which has none) the environment.
 */
export function settingsOf(
  config: Pick<RuntimeConfig, 'settings'>,
): Readonly<Record<string, string | undefined>> {
  return config.settings ?? process.env;
}

export interface LoggingOptions {
  /** pino's levels, or `silent`. */
  readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly format: 'json' | 'pretty';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loggingOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): LoggingOptions {
  const level = (env.LIEN_THONG_LOG_LEVEL?.trim() || 'info') as LoggingOptions['level'];
  if (!LOG_LEVELS.includes(level))
    throw new InfrastructureError(
      `LIEN_THONG_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.LIEN_THONG_LOG_LEVEL}"`,
    );
  const format = env.LIEN_THONG_LOG_FORMAT?.trim() || 'json';
  if (format !== 'json' && format !== 'pretty')
    throw new InfrastructureError(
      `LIEN_THONG_LOG_FORMAT must be "json" or "pretty"; got "${env.LIEN_THONG_LOG_FORMAT}"`,
    );
  return { level, format };
}

export function runtimeConfigFromEnv(given: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  // Every setting checked at once, by the one schema (settings.ts); from here on only the snapshot is read.
  const { settings, unknown } = loadSettings(given);
  const env: NodeJS.ProcessEnv = { ...settings };
  const missing: string[] = [];
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) missing.push('DATABASE_URL (PostgreSQL connection string)');
  const temporalAddress = env.TEMPORAL_ADDRESS;
  if (!temporalAddress) missing.push('TEMPORAL_ADDRESS (host:port of the Temporal frontend)');
  if (missing.length > 0 || !databaseUrl || !temporalAddress) {
    throw new InfrastructureError(
      `Missing configuration: ${missing.join('; ')}. ` +
        '`npm start` starts everything with embedded defaults and sets these for you.',
    );
  }
  const apiPort = Number(env.PORT ?? env.API_PORT ?? 3000);
  if (!Number.isInteger(apiPort) || apiPort <= 0 || apiPort > 65535) {
    throw new InfrastructureError(`PORT must be a TCP port number, got "${env.PORT ?? env.API_PORT}"`);
  }
  return {
    databaseUrl,
    temporalAddress,
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    temporalConnection: temporalConnectionFromEnv(env),
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    apiPort,
    apiHost: env.API_HOST ?? '127.0.0.1',
    temporalUiUrl: env.TEMPORAL_UI_URL || undefined,
    seed: env.LIEN_THONG_SEED === 'sample' ? 'sample' : 'none',
    calendar: calendarMode(env.LIEN_THONG_CALENDAR),
    vaultMasterKey: env.LIEN_THONG_VAULT_KEY || undefined,
    vaultKeyId: env.LIEN_THONG_VAULT_KEY_ID || undefined,
    vaultReadKeys: env.LIEN_THONG_VAULT_READ_KEYS || undefined,
    tokenKey: env.LIEN_THONG_TOKEN_KEY || undefined,
    trustProxy: trustProxy(env.LIEN_THONG_TRUST_PROXY),
    webhookAllowedNetworks: env.LIEN_THONG_WEBHOOK_ALLOWED_NETWORKS || undefined,
    smtpUrl: urlSetting(env, 'LIEN_THONG_SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.LIEN_THONG_MAIL_FROM || undefined,
    smsGateway: smsGateway(env),
    consoleDir: env.LIEN_THONG_CONSOLE_DIR?.trim() || undefined,
    logging: loggingOptionsFromEnv(env),
    metricsToken: metricsToken(env.LIEN_THONG_METRICS_TOKEN),
    workerHttpAddress: hostPort(env, 'LIEN_THONG_WORKER_HTTP_ADDRESS'),
    temporalMetricsAddress: (() => {
      const a = hostPort(env, 'LIEN_THONG_TEMPORAL_METRICS_ADDRESS');
      return a ? `${a.host}:${a.port}` : undefined;
    })(),
    settings,
    unknownSettings: unknown,
  };
}

function urlSetting(env: NodeJS.ProcessEnv, name: string, protocols: readonly string[]): string | undefined {
  const value = env[name];
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InfrastructureError(
      `${name} must be a URL (${protocols.join(' or ')}//host:port), got "${value}"`,
    );
  }
  if (!protocols.includes(url.protocol))
    throw new InfrastructureError(`${name} must use ${protocols.join(' or ')}, not ${url.protocol}`);
  return value.trim();
}

function smsGateway(env: NodeJS.ProcessEnv): RuntimeConfig['smsGateway'] {
  const url = urlSetting(env, 'LIEN_THONG_SMS_GATEWAY_URL', ['http:', 'https:']);
  const channel = env.LIEN_THONG_SMS_GATEWAY_CHANNEL || 'sms';
  if (channel !== 'sms' && channel !== 'zalo')
    throw new InfrastructureError(`LIEN_THONG_SMS_GATEWAY_CHANNEL must be "sms" or "zalo", got "${channel}"`);
  if (url === undefined) return undefined;
  const token = env.LIEN_THONG_SMS_GATEWAY_TOKEN || undefined;
  return { url, channel, ...(token ? { token } : {}) };
}

function trustProxy(value: string | undefined): number | string | undefined {
  if (value === undefined || value.trim() === '' || value.trim() === 'false') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  if (value.trim() === 'true')
    throw new InfrastructureError(
      'LIEN_THONG_TRUST_PROXY=true would trust any X-Forwarded-For a client sends (and let it dodge the ' +
        'per-address rate limits): give the number of proxy hops or their addresses, e.g. "1" or "10.0.0.0/8"',
    );
  return value.trim();
}

function metricsToken(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (v.length < 16)
    throw new InfrastructureError(
      'LIEN_THONG_METRICS_TOKEN must be at least 16 characters (openssl rand -base64 24)',
    );
  return v;
}

/** `host:port` (an IPv6 host in brackets); unset: undefined. */
function hostPort(env: NodeJS.ProcessEnv, name: string): { host: string; port: number } | undefined {
  const v = env[name]?.trim();
  if (!v) return undefined;
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(v);
  const port = Number(match?.[2]);
  if (!match || !(port > 0 && port <= 65535))
    throw new InfrastructureError(`${name} must be host:port (e.g. 127.0.0.1:9464), got "${v}"`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

function calendarMode(value: string | undefined): 'vietnamese' | 'always-open' {
  if (value === undefined || value === '' || value === 'vietnamese') return 'vietnamese';
  if (value === 'always-open') return 'always-open';
  throw new InfrastructureError(`LIEN_THONG_CALENDAR must be "vietnamese" or "always-open", got "${value}"`);
}

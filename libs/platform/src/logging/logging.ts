import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Params } from 'nestjs-pino';
import pino, { type Logger as Pino, type LoggerOptions } from 'pino';
import type { LoggingOptions } from '@lien-thong/config';

/**
 * Structured logs (issue 23), through pino and its Nest integration (nestjs-pino): one JSON object
 * per line in production, readable lines in `npm start` (`LIEN_THONG_LOG_FORMAT=pretty`, which the
 * launcher sets). Every HTTP request gets an id (`x-request-id`: the caller's when it sends a sane one,
 * else a new UUID), echoed on the answer and carried by every line logged while it is served, with the
 * dossier code and the caller's agency where known.
 *
 * Personal data never reaches the logs, by rule (proved by test/e2e/structured-logs.e2e-spec.ts):
 * - request bodies are never logged, and of a URL only its path and the names of its query
 *   parameters (a lookup key, a search by name stay out);
 * - fields that carry it (names, ID numbers, addresses, phones, e-mails, dates of birth, the applicant)
 *   are censored at any of the first levels of a logged object, and credentials (authorization, cookies,
 *   passwords, secrets, tokens) likewise;
 * - in messages, what looks like a citizen ID or passport number, a phone number or an e-mail address
 *   is masked (the code names dossiers and agencies by code, never a person by name).
 */
/** Keys whose values are personal data or credentials, censored wherever pino's paths reach them. */
const SENSITIVE_KEYS = [
  'fullName',
  'name',
  'idNumber',
  'identityNumber',
  'address',
  'phone',
  'phoneNumber',
  'email',
  'dateOfBirth',
  'birthDate',
  'applicant',
  'password',
  'secret',
  'clientSecret',
  'token',
  'access_token',
  'authorization',
  'cookie',
  'key',
];

function redactPaths(): string[] {
  const paths = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];
  for (const key of SENSITIVE_KEYS) paths.push(key, `*.${key}`, `*.*.${key}`);
  return paths;
}

/** Masks citizen ID / passport-like numbers, phone numbers and e-mail addresses in free text. */
export function maskPersonalText(text: string): string {
  return text
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[e-mail]')
    .replace(/(?<![\w.])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\w.])/g, '[phone]')
    .replace(/(?<![\w.])\d{9}(?:\d{3})?(?![\w.])/g, '[id-number]');
}

/** The pino options both processes share. */
export function pinoOptions(options: LoggingOptions, base: Record<string, unknown>): LoggerOptions {
  return {
    level: options.level,
    base,
    redact: { paths: redactPaths(), censor: '[redacted]' },
    // Level names ("info"), not pino's numbers, for people and log stores alike.
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      // Messages are free text: mask what looks like personal data before it is written.
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPersonalText(a) : a)) as typeof args;
        method.apply(this, masked);
      },
    },
    ...(options.format === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: {
              colorize: true,
              singleLine: true,
              translateTime: 'SYS:HH:MM:ss.l',
              ignore: 'pid,hostname,process,context,component,req.id',
              messageFormat: '{if context}[{context}] {end}{if component}[{component}] {end}{msg}',
            },
          },
        }
      : { timestamp: pino.stdTimeFunctions.isoTime }),
  };
}

export function createRootLogger(options: LoggingOptions, processName: string): Pino {
  return pino(pinoOptions(options, { process: processName }));
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when sane, else a new one; echoed on the answer. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** A URL as logged: its path, and the names (not the values) of its query parameters. */
export function loggedUrl(url: string | undefined): { path: string; query?: string[] } {
  const raw = url ?? '';
  const at = raw.indexOf('?');
  if (at === -1) return { path: raw };
  const names = [...new URLSearchParams(raw.slice(at + 1)).keys()];
  return { path: raw.slice(0, at), ...(names.length > 0 ? { query: [...new Set(names)] } : {}) };
}

/** nestjs-pino's parameters for the API (HTTP logs) or the worker (no HTTP). */
export function loggerModuleParams(logger: Pino): Params {
  return {
    pinoHttp: {
      logger,
      genReqId: requestIdOf,
      // /health is polled by load balancers every few seconds: its answers are not worth a line each.
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      quietReqLogger: true,
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          ...loggedUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: (req, res) => ({
        ...dossierOf(req.url),
        ...callerOf(res),
      }),
    },
  };
}

function dossierOf(url: string | undefined): { dossier?: string } {
  const match = /^\/dossiers\/([A-Za-z0-9.-]+)/.exec(url ?? '');
  return match ? { dossier: match[1] } : {};
}

/** The caller's agency and kind (the authentication middleware's principal), never a name. */
function callerOf(res: ServerResponse): { agency?: string; callerKind?: string } {
  // Where the identity middleware leaves it (PRINCIPAL_LOCAL of @lien-thong/access, a layer above).
  const locals = (
    res as ServerResponse & { locals?: { principal?: { agencyCode?: unknown; kind?: unknown } } }
  ).locals;
  const p = locals?.principal;
  if (!p) return {};
  return {
    ...(typeof p.agencyCode === 'string' ? { agency: p.agencyCode } : {}),
    ...(typeof p.kind === 'string' ? { callerKind: p.kind } : {}),
  };
}

/** Nest's own start-up lines (every module, every route mapped): debug, not info. */
const NOISY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** The Nest logger over pino, with the start-up noise turned down. */
@Injectable()
export class AppLogger extends NestPinoLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && NOISY_CONTEXTS.has(context)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}

import { createServer, type Server } from 'node:http';
import { isMetricsToken, type Metrics } from '@lien-thong/platform';

export interface WorkerReadiness {
  /** PostgreSQL answers. */
  postgres(): Promise<void>;
  /** The Temporal worker runs (when this process has the role); undefined: not this process's role. */
  temporal?(): string;
  /** The oldest event a projection of this process has still to apply, in seconds. */
  projectionLagSeconds(): Promise<number>;
}

/** A projection further behind than this makes the worker not ready (a stuck or overwhelmed runner). */
export const READY_MAX_PROJECTION_LAG_SECONDS = 60;

/**
 * The worker's HTTP server (issue 23), when LIEN_THONG_WORKER_HTTP_ADDRESS is set: GET /health/live (the
 * process answers), GET /health/ready (PostgreSQL answers, the Temporal worker runs, no projection more
 * than a minute behind: 200, else 503 with the reasons), GET /metrics (Prometheus; the scraper token when
 * one is set, else only on a loopback address). Nothing else; never personal data.
 */
export async function startWorkerHttp(options: {
  host: string;
  port: number;
  metrics: Metrics;
  metricsToken?: string;
  readiness: WorkerReadiness;
}): Promise<Server> {
  const loopback = options.host === '127.0.0.1' || options.host === '::1' || options.host === 'localhost';
  if (!options.metricsToken && !loopback)
    throw new Error(
      `LIEN_THONG_WORKER_HTTP_ADDRESS is not a loopback address (${options.host}): set LIEN_THONG_METRICS_TOKEN ` +
        'so that /metrics is not open to the network',
    );
  const server = createServer((req, res) => {
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET') return json(405, { status: 405, detail: 'Only GET' });
      if (path === '/health/live') return json(200, { status: 'up' });
      if (path === '/health/ready') {
        const reasons = await notReady(options.readiness);
        return json(reasons.length === 0 ? 200 : 503, {
          status: reasons.length === 0 ? 'up' : 'down',
          ...(reasons.length > 0 ? { reasons } : {}),
        });
      }
      if (path === '/metrics') {
        if (options.metricsToken && !isMetricsToken(req.headers.authorization, options.metricsToken))
          return json(401, {
            status: 401,
            detail: 'Send the scraper token (LIEN_THONG_METRICS_TOKEN) as a bearer token',
          });
        res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
        return res.end(await options.metrics.registry.metrics());
      }
      return json(404, { status: 404, detail: 'GET /health/live, /health/ready or /metrics' });
    })().catch((error: unknown) => json(500, { status: 500, detail: String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

async function notReady(readiness: WorkerReadiness): Promise<string[]> {
  const reasons: string[] = [];
  try {
    await withTimeout(readiness.postgres(), 2_000);
  } catch (error) {
    reasons.push(`PostgreSQL: ${error instanceof Error ? error.message : String(error)}`);
    return reasons; // nothing else can be judged without it
  }
  const state = readiness.temporal?.();
  if (state !== undefined && state !== 'RUNNING') reasons.push(`Temporal worker: ${state}`);
  const lag = await withTimeout(readiness.projectionLagSeconds(), 2_000).catch(() => Number.NaN);
  if (!(lag <= READY_MAX_PROJECTION_LAG_SECONDS))
    reasons.push(
      Number.isNaN(lag)
        ? 'projections: lag unknown'
        : `projections: ${Math.round(lag)} s behind (more than ${READY_MAX_PROJECTION_LAG_SECONDS} s)`,
    );
  return reasons;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

import { timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  aroundAppends,
  categoryOf,
  WrongExpectedRevisionError,
  type EventStore,
} from '@lien-thong/event-store';

/**
 * Metrics (issue 23) in Prometheus's text format, through prom-client: each process (API, worker) has
 * one registry with
 * - the process's own (CPU, memory, event loop lag, GC: prom-client's defaults);
 * - HTTP requests by method, route pattern and status, with their latency (API);
 * - event-store appends by category and outcome, with their latency;
 * - figures read from PostgreSQL at each scrape (every process sees the same: take `max` across
 *   processes in dashboards): the outboxes' backlog and oldest age, webhook deliveries by outcome,
 *   stranded dossiers, steps overdue by holder agency, and (worker) each projection's lag in events and
 *   seconds.
 * Temporal's own worker metrics come from its runtime's Prometheus exporter
 * (LIEN_THONG_TEMPORAL_METRICS_ADDRESS), on a port of their own.
 */
export const METRICS = Symbol.for('lien-thong.Metrics');

export interface ProjectionFollowed {
  readonly name: string;
  readonly filter?: { readonly categories?: readonly string[]; readonly eventTypes?: readonly string[] };
}

export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly appends: Counter<'category' | 'outcome'>;
  readonly appendDuration: Histogram<'category'>;
  private projections: readonly ProjectionFollowed[] = [];
  private pool: Pool | undefined;

  constructor(processName: string) {
    this.registry.setDefaultLabels({ process: processName });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'lien_thong_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status, and how long they took',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.appends = new Counter({
      name: 'lien_thong_event_store_appends_total',
      help: 'Appends to the event store by stream category and outcome (ok, conflict, error)',
      labelNames: ['category', 'outcome'],
      registers: [this.registry],
    });
    this.appendDuration = new Histogram({
      name: 'lien_thong_event_store_append_duration_seconds',
      help: 'How long appends to the event store took',
      labelNames: ['category'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [this.registry],
    });
  }

  /** The projections whose lag this process reports (the worker's runner). */
  followProjections(projections: readonly ProjectionFollowed[]): void {
    this.projections = projections;
  }

  /** The gauges read from PostgreSQL at each scrape. */
  watchDatabase(pool: Pool): void {
    this.pool = pool;
    const registers = [this.registry];
    const lags = () => this.projectionLags().catch(() => []);
    /** A query whose table may not exist yet (its component not migrated): no figure, no failure. */
    const rows = async <T extends object>(sql: string, params: unknown[] = []): Promise<T[]> => {
      try {
        return (await pool.query<T>(sql, params)).rows;
      } catch {
        return [];
      }
    };
    new Gauge({
      name: 'lien_thong_outbox_backlog',
      help: 'Messages waiting in an outbox (webhooks to agencies, notices to applicants)',
      labelNames: ['outbox'],
      registers,
      async collect() {
        this.reset();
        for (const r of await outboxes()) this.set({ outbox: r.outbox }, Number(r.backlog));
      },
    });
    new Gauge({
      name: 'lien_thong_outbox_oldest_age_seconds',
      help: 'Age of the oldest message waiting in an outbox (0 when none waits)',
      labelNames: ['outbox'],
      registers,
      async collect() {
        this.reset();
        for (const r of await outboxes()) this.set({ outbox: r.outbox }, Number(r.oldest));
      },
    });
    async function outboxes() {
      const [webhooks, notices, portal, postal] = await Promise.all([
        rows<{ backlog: string; oldest: string }>(
          `SELECT count(*) AS backlog, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest
             FROM agency_notification_outbox WHERE status = 'pending'`,
        ),
        rows<{ backlog: string; oldest: string }>(
          `SELECT count(*) AS backlog, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest
             FROM applicant_notice_outbox WHERE status = 'pending'`,
        ),
        rows<{ backlog: string; oldest: string }>(
          `SELECT count(*) AS backlog, coalesce(extract(epoch FROM now() - min(created_at)), 0) AS oldest
             FROM portal_status_outbox WHERE state = 'pending'`,
        ),
        // Results returned by post and not booked yet (requested_at is the return, with its offset).
        rows<{ backlog: string; oldest: string }>(
          `SELECT count(*) AS backlog,
                  coalesce(extract(epoch FROM now() - min(requested_at::timestamptz)), 0) AS oldest
             FROM postal_shipments WHERE state = 'requested'`,
        ),
      ]);
      return [
        ...webhooks.map((r) => ({ outbox: 'webhooks', ...r })),
        ...notices.map((r) => ({ outbox: 'applicant-notices', ...r })),
        ...portal.map((r) => ({ outbox: 'portal-status', ...r })),
        ...postal.map((r) => ({ outbox: 'postal', ...r })),
      ];
    }
    new Gauge({
      name: 'lien_thong_portal_pushes_failed',
      help: 'Statuses the national portal was never told (pushes given up): the reconciliation lists their dossiers',
      registers,
      async collect() {
        const [r] = await rows<{ n: string }>(
          "SELECT count(*) AS n FROM portal_status_outbox WHERE state = 'failed'",
        );
        this.set(Number(r?.n ?? 0));
      },
    });
    new Gauge({
      name: 'lien_thong_portal_mismatches',
      help: 'Dossiers whose status on the national portal differs from ours, at the last scheduled reconciliation (-1: it could not run)',
      registers,
      async collect() {
        const [r] = await rows<{ n: number | null }>(
          'SELECT jsonb_array_length(mismatches) AS n FROM portal_reconciliations ORDER BY id DESC LIMIT 1',
        );
        this.reset();
        if (r) this.set(r.n ?? -1);
      },
    });
    new Gauge({
      name: 'lien_thong_webhook_deliveries',
      help: 'Webhook deliveries to agencies by outcome (pending, delivered, failed, cancelled)',
      labelNames: ['outcome'],
      registers,
      async collect() {
        this.reset();
        for (const r of await rows<{ status: string; n: string }>(
          'SELECT status, count(*) AS n FROM agency_notification_outbox GROUP BY status',
        ))
          this.set({ outcome: r.status }, Number(r.n));
      },
    });
    new Gauge({
      name: 'lien_thong_stranded_dossiers',
      help: 'Dossiers whose workflow id belongs to another life of Temporal: not coordinated (see /health)',
      registers,
      async collect() {
        const [r] = await rows<{ n: string }>('SELECT count(*) AS n FROM coordination_stranded_dossiers');
        this.set(Number(r?.n ?? 0));
      },
    });
    new Gauge({
      name: 'lien_thong_steps_overdue',
      help: 'Steps past their deadline (quá hạn), clock running, by the agency holding them',
      labelNames: ['agency'],
      registers,
      async collect() {
        this.reset();
        for (const r of await rows<{ agency: string; n: string }>(
          `SELECT agency_code AS agency, count(*) AS n FROM agency_inbox
            WHERE deadline < now() AND NOT clock_paused GROUP BY agency_code`,
        ))
          this.set({ agency: r.agency }, Number(r.n));
      },
    });
    new Gauge({
      name: 'lien_thong_projection_lag_events',
      help: 'Events a projection has still to apply (of the categories and types it follows)',
      labelNames: ['projection'],
      registers,
      async collect() {
        this.reset();
        for (const l of await lags()) this.set({ projection: l.name }, l.events);
      },
    });
    new Gauge({
      name: 'lien_thong_projection_lag_seconds',
      help: 'Age of the oldest event a projection has still to apply (0 when caught up)',
      labelNames: ['projection'],
      registers,
      async collect() {
        this.reset();
        for (const l of await lags()) this.set({ projection: l.name }, l.seconds);
      },
    });
  }

  /** Each followed projection's lag: events still to apply, and the age of the oldest of them. */
  async projectionLags(): Promise<{ name: string; events: number; seconds: number }[]> {
    const pool = this.pool;
    if (!pool) return [];
    return Promise.all(
      this.projections.map(async (p) => {
        const { rows } = await pool.query<{ events: string; seconds: string }>(
          `SELECT count(*) AS events, coalesce(extract(epoch FROM now() - min(e.recorded_at)), 0) AS seconds
             FROM events e
            WHERE e.position > coalesce((SELECT position FROM projection_checkpoints WHERE name = $1), 0)
              AND e.category = ANY($2) AND ($3::text[] IS NULL OR e.type = ANY($3))`,
          [p.name, p.filter?.categories ?? ['dossier', 'intake'], p.filter?.eventTypes ?? null],
        );
        return { name: p.name, events: Number(rows[0]?.events ?? 0), seconds: Number(rows[0]?.seconds ?? 0) };
      }),
    );
  }

  /** The event store, its appends counted and timed. */
  measure(store: EventStore): EventStore {
    const { appends, appendDuration } = this;
    return aroundAppends(store, async (append, ...args) => {
      const category = categoryOf(args[0]);
      const end = appendDuration.startTimer({ category });
      try {
        const result = await append(...args);
        appends.inc({ category, outcome: 'ok' });
        return result;
      } catch (error) {
        const outcome = error instanceof WrongExpectedRevisionError ? 'conflict' : 'error';
        appends.inc({ category, outcome });
        throw error;
      } finally {
        end();
      }
    });
  }
}

/**
 * Who may read /metrics: the scraper's bearer token (LIEN_THONG_METRICS_TOKEN) compared in constant time,
 * else (API) an administrator's access token, checked by the caller.
 */
export function isMetricsToken(authorization: string | undefined, expected: string | undefined): boolean {
  if (!expected || !authorization?.startsWith('Bearer ')) return false;
  const given = Buffer.from(authorization.slice('Bearer '.length));
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

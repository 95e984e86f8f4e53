import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { ROLES, type Role } from '@lien-thong/access';
import type { RuntimeConfig } from '@lien-thong/config';
import { TEMPORAL_CLIENT } from '@lien-thong/platform';
import { AccessTokens } from '@lien-thong/identity';
import type { Clock } from '@lien-thong/contracts';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { PG_POOL } from '@lien-thong/postgres';
import type { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { TASK_QUEUES } from '@lien-thong/contracts';
import { ProjectionRunner } from '@lien-thong/projections';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { allProjections } from '../../apps/worker/src/projections';
import { BoundProcedures, DossierCalendar } from '@lien-thong/dossiers';
import { ensureDossierSearchAttributes } from '@lien-thong/coordination';
import { reportFactsDepsFrom } from '@lien-thong/reports';
import { bundleWorkflowsOnce, createTestWorkflowEnvironment } from '../setup/temporal-test-env';
import { inProcessCoordination } from './in-process-coordination';

export interface ApiTestApp {
  readonly app: INestApplication;
  readonly db: TestSchema;
  readonly temporal: TestWorkflowEnvironment;
  /**
   * Requests as the test operator: a staff token with every role and no agency (so it may act for any
   * agency, as an administrator may). Tests about who may do what use `as(...)` instead.
   */
  http(): Caller;
  /** Requests with a fresh token of these role(s), for this agency (default none) and person id. */
  as(roles: Role | readonly Role[], agencyCode?: string | null, personId?: string): Caller;
  /** Requests without any token (public endpoints, or to see the 401). */
  anonymous(): Caller;
  /** A bearer token signed with this app's key (also valid in API processes started with `config()`). */
  token(roles: Role | readonly Role[], agencyCode?: string | null, personId?: string): string;
  /** Another API process on the same database and Temporal (e.g. a restart). */
  config(overrides?: Partial<RuntimeConfig>): RuntimeConfig;
  /** Resolves when every read model has caught up with the dossier events recorded so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** A supertest agent; with a token, every request it makes carries `Authorization: Bearer …`. */
export type Caller = ReturnType<typeof request.agent>;

/** One random vault master key and token-signing key per test run. */
const TEST_VAULT_KEY = randomBytes(32).toString('base64');
const TEST_TOKEN_KEY = randomBytes(32).toString('base64');

/** An agency's staff member with every agency-bound role: for tests that act as "the agency". */
export const AGENCY_STAFF: readonly Role[] = ['reception-officer', 'agency-officer', 'agency-head'];

/** The person id of `http()`'s test operator. */
export const TEST_OPERATOR = 'test-operator';

/**
 * Requests to `target` (an http.Server, or the URL of an API process started from `config()`), each
 * with `Authorization: Bearer <token>` when a token is given (see `ApiTestApp.token`).
 */
export function callerAt(target: Parameters<typeof request.agent>[0], token: string | null): Caller {
  const agent = request.agent(target);
  return token === null ? agent : agent.set('authorization', `Bearer ${token}`);
}

export interface ApiTestAppOptions {
  /** Runtime settings for this app (e.g. `seed: 'sample'` to load the sample catalogue). */
  readonly overrides?: Partial<RuntimeConfig>;
  /** A clock the test moves (default: the system clock). */
  readonly clock?: Clock;
  /** Also run the worker's projection runner (every read model) in-process. */
  readonly projections?: boolean;
  /**
   * Also run the coordination in-process: the process manager on the projection runner and a Temporal
   * worker (the production workflow bundle, the worker's activities over this app's context).
   */
  readonly coordination?: boolean;
}

/** A clock a test sets and moves by hand. */
export class TestClock implements Clock {
  constructor(private current: number) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string | number): void {
    this.current = typeof instant === 'number' ? instant : Date.parse(instant);
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export async function startApiTestApp(label: string, options: ApiTestAppOptions = {}): Promise<ApiTestApp> {
  const temporal = await createTestWorkflowEnvironment();
  const db = await createTestSchema(label);
  const config = (overrides: Partial<RuntimeConfig> = {}): RuntimeConfig => ({
    databaseUrl: db.connectionString,
    temporalAddress: temporal.address,
    temporalNamespace: 'default',
    eventStoreUrl: undefined,
    apiPort: 0,
    apiHost: '127.0.0.1',
    temporalUiUrl: undefined,
    vaultMasterKey: TEST_VAULT_KEY,
    tokenKey: TEST_TOKEN_KEY,
    ...options.overrides,
    ...overrides,
  });
  // Tests call as fast as they can with one principal: per-client rate limits are tested on their own
  // (a suite that sets LIEN_THONG_CLIENT_* keeps its values).
  const rateDefaults = {
    LIEN_THONG_CLIENT_RATE_PER_SECOND: '100000',
    LIEN_THONG_CLIENT_BURST: '100000',
  } as const;
  const unset = Object.keys(rateDefaults).filter((k) => process.env[k] === undefined);
  for (const k of unset) process.env[k] = rateDefaults[k as keyof typeof rateDefaults];
  let app: INestApplication;
  try {
    app = await createApiApp(config(), { logger: false, clock: options.clock });
    await app.init();
  } finally {
    for (const k of unset) delete process.env[k];
  }
  const coordination = options.coordination === true ? inProcessCoordination(app) : undefined;
  // As the worker does: dossiers indexed in Temporal once the namespace has the search attributes.
  coordination?.instance.indexSearchAttributes(
    await ensureDossierSearchAttributes(temporal.client.connection as Connection, 'default', () => undefined),
  );
  const reports = reportFactsDepsFrom(app.get(DossierCalendar), app.get(BoundProcedures));
  const projections = allProjections(
    coordination
      ? {
          temporal: app.get<Client>(TEMPORAL_CLIENT),
          recomputeDeadlines: coordination.recomputeDeadlines,
          reports,
        }
      : { reports },
  );
  const runner =
    options.projections || coordination
      ? new ProjectionRunner(app.get<EventStore>(EVENT_STORE), app.get<Pool>(PG_POOL), projections, {
          retryDelayMs: 50,
        })
      : undefined;
  await runner?.start();
  const worker = coordination
    ? await Worker.create({
        connection: temporal.nativeConnection,
        namespace: 'default',
        taskQueue: TASK_QUEUES.dossiers,
        workflowBundle: await bundleWorkflowsOnce(),
        activities: coordination.activities,
      })
    : undefined;
  const workerRun = worker?.run();
  const tokens = app.get(AccessTokens);
  const token = (roles: Role | readonly Role[], agencyCode?: string | null, personId?: string): string => {
    const list: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
    const agency = agencyCode ?? null;
    return tokens.issue({
      sub: personId ?? `${list.join('+')}${agency ? `@${agency}` : ''}`,
      kind: 'staff',
      agency,
      roles: list,
    }).token;
  };
  const settle = async (): Promise<void> => {
    if (!runner) throw new Error('startApiTestApp: pass { projections: true } to use settle()');
    for (const p of projections) {
      const categories = p.filter?.categories ?? ['dossier', 'intake'];
      // A projection's checkpoint moves with the events it follows (its filter), not past the others.
      const { rows } = await db.pool.query<{ last: string | null }>(
        'SELECT max(position)::text AS last FROM events WHERE category = ANY($1) AND ($2::text[] IS NULL OR type = ANY($2))',
        [categories, p.filter?.eventTypes ?? null],
      );
      const last = rows[0]?.last;
      if (last !== null && last !== undefined) await runner.waitForCheckpoint(p.name, BigInt(last));
    }
  };
  return {
    app,
    db,
    temporal,
    config,
    http: () => callerAt(app.getHttpServer(), token(ROLES, null, TEST_OPERATOR)),
    as: (roles, agencyCode, personId) => callerAt(app.getHttpServer(), token(roles, agencyCode, personId)),
    anonymous: () => callerAt(app.getHttpServer(), null),
    token,
    settle,
    close: async () => {
      worker?.shutdown();
      await workerRun;
      await runner?.stop();
      await app.close();
      await db.drop();
      await temporal.teardown();
    },
  };
}

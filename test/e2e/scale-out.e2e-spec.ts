import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { PG_POOL } from '@lien-thong/postgres';
import { TEMPORAL_CLIENT } from '@lien-thong/platform';
import type { Client } from '@temporalio/client';
import { ProjectionRunner } from '@lien-thong/projections';
import { BoundProcedures, DossierCalendar } from '@lien-thong/dossiers';
import { reportFactsDepsFrom } from '@lien-thong/reports';
import { allProjections } from '../../apps/worker/src/projections';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { AGENCY_STAFF, callerAt, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { freePort } from '../support/free-port';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { publishRoomyTestProcedure } from '../support/quick-procedures';

/**
 * Scale out (issue 22): 2 API processes and 3 worker processes (every role) on one PostgreSQL and one
 * Temporal. Dossiers are driven through their four steps by clients that go to either API and, like a
 * load balancer, try the other when one does not answer. Mid-load one worker and one API process are
 * killed (SIGKILL). Then: no dossier lost (each intake is one dossier), none stuck (each reaches its
 * result), none handed off twice; and the read models the surviving workers kept are identical to a
 * rebuild from the event store. Throughput against one process of each is measured by the benchmark
 * (npm run bench:workflows), never by a test.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const PROVINCE = '000.00.61.H29';
const DOSSIERS = 24;
const AT_ONCE = 8;
const STEPS: readonly { id: string; agency: string }[] = [
  { id: 'a', agency: DESK },
  { id: 'b', agency: POLICE },
  { id: 'c', agency: PROVINCE },
  { id: 'return-result', agency: DESK },
];

describe('scale out: 2 API and 3 worker processes, one of each killed mid-load', () => {
  let t: ApiTestApp;
  const apis: ApiProcess[] = [];
  const workers: WorkerProcess[] = [];
  const alive = new Set<ApiProcess>();

  const events = async (code: string) =>
    (
      await t.db.pool.query<{ type: string; step: string | null }>(
        "SELECT type, data->>'stepId' AS step FROM events WHERE stream_name = $1 ORDER BY revision",
        [`dossier-${code}`],
      )
    ).rows;

  async function waitFor(what: string, probe: () => Promise<boolean>, ms = 90_000): Promise<void> {
    const until = Date.now() + ms;
    while (!(await probe())) {
      if (Date.now() > until)
        throw new Error(
          `timed out waiting for ${what}\n${workers.map((w) => w.output().slice(-3000)).join('\n---\n')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * A request sent to an API process, then to the next one when it does not answer (a connection refused
   * or cut): what a load balancer does. The same request goes again, so it must be idempotent (the
   * intake reference, the Idempotency-Key).
   */
  async function send(
    first: number,
    token: string,
    path: string,
    body: object,
    key?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 6; attempt++) {
      const api = apis[(first + attempt) % apis.length]!;
      if (!alive.has(api)) continue;
      try {
        const request = callerAt(api.url, token).post(path);
        const response = await (key ? request.set('Idempotency-Key', key) : request).send(body);
        return { status: response.status, body: response.body as Record<string, unknown> };
      } catch (error) {
        lastError = error; // the process died under the request: the other one gets it
      }
    }
    throw new Error(`no API process answered ${path}: ${String(lastError)}`);
  }

  async function drive(n: number, started: () => void): Promise<string> {
    const intakeRef = `scale-${n}`;
    const received = await send(n, t.token('reception-officer', DESK, 'can-bo-1'), '/dossiers', {
      intakeRef,
      procedureCode: '9.000001',
      channel: 'online',
      receivingUnitCode: DESK,
      applicantCommuneCode: DESK,
      stepOwners: { b: POLICE },
      applicant: {
        fullName: `Nguyễn Văn Tải ${n}`,
        address: '1 Lê Lợi',
        idNumber: `0790000${String(n).padStart(5, '0')}`,
      },
      documents: [],
    });
    expect([200, 201]).toContain(received.status);
    const code = received.body.dossierCode as string;
    started();
    for (const step of STEPS) {
      await waitFor(`${code}: step ${step.id} handed off`, async () =>
        (await events(code)).some((e) => e.type === 'StepHandedOff' && e.step === step.id),
      );
      const token = t.token(AGENCY_STAFF, step.agency, `officer-${step.agency}`);
      for (const action of ['receive', 'complete'] as const) {
        const answer = await send(
          n,
          token,
          `/dossiers/${code}/steps/${step.id}/${action}`,
          action === 'complete'
            ? { agencyCode: step.agency, resultSummary: 'xong' }
            : { agencyCode: step.agency },
          `${action}-${step.id}-${code}`,
        );
        if (answer.status !== 200)
          throw new Error(`${action} ${step.id} of ${code}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    }
    await waitFor(`${code}: result ready`, async () =>
      (await events(code)).some((e) => e.type === 'ResultReady'),
    );
    return code;
  }

  beforeAll(async () => {
    t = await startApiTestApp('e2e_scale_out', { overrides: { seed: 'sample', calendar: 'always-open' } });
    await publishRoomyTestProcedure(() => t.as('procedure-designer', null, 'designer'));
    const config = t.config({ calendar: 'always-open' });
    // One at a time: each compiles its sources at start, and this machine has two cores.
    for (let i = 0; i < 2; i++) {
      const api = await startApiProcess(config, await freePort(), 120_000);
      apis.push(api);
      alive.add(api);
    }
    for (let i = 0; i < 3; i++) workers.push(await startWorkerProcess(config, 120_000));
  }, 600_000);

  afterAll(async () => {
    await Promise.all([...alive].map((a) => a.stop()));
    await Promise.all(workers.map((w) => w.stop()));
    await t?.close();
  });

  it('loses no dossier, leaves none stuck, hands none off twice, and its read models equal a rebuild', async () => {
    // The three workers' projection runners are live members of the leases (they share the projections).
    const pool = t.db.pool;
    const runners = async () =>
      Number(
        (
          await pool.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM lease_members m
               JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.objid::bigint = m.slot
              WHERE array_length(m.names, 1) > 2`,
          )
        ).rows[0]!.n,
      );
    await waitFor('three projection runners sharing the leases', async () => (await runners()) === 3, 30_000);

    let started = 0;
    let killed = false;
    const killOneOfEach = async () => {
      killed = true;
      const api = apis[0]!;
      alive.delete(api);
      await Promise.all([api.kill(), workers[0]!.kill()]);
    };
    const codes: string[] = [];
    let next = 0;
    const lane = async () => {
      while (next < DOSSIERS) {
        const n = next++;
        codes.push(
          await drive(n, () => {
            started += 1;
            // Mid-load: a third of the dossiers received, the others in flight or still to come.
            if (!killed && started === Math.ceil(DOSSIERS / 3)) void killOneOfEach();
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: AT_ONCE }, lane));
    expect(killed).toBe(true);

    // No dossier lost or doubled: one dossier per intake reference, as many as were sent.
    const intakes = await pool.query<{ ref: string; n: string }>(
      `SELECT data->>'intakeRef' AS ref, count(*)::text AS n FROM events
        WHERE type = 'DossierReceived' AND data->>'intakeRef' LIKE 'scale-%' GROUP BY 1`,
    );
    expect(intakes.rows).toHaveLength(DOSSIERS);
    expect(intakes.rows.every((r) => r.n === '1')).toBe(true);
    expect(new Set(codes).size).toBe(DOSSIERS);

    // None handed off twice, none completed twice.
    for (const code of codes) {
      const all = await events(code);
      expect({ code, handoffs: all.filter((e) => e.type === 'StepHandedOff').map((e) => e.step) }).toEqual({
        code,
        handoffs: STEPS.map((s) => s.id),
      });
      expect(all.filter((e) => e.type === 'StepCompleted')).toHaveLength(STEPS.length);
      expect(all.filter((e) => e.type === 'ResultReady')).toHaveLength(1);
    }

    // Each dossier's workflow carries its search attributes (the Temporal UI finds it by them), and the
    // namespace's visibility answers a query by them.
    const temporal = t.app.get<Client>(TEMPORAL_CLIENT);
    for (const code of codes) {
      const description = await temporal.workflow.getHandle(code).describe();
      expect({ code, attributes: description.searchAttributes }).toMatchObject({
        code,
        attributes: {
          LienThongProcedure: ['9.000001'],
          LienThongReceivingUnit: [DESK],
          LienThongStatus: [expect.stringMatching(/result-ready|closed|returned/)],
        },
      });
    }
    expect(workers[1]!.output()).toContain('dossiers indexed in Temporal');
    await waitFor(
      'the dossiers found by their search attributes',
      async () => {
        const found: string[] = [];
        const quoted = codes.map((c) => `'${c}'`).join(', ');
        for await (const w of temporal.workflow.list({
          query: `WorkflowId IN (${quoted}) AND LienThongReceivingUnit = '${DESK}' AND LienThongProcedure = '9.000001'`,
        }))
          found.push(w.workflowId);
        return found.length === DOSSIERS;
      },
      30_000,
    );

    // The read models the workers kept (while one of them died) equal a rebuild from the store.
    await Promise.all(workers.slice(1).map((w) => w.stop()));
    const readModels = allProjections({
      reports: reportFactsDepsFrom(t.app.get(DossierCalendar), t.app.get(BoundProcedures)),
    }).filter((p) => !/outbox|notice|notification/i.test(p.name));
    const tables = readModels
      .flatMap((p) =>
        (p.migrations ?? []).flatMap((m) =>
          [...m.sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map((match) => match[1]!),
        ),
      )
      // The rollup refresher's queue of months to refresh is work, not a read model.
      .filter((table) => table !== 'report_dirty_months');
    expect(tables.length).toBeGreaterThan(3);
    const newRunner = () =>
      new ProjectionRunner(t.app.get<EventStore>(EVENT_STORE), t.app.get<Pool>(PG_POOL), readModels, {
        leases: false,
      });
    /** Runs the read models from their checkpoints until each has reached the last event it follows. */
    const catchUp = async () => {
      const runner = newRunner();
      await runner.start();
      try {
        for (const p of readModels) {
          const categories = p.filter?.categories ?? ['dossier', 'intake'];
          const { rows } = await pool.query<{ last: string | null }>(
            'SELECT max(position)::text AS last FROM events WHERE category = ANY($1) AND ($2::text[] IS NULL OR type = ANY($2))',
            [categories, p.filter?.eventTypes ?? null],
          );
          if (rows[0]?.last) await runner.waitForCheckpoint(p.name, BigInt(rows[0].last), 60_000);
        }
      } finally {
        await runner.stop();
      }
    };
    // The workers stopped where they were: the events recorded last (after the dossiers were found
    // above) may not all be applied yet. Their read models go on from their own checkpoints first.
    await catchUp();
    const kept = await snapshot(pool, tables);
    const rebuilding = newRunner();
    for (const p of readModels) await rebuilding.rebuild(p.name);
    await catchUp();
    const rebuilt = await snapshot(pool, tables);
    for (const table of tables) expect({ table, rows: kept[table] }).toEqual({ table, rows: rebuilt[table] });
  }, 600_000);
});

/**
 * Every row of each table as sorted JSON, without the columns the database fills at write time (their
 * default is `now()`), which a rebuild sets anew.
 */
async function snapshot(pool: Pool, tables: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const { rows: columns } = await pool.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1
          AND coalesce(column_default, '') NOT ILIKE '%now()%'
        ORDER BY ordinal_position`,
      [table],
    );
    const list = columns.map((c) => `"${c.name}"`).join(', ');
    const { rows } = await pool.query<{ row: unknown }>(
      `SELECT json_build_array(${list}) AS row FROM ${table}`,
    );
    out[table] = rows.map((r) => JSON.stringify(r.row)).sort();
  }
  return out;
}

import { randomBytes } from 'node:crypto';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { EVENT_STORE, type EventStore } from '@lien-thong/event-store';
import { ProjectionRunner } from '@lien-thong/projections';
import { BoundProcedures, DossierCalendar } from '@lien-thong/dossiers';
import {
  parseReportQuery,
  REPORT_FACTS_PROJECTION,
  reportFactsDepsFrom,
  reportProjections,
  summaryReport,
} from '@lien-thong/reports';
import { HistorySimulator } from './history-simulator';

/**
 * The history generator through the real engine: every dossier reaches its end by the decider's rules,
 * and the report read models count exactly the dossiers made.
 */
describe('history generator (issue 19)', () => {
  let db: TestSchema;
  let simulator: HistorySimulator;
  const DOSSIERS = 30;

  beforeAll(async () => {
    db = await createTestSchema('history_generator');
    simulator = await HistorySimulator.start(
      {
        databaseUrl: db.connectionString,
        temporalAddress: '127.0.0.1:1',
        temporalNamespace: 'default',
        eventStoreUrl: undefined,
        apiPort: 0,
        apiHost: '127.0.0.1',
        temporalUiUrl: undefined,
        vaultMasterKey: randomBytes(32).toString('base64'),
      },
      { from: '2026-02-02', to: '2026-03-31', seed: 7, concurrency: 4 },
    );
    await simulator.run(0, DOSSIERS);
  }, 120_000);
  afterAll(async () => {
    await simulator?.close();
    await db?.drop();
  });

  it('takes every dossier from its intake to the result returned, on working days only', async () => {
    expect(simulator.counts).toMatchObject({ dossiers: DOSSIERS, failed: 0 });
    const { rows } = await db.pool.query<{ type: string; n: string }>(
      `SELECT type, count(DISTINCT stream_name) AS n FROM events WHERE category = 'dossier' GROUP BY type`,
    );
    const streams = Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
    expect(streams.DossierReceived).toBe(DOSSIERS);
    expect(streams.ResultReturned).toBe(DOSSIERS);
    const received = await db.pool.query<{ at: string }>(
      `SELECT data->>'receivedAt' AS at FROM events WHERE type = 'DossierReceived'`,
    );
    for (const { at } of received.rows) {
      const local = new Date(Date.parse(at) + 7 * 3_600_000);
      expect([0, 6]).not.toContain(local.getUTCDay());
      // Tết 2026: 14/02 to 22/02, no desk open.
      expect(
        local.toISOString().slice(0, 10) >= '2026-02-14' && local.toISOString().slice(0, 10) <= '2026-02-22',
      ).toBe(false);
    }
  });

  it('gives the report read models every dossier made, and the summary counts them', async () => {
    const app = simulator.context;
    const runner = new ProjectionRunner(
      app.get<EventStore>(EVENT_STORE),
      db.pool,
      reportProjections(reportFactsDepsFrom(app.get(DossierCalendar), app.get(BoundProcedures))),
    );
    await runner.start();
    try {
      const last = await db.pool.query<{ p: string }>(
        `SELECT max(position)::text AS p FROM events WHERE category = 'dossier'`,
      );
      await runner.waitForCheckpoint(REPORT_FACTS_PROJECTION, BigInt(last.rows[0]!.p), 60_000);
    } finally {
      await runner.stop();
    }
    const summary = await summaryReport(
      db.pool,
      parseReportQuery({ from: '2026-02-01', to: '2026-12-31' }),
      null,
      Date.parse('2026-12-31T00:00:00+07:00'),
    );
    expect(summary.total.received).toBe(DOSSIERS);
    expect(summary.total.finished.total).toBe(DOSSIERS);
    expect(summary.total.finished.early + summary.total.finished.onTime + summary.total.finished.late).toBe(
      DOSSIERS,
    );
    expect(summary.total.inProgress.total).toBe(0);
  });
});

import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { EVENT_STORE, verifyStreamChain, type EventStore } from '@lien-thong/event-store';
import { ProjectionRunner } from '@lien-thong/projections';
import { CommandBus } from '@nestjs/cqrs';
import { DossierCoordinationActivities } from '@lien-thong/coordination';
import { dossierStream } from '@lien-thong/dossier-model';
import {
  BoundProcedures,
  DossierCalendar,
  ReceiveDossierCommand,
  type ReceiptView,
} from '@lien-thong/dossiers';
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
  const config = (databaseUrl: string) => HistorySimulator.throwawayConfig(databaseUrl);
  const OPTIONS = { from: '2026-02-02', to: '2026-03-31', seed: 7, concurrency: 4 };

  beforeAll(async () => {
    db = await createTestSchema('history_generator');
    simulator = await HistorySimulator.start(config(db.connectionString), OPTIONS);
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

  it('makes the same history in bulk mode, each stream imported whole with its hash chain', async () => {
    const bulkDb = await createTestSchema('history_generator_bulk');
    const bulk = await HistorySimulator.start(config(bulkDb.connectionString), { ...OPTIONS, bulk: true });
    try {
      await bulk.run(0, DOSSIERS);
      expect(bulk.counts).toEqual(simulator.counts);
      // Each dossier's events, in order, by its intake reference (codes depend on the order of intakes).
      const histories = async (pool: TestSchema['pool']) => {
        const { rows } = await pool.query<{ ref: string; types: string[] }>(
          `SELECT r.data->>'intakeRef' AS ref, array_agg(e.type ORDER BY e.revision) AS types
             FROM events e JOIN events r ON r.stream_name = e.stream_name AND r.revision = 0
            WHERE e.category = 'dossier' GROUP BY 1 ORDER BY 1`,
        );
        return rows;
      };
      const made = await histories(bulkDb.pool);
      expect(made).toHaveLength(DOSSIERS);
      expect(made).toEqual(await histories(db.pool));
      const store = bulk.context.get<EventStore>(EVENT_STORE);
      const streams = await bulkDb.pool.query<{ stream_name: string; recorded: Date; received: string }>(
        `SELECT stream_name, recorded_at AS recorded, data->>'receivedAt' AS received
           FROM events WHERE category = 'dossier' AND revision = 0`,
      );
      for (const { stream_name, recorded, received } of streams.rows) {
        expect(verifyStreamChain(await store.readStream(stream_name))).toMatchObject({ ok: true });
        // Recorded at the simulated instant, not when the generator ran.
        expect(recorded.getTime()).toBe(Date.parse(received));
      }
    } finally {
      await bulk.close();
      await bulkDb.drop();
    }
  }, 120_000);

  // Last: it adds a dossier to the history the tests above compare.
  it('ends a coordination round on the state its own append left, without reading the dossier again', async () => {
    const app = simulator.context;
    const receipt = await app.get(CommandBus).execute<ReceiveDossierCommand, ReceiptView>(
      new ReceiveDossierCommand({
        intakeRef: 'coordination-round-1',
        procedureCode: '1.001193',
        // Online: received at any hour (the test runs whenever it runs).
        channel: 'online',
        receivingUnitCode: '000.00.71.H29',
        applicantCommuneCode: '000.00.71.H29',
        stepOwners: { 'register-residence': '000.00.72.H29' },
        applicant: {
          fullName: 'Người nộp thử',
          address: 'Thành phố Hồ Chí Minh',
          phone: null,
          email: null,
          idNumber: '079000999001',
          dateOfBirth: null,
        },
        documents: [
          { code: 'to-khai-lien-thong', copies: 1, original: true },
          { code: 'giay-chung-sinh', copies: 1, original: true },
        ],
        officer: 'can-bo-000.00.71.H29',
      }),
    );
    const code = receipt.dossierCode;
    const store = app.get<EventStore>(EVENT_STORE);
    const activities = app.get(DossierCoordinationActivities);
    // Every stream read, counted (the store is a proxy that binds its methods: a jest spy would not see them).
    const read = store.readStream;
    const streamsRead: string[] = [];
    store.readStream = (stream, options) => {
      streamsRead.push(stream);
      return read.call(store, stream, options);
    };
    let round;
    try {
      round = await activities.coordinateDossier(code);
    } finally {
      store.readStream = read;
    }
    const dossierReads = streamsRead.filter((stream) => stream === dossierStream(code)).length;
    // The transfer to the first agency and its handoff: each pass read the dossier, the one that would
    // have found nothing more to do did not.
    expect((round.recorded ?? []).map((r) => r.type)).toEqual(['Transfer', 'HandOffStep']);
    expect(round.executed).toBeNull();
    expect(dossierReads).toBe(2);
    const events = await store.readStream(dossierStream(code));
    expect(round.revision).toBe(events[events.length - 1]!.revision);
    // The round is the one a fresh read gives: planned again from the stream, nothing to record.
    const again = await activities.coordinateDossier(code);
    expect(again.recorded).toEqual([]);
    expect({ ...again, recorded: [] }).toEqual({ ...round, recorded: [] });
  });
});

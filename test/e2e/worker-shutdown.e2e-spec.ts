import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_HEADERS } from '@lien-thong/contracts';
import { TEST_PROCEDURES } from '@lien-thong/procedures';
import { startApiTestApp, callerAt, type ApiTestApp } from '../support/api-test-app';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { freePort } from '../support/free-port';
import { until } from '../support/until';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

/**
 * SIGTERM to the worker while dossiers move and a webhook delivery is in flight drains it: the
 * process exits by itself with code 0 and logs no error (before, the pool closed under the projection
 * runner, the activities and the dispatcher: "Cannot use a pool after calling end"), the delivery in
 * flight is recorded, and a new worker finishes every dossier without sending any delivery twice.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const DOSSIERS = 6;

/** A webhook receiver on loopback that records every request and holds every answer until `release()`. */
async function startHoldingReceiver() {
  const received: { deliveryId: string }[] = [];
  let inProgress = 0;
  let release: () => void = () => undefined;
  let held: Promise<void> | undefined = new Promise<void>((resolve) => (release = resolve));
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push({ deliveryId: String(req.headers[WEBHOOK_HEADERS.delivery.toLowerCase()] ?? '') });
      inProgress += 1;
      void (held ?? Promise.resolve()).then(() => {
        inProgress -= 1;
        res.writeHead(200).end('ok');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    inProgress: () => inProgress,
    /** Answers the held requests, and every later one at once. */
    release: () => {
      held = undefined;
      release();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The promise's value, or 'still running' after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>(
    (resolve) => (timer = setTimeout(() => resolve('still running'), ms)),
  );
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Lines written at error level: the processes' JSON logs (`"level":"error"`, Nest's and the Temporal
 * SDK's alike), and the older text formats (`ERROR [Context]`, `[ERROR]`) should any slip through.
 */
const ERROR_LINE = /("level":"(error|fatal)"|\bERROR \[|\[ERROR\])/;

describe('worker shutdown drains in-flight work', () => {
  let t: ApiTestApp;
  let api: ApiProcess | undefined;
  let worker: WorkerProcess | undefined;
  let receiver: Awaited<ReturnType<typeof startHoldingReceiver>>;

  beforeAll(async () => {
    receiver = await startHoldingReceiver();
    t = await startApiTestApp('e2e_worker_shutdown', {
      // The receiver listens on loopback: allowed explicitly, as an operator would for a local network.
      overrides: { seed: 'sample', calendar: 'always-open', webhookAllowedNetworks: '127.0.0.1' },
    });
    for (const procedure of TEST_PROCEDURES) {
      await t.as('procedure-designer', null, 'designer').post('/procedures').send(procedure).expect(201);
      await t
        .as('procedure-designer', null, 'designer')
        .post(`/procedures/${procedure.code}/versions`)
        .expect(201);
    }
  }, 60_000);
  afterAll(async () => {
    receiver?.release();
    await worker?.kill();
    await api?.stop();
    await receiver?.close();
    await t?.close();
  });

  it('SIGTERM under load: exit 0 with no error logged; the next worker finishes every dossier; no delivery twice', async () => {
    const config = t.config({ calendar: 'always-open', webhookAllowedNetworks: '127.0.0.1' });
    [api, worker] = await Promise.all([
      startApiProcess(config, await freePort()),
      startWorkerProcess(config),
    ]);
    const operator = () => callerAt(api!.url, t.token('administrator', null, 'admin-1'));
    const desk = () => callerAt(api!.url, t.token('reception-officer', DESK, 'can-bo-1'));
    await operator()
      .put(`/agencies/${DESK}/webhook`)
      .send({ url: receiver.url, events: ['step.handed-off'] })
      .expect(201);

    const receive = async (i: number) =>
      (
        await desk()
          .post('/dossiers')
          .send({
            procedureCode: '9.000001',
            channel: 'online',
            receivingUnitCode: DESK,
            applicantCommuneCode: DESK,
            stepOwners: { b: POLICE },
            applicant: { fullName: `Lê Văn Dừng ${i}`, address: '3 Hàm Nghi', idNumber: `07900000010${i}` },
            documents: [],
          })
          .expect(201)
      ).body.dossierCode as string;

    // The first dossier's handoff reaches the receiver and is held there: a delivery is in flight at
    // the signal. The others are received just before it: their intake, workflow start, transfer and
    // handoff are under way in the worker, or not begun.
    const codes = [await receive(0)];
    await until('a webhook delivery in flight', () => (receiver.inProgress() > 0 ? true : undefined), 60_000);
    codes.push(...(await Promise.all(Array.from({ length: DOSSIERS - 1 }, (_, i) => receive(i + 1)))));
    const first = worker;
    const exited = first.exited();
    first.signal('SIGTERM');
    // Answered only once the worker's Temporal side has stopped, while its dispatcher still waits (and,
    // before the fix, after Nest had closed the pool). No such line: the assertions below tell why.
    await until(
      'the Temporal worker to stop',
      () => (/"state":"STOPPED"|state: 'STOPPED'/.test(first.output()) ? true : undefined),
      30_000,
    ).catch(() => undefined);
    const inFlightAtSignal = receiver.received.map((r) => r.deliveryId);
    receiver.release();

    const exit = await within(exited, 60_000);
    const output = first.output();
    expect({ exit, log: output.split('\n').slice(-30) }).toMatchObject({ exit: { code: 0, signal: null } });
    expect(output).not.toContain('Cannot use a pool after calling end');
    expect(output.split('\n').filter((line) => ERROR_LINE.test(line))).toEqual([]);

    // The deliveries answered during the drain were recorded: none is owed again.
    const rows = async () =>
      (
        await t.db.pool.query<{ id: string; status: string; attempts: number; dossier_code: string }>(
          'SELECT id, status, attempts, dossier_code FROM agency_notification_outbox ORDER BY event_position',
        )
      ).rows;
    expect(inFlightAtSignal.length).toBeGreaterThan(0);
    const afterDrain = new Map((await rows()).map((r) => [r.id, r]));
    for (const id of inFlightAtSignal)
      expect({ id, ...afterDrain.get(id) }).toMatchObject({ id, status: 'delivered', attempts: 1 });

    worker = await startWorkerProcess(config);
    const handoffs = await until(
      'every dossier handed off to its first agency, in the read model',
      async () => {
        const inbox = await operator().get(`/agencies/${DESK}/inbox?limit=100`).expect(200);
        const items = (inbox.body.items as { dossierCode: string; stepId: string }[]).filter((item) =>
          codes.includes(item.dossierCode),
        );
        return items.length === DOSSIERS ? items : undefined;
      },
      60_000,
    );
    expect(handoffs.map((h) => h.stepId)).toEqual(Array(DOSSIERS).fill('a'));
    for (const code of codes) {
      const { rows: events } = await t.db.pool.query<{ type: string; step: string | null }>(
        "SELECT type, data->>'stepId' AS step FROM events WHERE stream_name = $1 ORDER BY revision",
        [`dossier-${code}`],
      );
      expect({ code, transferred: events.filter((e) => e.type === 'DossierTransferred').length }).toEqual({
        code,
        transferred: 1,
      });
      expect({
        code,
        handoffs: events.filter((e) => e.type === 'StepHandedOff').map((e) => e.step),
      }).toEqual({ code, handoffs: ['a'] });
    }

    const delivered = await until(
      'one delivered notification per dossier',
      async () => {
        const all = await rows();
        return all.length === DOSSIERS && all.every((r) => r.status === 'delivered') ? all : undefined;
      },
      30_000,
    );
    expect(new Set(delivered.map((r) => r.dossier_code))).toEqual(new Set(codes));
    expect(delivered.map((r) => r.attempts)).toEqual(Array(DOSSIERS).fill(1));
    const timesReceived = new Map<string, number>();
    for (const r of receiver.received)
      timesReceived.set(r.deliveryId, (timesReceived.get(r.deliveryId) ?? 0) + 1);
    expect(Object.fromEntries(timesReceived)).toEqual(Object.fromEntries(delivered.map((r) => [r.id, 1])));

    // The second worker, idle, stops as cleanly.
    const second = worker;
    const secondExit = second.exited();
    second.signal('SIGTERM');
    expect(await within(secondExit, 60_000)).toEqual({ code: 0, signal: null });
    expect(
      second
        .output()
        .split('\n')
        .filter((line) => ERROR_LINE.test(line)),
    ).toEqual([]);
    worker = undefined;
  }, 180_000);
});

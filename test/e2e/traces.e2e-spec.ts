import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { AGENCY_STAFF, callerAt, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { freePort } from '../support/free-port';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { publishRoomyTestProcedure, roomyIntake } from '../support/quick-procedures';

/**
 * Traces (issue 23): with an OTLP endpoint configured, one dossier action is one trace across the
 * processes: the agency's request to the API (HTTP, Express, PostgreSQL spans) → the event it records
 * (carrying the trace) → the worker's process manager signalling the workflow (and Temporal's client
 * span) → the workflow's coordination round → the next handoff it records, whose event carries the
 * same trace. A small OTLP/HTTP receiver stands in for a collector.
 */
const DESK = '000.00.71.H29';

interface ReceivedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly name: string;
  readonly attributes: Record<string, unknown>;
}

function collector(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  type Attr = { key: string; value: Record<string, unknown> };
  const flat = (attrs: Attr[] | undefined) =>
    Object.fromEntries((attrs ?? []).map((a) => [a.key, Object.values(a.value)[0]]));
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const parsed = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: Attr[] };
          scopeSpans: { spans: { traceId: string; name: string; attributes?: Attr[] }[] }[];
        }[];
      };
      for (const rs of parsed.resourceSpans) {
        const service = String(flat(rs.resource.attributes)['service.name']);
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans)
            spans.push({ service, traceId: s.traceId, name: s.name, attributes: flat(s.attributes) });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans }),
    ),
  );
}

describe('traces across API, event store and worker', () => {
  let t: ApiTestApp;
  let otlp: Awaited<ReturnType<typeof collector>>;
  let api: ApiProcess | undefined;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    otlp = await collector();
    t = await startApiTestApp('e2e_traces', { overrides: { seed: 'sample', calendar: 'always-open' } });
    await publishRoomyTestProcedure(() => t.as('procedure-designer', null, 'designer'));
    const config = t.config({ calendar: 'always-open' });
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    worker = await startWorkerProcess(config, 120_000, undefined, { env });
    api = await startApiProcess(config, await freePort(), 120_000, { env });
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await new Promise((r) => otlp?.server.close(r));
    await t?.close();
  });

  it("follows an agency's completion to the next handoff in one trace", async () => {
    const events = async (code: string) =>
      (
        await t.db.pool.query<{ type: string; step: string | null; traceparent: string | null }>(
          `SELECT type, data->>'stepId' AS step, metadata->>'traceparent' AS traceparent
             FROM events WHERE stream_name = $1 ORDER BY revision`,
          [`dossier-${code}`],
        )
      ).rows;
    const waitFor = async (what: string, probe: () => Promise<boolean>) => {
      const until = Date.now() + 60_000;
      while (!(await probe())) {
        if (Date.now() > until)
          throw new Error(`timed out waiting for ${what}\n${worker!.output().slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const code = (
      await callerAt(api!.url, t.token('reception-officer', DESK, 'can-bo-1'))
        .post('/dossiers')
        .send(roomyIntake({ fullName: 'Vũ Thị Dấu Vết', address: '9 Đồng Khởi', idNumber: '079000000009' }))
        .expect(201)
    ).body.dossierCode as string;
    await waitFor('step a handed off', async () =>
      (await events(code)).some((e) => e.type === 'StepHandedOff' && e.step === 'a'),
    );
    const agency = callerAt(api!.url, t.token(AGENCY_STAFF, DESK));
    await agency.post(`/dossiers/${code}/steps/a/receive`).send({ agencyCode: DESK }).expect(200);
    await agency
      .post(`/dossiers/${code}/steps/a/complete`)
      .send({ agencyCode: DESK, resultSummary: 'xong' })
      .expect(200);
    await waitFor('step b handed off', async () =>
      (await events(code)).some((e) => e.type === 'StepHandedOff' && e.step === 'b'),
    );

    // The completion's event and the handoff the worker recorded after it carry one trace.
    const all = await events(code);
    const completed = all.find((e) => e.type === 'StepCompleted' && e.step === 'a')!;
    const handoff = all.find((e) => e.type === 'StepHandedOff' && e.step === 'b')!;
    const traceOf = (traceparent: string | null) => traceparent?.split('-')[1];
    expect(completed.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const traceId = traceOf(completed.traceparent)!;
    expect(traceOf(handoff.traceparent)).toBe(traceId);

    // The collector has that trace's spans from both processes: the API's request span is exported when
    // the request has ended, possibly in a later batch than its statements' spans, so it is waited for.
    const completionRequest = (s: { service: string; attributes: Record<string, unknown> }) =>
      s.service === 'lien-thong-api' &&
      Object.values(s.attributes).some((v) => String(v).includes(`/steps/a/complete`));
    await waitFor('the trace exported by both processes', () => {
      const inTrace = otlp.spans.filter((s) => s.traceId === traceId);
      return Promise.resolve(
        inTrace.some(completionRequest) && inTrace.some((s) => s.name === 'coordination: round'),
      );
    });
    const inTrace = otlp.spans.filter((s) => s.traceId === traceId);
    const names = (service: string) => inTrace.filter((s) => s.service === service).map((s) => s.name);
    // The API: the HTTP request of the completion, and its statements.
    expect(inTrace.some(completionRequest)).toBe(true);
    expect(names('lien-thong-api').some((n) => /^pg\./.test(n))).toBe(true);
    // The worker: the process manager's signal, Temporal's client span of it, the round, its statements.
    expect(names('lien-thong-worker')).toEqual(
      expect.arrayContaining([
        'coordination: signal the dossier workflow',
        'SignalWithStartWorkflow:dossierWorkflow',
        'coordination: round',
      ]),
    );
    expect(names('lien-thong-worker').some((n) => /^pg\./.test(n))).toBe(true);
    // No personal data in any span (statements are exported without their parameters).
    expect(JSON.stringify(otlp.spans)).not.toContain('Dấu Vết');
    expect(JSON.stringify(otlp.spans)).not.toContain('079000000009');
  }, 180_000);
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { TEST_PROCEDURES } from '@lien-thong/procedures';
import { startApiTestApp, type ApiTestApp, AGENCY_STAFF } from '../support/api-test-app';
import { until } from '../support/until';

/**
 * The agency inbox's live changes (issue 20, "live updates without reload"): server-sent events from
 * `GET /agencies/{code}/inbox/changes`, announced by the inbox projection when its batch commits, so
 * the inbox read right after an `inbox-changed` already shows the change.
 */
const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';

interface Stream {
  readonly events: EventSourceMessage[];
  readonly status: number;
  /** Resolves when the server ended the stream (or the test closed it). */
  readonly ended: Promise<void>;
  close(): void;
}

describe('agency inbox changes (server-sent events)', () => {
  let t: ApiTestApp;
  let base: string;
  const streams: Stream[] = [];

  /** Opens the stream with this token and collects its events until closed. */
  const open = async (agency: string, token: string | null): Promise<Stream> => {
    const abort = new AbortController();
    const response = await fetch(`${base}/agencies/${agency}/inbox/changes`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: abort.signal,
    });
    const events: EventSourceMessage[] = [];
    if (response.status !== 200) {
      await response.text();
      const refused: Stream = { events, status: response.status, ended: Promise.resolve(), close: () => {} };
      return refused;
    }
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const parser = createParser({ onEvent: (event) => events.push(event) });
    const decoder = new TextDecoder();
    const ended = (async () => {
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
          parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        /* closed by the test */
      }
    })();
    const stream: Stream = { events, status: response.status, ended, close: () => abort.abort() };
    streams.push(stream);
    await until('the ready event', () => (events.some((e) => e.event === 'ready') ? true : undefined));
    return stream;
  };

  beforeAll(async () => {
    t = await startApiTestApp('e2e_inbox_changes', {
      overrides: { seed: 'sample', calendar: 'always-open' },
      coordination: true,
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    const parallel = TEST_PROCEDURES.find((p) => p.code === '9.000002')!;
    await t.as('procedure-designer', null, 'designer').post('/procedures').send(parallel).expect(201);
    await t
      .as('procedure-designer', null, 'designer')
      .post(`/procedures/${parallel.code}/versions`)
      .expect(201);
  });
  let closed = false;
  afterAll(async () => {
    for (const s of streams) s.close();
    if (!closed) await t?.close();
  });

  it('tells each agency its inbox changed once the change is committed: the inbox read then shows it', async () => {
    const desk = await open(DESK, t.token(AGENCY_STAFF, DESK, 'can-bo-phuong-1'));
    const police = await open(POLICE, t.token(AGENCY_STAFF, POLICE, 'can-bo-cong-an-1'));
    expect(JSON.parse(police.events[0]!.data)).toEqual({ agencyCode: POLICE });
    /**
     * Waits for an `inbox-changed` on `stream` after which `agency`'s inbox shows `stepId` of the
     * dossier: the inbox is read once per announcement, never polled in between.
     */
    const shownAfterAnnouncement = async (stream: Stream, agency: string, code: string, stepId: string) => {
      let seen = 0;
      return until(`an inbox-changed after which ${agency} holds ${stepId}`, async () => {
        const changes = stream.events.filter((e) => e.event === 'inbox-changed');
        if (changes.length === seen) return undefined;
        seen = changes.length;
        expect(JSON.parse(changes[changes.length - 1]!.data)).toEqual({ agencyCode: agency });
        const page = await t.as(AGENCY_STAFF, agency, 'doc-hop-viec').get(`/agencies/${agency}/inbox`);
        return (
          page.body.items as {
            dossierCode: string;
            stepId: string;
            links: { accept: string; complete: string };
          }[]
        ).find((i) => i.dossierCode === code && i.stepId === stepId);
      });
    };
    const received = await t
      .as('reception-officer', DESK, 'can-bo-1')
      .post('/dossiers')
      .send({
        procedureCode: '9.000002',
        channel: 'online',
        receivingUnitCode: DESK,
        applicantCommuneCode: DESK,
        stepOwners: { police: POLICE },
        applicant: { fullName: 'Phạm Văn Thử', address: '1 Hàm Nghi', idNumber: '079000000001' },
        documents: [],
      })
      .expect(201);
    const code = received.body.dossierCode as string;
    const start = await shownAfterAnnouncement(desk, DESK, code, 'start');
    const before = police.events.length;
    const act = (path: string, body: object = {}) =>
      t
        .as(AGENCY_STAFF, DESK)
        .post(path)
        .send({ agencyCode: DESK, ...body })
        .expect(200);
    await act(start.links.accept);
    await act(start.links.complete, { resultSummary: 'xong' });
    // Handed on: the police is told, and finds the step in its inbox.
    await shownAfterAnnouncement(police, POLICE, code, 'police');
    expect(police.events.length).toBeGreaterThan(before);
  });

  it("refuses another agency's stream (403), no token (401), and a sixth stream of one caller (429)", async () => {
    expect((await open(POLICE, t.token(AGENCY_STAFF, DESK, 'can-bo-phuong-1'))).status).toBe(403);
    expect((await open(POLICE, null)).status).toBe(401);
    const token = t.token(AGENCY_STAFF, POLICE, 'can-bo-cong-an-2');
    const five = [];
    for (let i = 0; i < 5; i += 1) five.push(await open(POLICE, token));
    expect(five.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await open(POLICE, token)).status).toBe(429);
    // One closed: room for another.
    five[0]!.close();
    const again = await until('a stream again once one is closed', async () => {
      const s = await open(POLICE, token);
      return s.status === 200 ? s : undefined;
    });
    expect(again.status).toBe(200);
  });

  it('ends the open streams when the API shuts down, so they do not hold it up', async () => {
    const open1 = await open(DESK, t.token(AGENCY_STAFF, DESK, 'can-bo-phuong-9'));
    const started = Date.now();
    closed = true;
    await t.close();
    await open1.ended;
    // Well before the stream's own end (5 minutes): the shutdown ended it.
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

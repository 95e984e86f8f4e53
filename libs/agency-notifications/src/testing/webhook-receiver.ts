import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly deliveryId: string;
}

export interface TestReceiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Most requests in progress at once for one delivery id, over the receiver's life. */
  maxConcurrentPerDelivery(): number;
  close(): Promise<void>;
}

/**
 * A local webhook receiver for tests: `respond` chooses each answer's status code (it may wait first),
 * given the request and how many requests this delivery id had before it.
 */
export async function startTestReceiver(
  respond: (request: ReceivedRequest, previousForDelivery: number) => number | Promise<number>,
): Promise<TestReceiver> {
  const received: ReceivedRequest[] = [];
  const inFlight = new Map<string, number>();
  let maxConcurrent = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const deliveryId = String(req.headers['x-lienthong-delivery'] ?? '');
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), deliveryId };
      const previous = received.filter((r) => r.deliveryId === deliveryId).length;
      received.push(request);
      const now = (inFlight.get(deliveryId) ?? 0) + 1;
      inFlight.set(deliveryId, now);
      maxConcurrent = Math.max(maxConcurrent, now);
      void Promise.resolve(respond(request, previous)).then(
        (status) => {
          inFlight.set(deliveryId, (inFlight.get(deliveryId) ?? 1) - 1);
          res
            .writeHead(status, { 'content-type': 'text/plain' })
            .end(status < 300 ? 'ok' : 'receiver says no');
        },
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    maxConcurrentPerDelivery: () => maxConcurrent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

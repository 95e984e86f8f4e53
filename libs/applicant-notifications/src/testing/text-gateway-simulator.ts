import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayMessage } from '../senders/http-gateway-notice-sender';

export interface TextGatewaySimulatorOptions {
  /** The token the simulator expects (`Authorization: Bearer …`); unset: any. */
  readonly token?: string;
  /** Answer the first N requests with 503 (to exercise retries). */
  readonly failFirst?: number;
  /** Answer requests for these numbers with 400 (a number the gateway refuses). */
  readonly refuse?: readonly string[];
}

/**
 * A local SMS / Zalo gateway for tests (loopback only): takes the JSON POSTs of
 * `HttpGatewayNoticeSender`, keeps the messages it accepted, answers `{ id }`; deduplicates on
 * `Idempotency-Key` as a real gateway would.
 */
export class TextGatewaySimulator {
  private constructor(
    /** The messages accepted, oldest first. */
    readonly accepted: GatewayMessage[],
    /** Every request, accepted or not, with its status. */
    readonly requests: { readonly body: string; readonly status: number }[],
    private readonly failures: { n: number },
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Answer the next `n` requests with 503 (a gateway that is down for a while). */
  failNext(n: number): void {
    this.failures.n = n;
  }

  static async start(options: TextGatewaySimulatorOptions = {}): Promise<TextGatewaySimulator> {
    const refuse = new Set(options.refuse ?? []);
    const seen = new Map<string, string>();
    const accepted: GatewayMessage[] = [];
    const requests: { readonly body: string; readonly status: number }[] = [];
    const failures = { n: options.failFirst ?? 0 };
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = (status: number, json: unknown) => {
          requests.push({ body, status });
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        };
        if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`)
          return answer(401, { error: 'bad token' });
        if (failures.n > 0) {
          failures.n -= 1;
          return answer(503, { error: 'try again' });
        }
        let message: GatewayMessage;
        try {
          message = JSON.parse(body) as GatewayMessage;
        } catch {
          return answer(400, { error: 'not JSON' });
        }
        if (refuse.has(message.to)) return answer(400, { error: 'number refused' });
        const key = String(req.headers['idempotency-key'] ?? message.id);
        const earlier = seen.get(key);
        if (earlier) return answer(200, { id: earlier });
        const id = `sim-${accepted.length + 1}`;
        seen.set(key, id);
        accepted.push(message);
        return answer(200, { id });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new TextGatewaySimulator(
      accepted,
      requests,
      failures,
      server,
      (server.address() as AddressInfo).port,
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/messages`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

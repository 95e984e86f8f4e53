import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A JSON call to a channel's API (portal, postal service) with its bearer token and a time limit. */
export async function callChannel(
  what: string,
  baseUrl: string,
  token: string,
  timeoutMs: number,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  try {
    return await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new ChannelUnavailable(
      `${what} could not be reached (${method} ${path}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A channel (portal, postal service) did not answer, or answered an error. */
export class ChannelUnavailable extends Error {}

/**
 * The HTTP side of a simulator (portal, postal service): JSON on loopback under a bearer token; the
 * subclass answers each request in `handle` with `send`.
 */
export abstract class LoopbackJsonServer {
  private server: Server | undefined;

  constructor(readonly token: string) {}

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${this.token}`) return send(res, 401, { error: 'bad token' });
      this.handle(req, res).catch((error: unknown) =>
        send(res, 500, { error: error instanceof Error ? error.message : String(error) }),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    return this.url;
  }

  get url(): string {
    const address = this.server!.address() as AddressInfo;
    return `http://${address.address}:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

export function send(res: ServerResponse, status: number, json?: unknown): void {
  if (json === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
}

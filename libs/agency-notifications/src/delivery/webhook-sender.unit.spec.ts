import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebhookAddressPolicy } from '../webhooks/webhook-address-policy';
import { httpWebhookSender, type HostResolver, type WebhookRequest } from './webhook-sender';

/**
 * The sender against a real listener on 127.0.0.1 that counts what reaches it. There is no outside
 * network here: names resolve through an injected resolver, which is also how the tests make a public-
 * looking name point at loopback.
 */
const NAME = 'hooks.agency.example';

interface Listener {
  readonly port: number;
  readonly requests: { url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

async function listen(
  answer: (path: string) => [number, Record<string, string>, string] = () => [200, {}, 'ok'],
): Promise<Listener> {
  const requests: Listener['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      const [status, headers, body] = answer(req.url ?? '');
      res.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A resolver that answers from a table and counts its calls. */
function resolver(table: Record<string, string[]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses)
      return Promise.reject(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
      );
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  return Object.assign(resolve, { calls });
}

const request = (url: string, timeoutMs = 2_000): WebhookRequest => ({
  url,
  headers: { 'content-type': 'application/json', 'x-lienthong-delivery': 'd-1' },
  body: '{"version":1}',
  timeoutMs,
});

describe('webhook sender (address vetting, pinned connection)', () => {
  let listener: Listener;
  beforeEach(async () => {
    listener = await listen();
  });
  afterEach(async () => {
    await listener.close();
  });

  it('refuses a name that resolves to loopback, before any connection: zero requests reach the listener', async () => {
    const resolve = resolver({ [NAME]: ['127.0.0.1'] });
    const result = await httpWebhookSender({ resolve })(request(`http://${NAME}:${listener.port}/hook`));
    expect(result).toEqual({
      ok: false,
      statusCode: null,
      refused: true,
      error: `refused before connecting: ${NAME} resolves to 127.0.0.1; 127.0.0.1 is a loopback address; webhooks go only to public addresses (nothing was sent)`,
    });
    expect(listener.requests).toHaveLength(0);
    expect(resolve.calls).toEqual([NAME]);
  });

  it('refuses a name when any one of its addresses is private, even if another is public', async () => {
    const resolve = resolver({ [NAME]: ['93.184.216.34', '::1'] });
    const result = await httpWebhookSender({ resolve })(request(`http://${NAME}:${listener.port}/hook`));
    expect(result).toMatchObject({ ok: false, statusCode: null, refused: true });
    expect(result.error).toContain('::1 is a loopback address');
    expect(listener.requests).toHaveLength(0);
  });

  it('refuses literal forbidden addresses at send time too (a registration older than the policy)', async () => {
    const send = httpWebhookSender({ resolve: resolver({}) });
    for (const url of [
      `http://127.0.0.1:${listener.port}/hook`,
      `http://2130706433:${listener.port}/hook`,
      `http://[::ffff:127.0.0.1]:${listener.port}/hook`,
    ]) {
      const result = await send(request(url));
      expect(result).toMatchObject({ ok: false, statusCode: null, refused: true });
      expect(result.error).toMatch(/^refused before connecting: .* is a loopback address/);
    }
    expect(listener.requests).toHaveLength(0);
  });

  it('connects only to the address it vetted: resolved once, Host header kept, no second DNS question', async () => {
    // The name exists nowhere but in the injected resolver: the delivery can only have used its answer.
    const resolve = resolver({ [NAME]: ['127.0.0.1'] });
    const send = httpWebhookSender({ resolve, policy: WebhookAddressPolicy.fromSetting('127.0.0.1') });
    const result = await send(request(`http://${NAME}:${listener.port}/hook?x=1`));
    expect(result).toEqual({ ok: true, statusCode: 200, error: null });
    expect(listener.requests).toEqual([
      expect.objectContaining({
        url: '/hook?x=1',
        headers: expect.objectContaining({ host: `${NAME}:${listener.port}` }),
      }),
    ]);
    expect(listener.requests[0]!.headers['x-lienthong-delivery']).toBe('d-1');
    expect(resolve.calls).toEqual([NAME]);
  });

  it('reports an unresolvable name as an ordinary (retryable) failure', async () => {
    const result = await httpWebhookSender({ resolve: resolver({}) })(
      request('http://nowhere.example.vn/hook'),
    );
    expect(result).toEqual({
      ok: false,
      statusCode: null,
      error: 'cannot resolve nowhere.example.vn: getaddrinfo ENOTFOUND nowhere.example.vn',
    });
  });

  it('does not follow redirects, and keeps at most 200 characters of an error answer', async () => {
    await listener.close();
    listener = await listen((path) =>
      path === '/moved'
        ? [302, { location: 'http://169.254.169.254/latest/meta-data' }, '']
        : [500, {}, 'x'.repeat(5_000)],
    );
    const send = httpWebhookSender({ policy: WebhookAddressPolicy.fromSetting('127.0.0.1') });
    expect(await send(request(`http://127.0.0.1:${listener.port}/moved`))).toEqual({
      ok: false,
      statusCode: 302,
      error: 'HTTP 302',
    });
    const failed = await send(request(`http://127.0.0.1:${listener.port}/error`));
    expect(failed).toEqual({ ok: false, statusCode: 500, error: `HTTP 500: ${'x'.repeat(200)}` });
    expect(listener.requests.map((r) => r.url)).toEqual(['/moved', '/error']);
  });

  it('times out a slow resolver within the request timeout', async () => {
    const slow: HostResolver = () => new Promise(() => undefined);
    const result = await httpWebhookSender({ resolve: slow })(request(`http://${NAME}/hook`, 100));
    expect(result).toEqual({ ok: false, statusCode: null, error: 'timed out after 100 ms' });
  });

  it('sends the URL host as the TLS server name (SNI) while connecting to the pinned address', async () => {
    const names: (string | undefined)[] = [];
    const server = createTlsServer({
      key: TEST_ONLY_KEY,
      cert: TEST_ONLY_CERT,
      SNICallback: (servername, done) => {
        names.push(servername);
        done(null, undefined);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const send = httpWebhookSender({
        resolve: resolver({ [NAME]: ['127.0.0.1'] }),
        policy: WebhookAddressPolicy.fromSetting('127.0.0.0/8'),
      });
      const result = await send(request(`https://${NAME}:${port}/hook`));
      // The certificate is self-signed: the handshake fails, after the server saw the name.
      expect(result).toMatchObject({
        ok: false,
        statusCode: null,
        error: expect.stringMatching(/self[- ]signed/),
      });
      expect(names).toEqual([NAME]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

// A self-signed test certificate for hooks.agency.example (P-256), made with openssl for this test only.
const TEST_ONLY_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZ8N70JHiEcZCyZ8o
qk/J9cD6gsOS3mXkADMJHPo+NvmhRANCAAQLZuHelvv5oCEaF7bZn/TrLaK0DkLr
v+5gJrPvU7d3kWq6epXQnw3A4mx2BDY8Yv0EDZgrLyhw/xkwl05eMZsa
-----END PRIVATE KEY-----
`;
const TEST_ONLY_CERT = `-----BEGIN CERTIFICATE-----
MIIBtzCCAVygAwIBAgIUKoTmD/PY5BeKu3o+JsHdvoLrDJAwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUaG9va3MuYWdlbmN5LmV4YW1wbGUwIBcNMjYxMjA0MjAzMzU2
WhgPMjEyNjExMTAyMDMzNTZaMB8xHTAbBgNVBAMMFGhvb2tzLmFnZW5jeS5leGFt
cGxlMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC2bh3pb7+aAhGhe22Z/06y2i
tA5C67/uYCaz71O3d5FqunqV0J8NwOJsdgQ2PGL9BA2YKy8ocP8ZMJdOXjGbGqN0
MHIwHQYDVR0OBBYEFEOU4Q4hboR44+PqTbO+Wr89mYvBMB8GA1UdIwQYMBaAFEOU
4Q4hboR44+PqTbO+Wr89mYvBMA8GA1UdEwEB/wQFMAMBAf8wHwYDVR0RBBgwFoIU
aG9va3MuYWdlbmN5LmV4YW1wbGUwCgYIKoZIzj0EAwIDSQAwRgIhAM8do71kv0ih
va1BDWuWP+9B9sceT+Ko0NnSQlFIyJq5AiEA04NFhYt1RZ2dYB4CyJtEDV5qQEc8
bL2hgk0/XQFubLc=
-----END CERTIFICATE-----
`;

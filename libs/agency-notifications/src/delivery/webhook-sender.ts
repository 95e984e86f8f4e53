import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { comparableHost, WebhookAddressPolicy } from '../webhooks/webhook-address-policy';

/** The answer of one POST to a webhook: a status code, or why there was none. */
export type SendResult =
  | { readonly ok: boolean; readonly statusCode: number; readonly error: string | null }
  | {
      readonly ok: false;
      readonly statusCode: null;
      readonly error: string;
      /** The address policy forbade contacting the host: nothing was sent, and retrying cannot help. */
      readonly refused?: boolean;
    };

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** Sends one webhook request. Replaceable in tests; the default is `httpWebhookSender`. */
export type WebhookSender = (request: WebhookRequest) => Promise<SendResult>;

export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Every address of a host name (the default asks the system resolver, as `dns.lookup` does). */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface HttpWebhookSenderOptions {
  /** Which addresses may be contacted (default: public ones only). */
  readonly policy?: WebhookAddressPolicy;
  /** Tests inject one; there is no other way to make a name resolve to an address of their choice. */
  readonly resolve?: HostResolver;
}

const MAX_BODY_IN_ERROR = 200;

const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * POSTs with node:http(s), a timeout covering the whole exchange (resolution included). The host is
 * resolved first and every address it has is vetted by the policy; the connection then goes only to
 * those vetted addresses (the socket's `lookup` returns them instead of asking DNS again), so a name that
 * changes its answer between the check and the connection (DNS rebinding) cannot reach anything else.
 * The Host header and TLS server name stay the URL's host. Redirects are not followed (a 3xx is a
 * failure: the agency registers the final URL). Only a 2xx counts as delivered.
 */
export function httpWebhookSender(options: HttpWebhookSenderOptions = {}): WebhookSender {
  const policy = options.policy ?? WebhookAddressPolicy.strict();
  const resolve = options.resolve ?? systemResolver;
  return async (request) => {
    const signal = AbortSignal.timeout(request.timeoutMs);
    const timedOut = {
      ok: false,
      statusCode: null,
      error: `timed out after ${request.timeoutMs} ms`,
    } as const;
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return { ok: false, statusCode: null, error: 'the registered URL is not a URL', refused: true };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return { ok: false, statusCode: null, error: `refused: ${url.protocol} is not http(s)`, refused: true };
    const host = comparableHost(url);
    let addresses: readonly ResolvedAddress[];
    if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
    else {
      try {
        addresses = await abortable(resolve(host), signal);
      } catch (error) {
        if (signal.aborted) return timedOut;
        return { ok: false, statusCode: null, error: `cannot resolve ${host}: ${describeError(error)}` };
      }
      if (addresses.length === 0)
        return { ok: false, statusCode: null, error: `cannot resolve ${host}: no address` };
    }
    const refusals = addresses
      .map((a) => policy.addressRefusal(a.address, url))
      .filter((r): r is string => r !== null);
    if (refusals.length > 0)
      return {
        ok: false,
        statusCode: null,
        refused: true,
        error: `refused before connecting: ${isIP(host) === 0 ? `${host} resolves to ${addresses.map((a) => a.address).join(', ')}; ` : ''}${refusals.join('; ')}; webhooks go only to public addresses (nothing was sent)`,
      };
    try {
      return await post(url, addresses, request, signal);
    } catch (error) {
      return signal.aborted ? timedOut : { ok: false, statusCode: null, error: describeError(error) };
    }
  };
}

function post(
  url: URL,
  vetted: readonly ResolvedAddress[],
  request: WebhookRequest,
  signal: AbortSignal,
): Promise<SendResult> {
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
    const usable = vetted.filter((a) => family === 0 || a.family === family);
    const first = usable[0];
    if (!first) {
      callback(Object.assign(new Error(`no IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    if (lookupOptions.all)
      callback(
        null,
        usable.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, first.address, first.family);
  };
  const body = Buffer.from(request.body, 'utf8');
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve, reject) => {
    const req = client.request(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(body.length) },
      // A fresh connection per delivery: a pooled socket could outlive the vetting it was made under.
      agent: false,
      lookup: pinned,
      signal,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        res.destroy();
        resolve({ ok: true, statusCode: status, error: null });
        return;
      }
      let text = '';
      const done = () => {
        const excerpt = text.slice(0, MAX_BODY_IN_ERROR).replace(/\s+/g, ' ').trim();
        resolve({ ok: false, statusCode: status, error: `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}` });
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.length >= MAX_BODY_IN_ERROR) {
          res.destroy();
          done();
        }
      });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    req.end(body);
  });
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${code} ${error.message}`
      : error.message;
  }
  return String(error);
}

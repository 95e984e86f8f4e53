/** The answer of one POST to a webhook: a status code, or why there was none. */
export type SendResult =
  | { readonly ok: boolean; readonly statusCode: number; readonly error: string | null }
  | { readonly ok: false; readonly statusCode: null; readonly error: string };

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** Sends one webhook request. Replaceable in tests; the default uses Node's fetch. */
export type WebhookSender = (request: WebhookRequest) => Promise<SendResult>;

const MAX_BODY_IN_ERROR = 200;

/**
 * POSTs with a timeout covering the whole exchange. Redirects are not followed (a 3xx is a failure: the
 * agency registers the final URL). Only a 2xx counts as delivered.
 */
export const fetchWebhookSender: WebhookSender = async (request) => {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: true, statusCode: response.status, error: null };
    }
    const text = await response.text().catch(() => '');
    const excerpt = text.slice(0, MAX_BODY_IN_ERROR).replace(/\s+/g, ' ').trim();
    return {
      ok: false,
      statusCode: response.status,
      error: `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`,
    };
  } catch (error) {
    return { ok: false, statusCode: null, error: describeFetchError(error, request.timeoutMs) };
  }
};

function describeFetchError(error: unknown, timeoutMs: number): string {
  // The abort is a DOMException, not always an `Error` of this realm: look at the name.
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as { code?: unknown }).code;
      return `${error.message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`.trim();
    }
    return error.message;
  }
  return String(error);
}

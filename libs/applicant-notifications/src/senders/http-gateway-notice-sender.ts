import type { ApplicantNoticeSender, OutgoingNotice, SendResult } from './notice-sender.port';
import { scrubbed } from './notice-sender.port';

export interface HttpGatewayNoticeSenderOptions {
  /** The gateway's endpoint (LIEN_THONG_SMS_GATEWAY_URL): set by the operator, not by a client. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>` when set (LIEN_THONG_SMS_GATEWAY_TOKEN). */
  readonly token?: string;
  /** `sms` (default) or `zalo` (LIEN_THONG_SMS_GATEWAY_CHANNEL): what the gateway delivers. */
  readonly channel?: 'sms' | 'zalo';
  readonly timeoutMs?: number;
}

/** The body POSTed to the gateway (docs/applicants.md). */
export interface GatewayMessage {
  readonly id: string;
  readonly channel: 'sms' | 'zalo';
  readonly to: string;
  readonly text: string;
  readonly reference: string;
}

/**
 * A text through an SMS or Zalo gateway over HTTP: one JSON POST per message (`GatewayMessage`), with
 * an `Idempotency-Key` (the notice id) the gateway deduplicates on. 2xx: sent (the answer's `id`, if
 * any, is recorded); 4xx other than 408 and 429: refused for good; anything else is retried.
 * The URL is the operator's setting, so it is not vetted like an agency's webhook address.
 */
export class HttpGatewayNoticeSender implements ApplicantNoticeSender {
  readonly channel: 'sms' | 'zalo';
  readonly addressField = 'phone' as const;

  constructor(private readonly options: HttpGatewayNoticeSenderOptions) {
    this.channel = options.channel ?? 'sms';
  }

  async send(notice: OutgoingNotice): Promise<SendResult> {
    const body: GatewayMessage = {
      id: notice.noticeId,
      channel: this.channel,
      to: notice.to,
      text: notice.message.short,
      reference: notice.reference,
    };
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': notice.noticeId,
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        permanent: false,
        error: scrubbed(cause instanceof Error ? `${message}: ${cause.message}` : message),
      };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      let id: string | null = null;
      try {
        const parsed = JSON.parse(text) as { id?: unknown };
        if (typeof parsed.id === 'string') id = parsed.id;
      } catch {
        // Not JSON: sent all the same, without the gateway's id.
      }
      return { ok: true, providerMessageId: id };
    }
    const permanent =
      response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
    return {
      ok: false,
      permanent,
      error: scrubbed(`gateway HTTP ${response.status}: ${text.slice(0, 200)}`),
    };
  }
}

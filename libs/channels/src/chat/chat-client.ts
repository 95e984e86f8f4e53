import { createHmac, timingSafeEqual } from 'node:crypto';
import { callChannel, ChannelUnavailable } from '../http-json';

/**
 * A chat channel an applicant writes to (the city's Zalo Official Account, issue 24): what comes in is a
 * signed webhook (`ChatInbound`), what goes out a reply to the same user.
 */
export interface ChatChannel {
  /** The channel's name in the webhook's path and in the records (`zalo`). */
  readonly name: string;
  reply(userId: string, text: string): Promise<void>;
  /** Whether the body was signed with the shared secret (the `X-Chat-Signature` header). */
  verify(rawBody: Buffer, signature: string | undefined): boolean;
}

/** One message a user sent, as the chat platform posts it to the webhook. */
export interface ChatInbound {
  readonly messageId: string;
  readonly userId: string;
  readonly text: string;
  /** The phone number the user shared with the account (Zalo asks for consent), if any. */
  readonly phone?: string | null;
}

/** `sha256=<hex>` of the raw body under the shared secret: what the platform sends and what is checked. */
export function chatSignature(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * The chat platform over HTTP, as its simulator (and this adapter) define it: `POST /api/messages`
 * `{ userId, text }` under a bearer token to reply; the webhook's body signed with HMAC-SHA256 in
 * `X-Chat-Signature`. docs/channels.md says what to change for Zalo's own API.
 */
export class HttpChatChannel implements ChatChannel {
  readonly name = 'zalo';

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly secret: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async reply(userId: string, text: string): Promise<void> {
    const res = await callChannel(
      'the chat platform',
      this.baseUrl,
      this.token,
      this.timeoutMs,
      'POST',
      '/api/messages',
      {
        userId,
        text,
      },
    );
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok)
      throw new ChannelUnavailable(`the chat platform answered ${res.status} to POST /api/messages`);
  }

  verify(rawBody: Buffer, signature: string | undefined): boolean {
    if (!signature) return false;
    const expected = Buffer.from(chatSignature(this.secret, rawBody));
    const given = Buffer.from(signature.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

export const CHAT_URL_SETTING = 'LIEN_THONG_CHAT_URL';
export const CHAT_TOKEN_SETTING = 'LIEN_THONG_CHAT_TOKEN';
export const CHAT_SECRET_SETTING = 'LIEN_THONG_CHAT_SECRET';

/** The chat channel from the settings; unset URL: none (the webhook answers 404). */
export function chatChannelFromSettings(
  settings: Readonly<Record<string, string | undefined>>,
): ChatChannel | null {
  const url = settings[CHAT_URL_SETTING]?.trim();
  if (!url) return null;
  const token = settings[CHAT_TOKEN_SETTING]?.trim();
  const secret = settings[CHAT_SECRET_SETTING]?.trim();
  if (!token || !secret)
    throw new Error(`${CHAT_URL_SETTING} is set but ${CHAT_TOKEN_SETTING} or ${CHAT_SECRET_SETTING} is not`);
  return new HttpChatChannel(url, token, secret);
}

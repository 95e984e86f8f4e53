import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonBody, LoopbackJsonServer, send } from '../http-json';
import { chatSignature, type ChatInbound } from './chat-client';

/**
 * A stand-in for the city's Zalo Official Account, for tests and for `npm start` (never the real
 * platform): `userSays` posts a user's message to our webhook, signed with the shared secret, as the
 * platform would; our replies come to `POST /api/messages` (bearer token) and are kept per user. By hand:
 * `POST /api/users/{userId}/says` `{ "text": "NOP", "phone": "0903…" }` answers the replies.
 */
export class ChatSimulator extends LoopbackJsonServer {
  private readonly outbox = new Map<string, string[]>();
  private webhook: string | undefined;

  constructor(
    token: string,
    readonly secret: string,
  ) {
    super(token);
  }

  /** Where the platform posts what users write (our API's `/channels/chat/zalo/events`). */
  deliverTo(webhookUrl: string): void {
    this.webhook = webhookUrl;
  }

  /** A user writes to the account; resolves with the webhook's HTTP status. */
  async userSays(
    userId: string,
    text: string,
    options: { phone?: string; messageId?: string } = {},
  ): Promise<number> {
    if (!this.webhook) throw new Error('ChatSimulator: deliverTo(webhookUrl) first');
    const message: ChatInbound = {
      messageId: options.messageId ?? randomUUID(),
      userId,
      text,
      phone: options.phone ?? null,
    };
    const body = JSON.stringify(message);
    const res = await fetch(this.webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-chat-signature': chatSignature(this.secret, body) },
      body,
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  }

  /** What the account replied to the user, oldest first. */
  messagesTo(userId: string): readonly string[] {
    return [...(this.outbox.get(userId) ?? [])];
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://chat').pathname;
    // Trying it by hand (npm start): a user writes; the answer is what the account replied.
    const user = /^\/api\/users\/([^/]+)\/says$/.exec(path);
    if (req.method === 'POST' && user) {
      const userId = decodeURIComponent(user[1]!);
      const body = (await jsonBody(req)) as { text?: string; phone?: string };
      if (!body.text) return send(res, 400, { error: 'text' });
      const before = this.messagesTo(userId).length;
      const status = await this.userSays(userId, body.text, body.phone ? { phone: body.phone } : {});
      return send(res, 200, { webhookStatus: status, replies: this.messagesTo(userId).slice(before) });
    }
    if (req.method === 'POST' && path === '/api/messages') {
      const body = (await jsonBody(req)) as { userId?: string; text?: string };
      if (!body.userId || !body.text) return send(res, 400, { error: 'userId and text' });
      this.outbox.set(body.userId, [...(this.outbox.get(body.userId) ?? []), body.text]);
      return send(res, 200, { id: randomUUID() });
    }
    return send(res, 404, { error: 'not found' });
  }
}

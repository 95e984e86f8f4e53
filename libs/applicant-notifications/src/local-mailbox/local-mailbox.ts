import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the mailbox took. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly messageId: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: string;
}

export interface LocalMailboxOptions {
  /** SMTP port on 127.0.0.1 (0: any free one). */
  readonly smtpPort?: number;
  /** Also serve the messages as a page and as JSON on this port of 127.0.0.1 (0: any; unset: no page). */
  readonly webPort?: number;
  /** Answer RCPT TO for these addresses with 550 (a mailbox that does not exist). */
  readonly refuse?: readonly string[];
  /** Keep at most this many messages (oldest dropped); default 500. */
  readonly keep?: number;
}

/**
 * An SMTP sink on loopback (smtp-server, mailparser): takes every message, keeps it in memory, and
 * (with `webPort`) shows them at `/` and as JSON at `/messages`. For tests, and for `npm start`, where
 * it is the "local mailbox" the applicant's e-mails go to. Never for production: no authentication,
 * nothing relayed.
 */
export class LocalMailbox {
  private constructor(
    /** Every message taken, oldest first. */
    readonly messages: ReceivedMail[],
    private readonly waiters: (() => void)[],
    private readonly smtp: SMTPServer,
    private readonly web: Server | null,
    readonly smtpPort: number,
    readonly webPort: number | null,
  ) {}

  static async start(options: LocalMailboxOptions = {}): Promise<LocalMailbox> {
    const refuse = new Set((options.refuse ?? []).map((a) => a.toLowerCase()));
    const keep = options.keep ?? 500;
    const messages: ReceivedMail[] = [];
    const waiters: (() => void)[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      banner: 'Liên Thông local mailbox',
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refuse.has(address.address.toLowerCase())) {
          const error = new Error('mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            const headers: Record<string, string> = {};
            for (const [key, value] of parsed.headers) if (typeof value === 'string') headers[key] = value;
            messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              messageId: parsed.messageId ?? null,
              headers,
              receivedAt: new Date().toISOString(),
            });
            if (messages.length > keep) messages.shift();
            for (const w of waiters.splice(0)) w();
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
    });
    await new Promise<void>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(options.smtpPort ?? 0, '127.0.0.1', () => resolve());
    });
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    let web: Server | null = null;
    let webPort: number | null = null;
    if (options.webPort !== undefined) {
      web = createServer((req, res) => {
        const list = messages.slice().reverse();
        if (req.url === '/messages') {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(list));
          return;
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(mailboxPage(list));
      });
      await new Promise<void>((resolve, reject) => {
        web!.once('error', reject);
        web!.listen(options.webPort, '127.0.0.1', () => resolve());
      });
      webPort = (web.address() as AddressInfo).port;
    }
    return new LocalMailbox(messages, waiters, smtp, web, smtpPort, webPort);
  }

  /** `smtp://127.0.0.1:<port>`: what LIEN_THONG_SMTP_URL is set to. */
  get url(): string {
    return `smtp://127.0.0.1:${this.smtpPort}`;
  }

  /** The messages to one address. */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase()));
  }

  /** Resolves once `predicate` holds over the messages (checked on each arrival), or rejects after `timeoutMs`. */
  async waitFor(
    predicate: (messages: readonly ReceivedMail[]) => boolean,
    timeoutMs = 20_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `the local mailbox did not get the expected messages in ${timeoutMs} ms (it has ${this.messages.length})`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
    if (this.web) {
      this.web.closeAllConnections();
      await new Promise<void>((resolve) => this.web!.close(() => resolve()));
    }
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function mailboxPage(list: readonly ReceivedMail[]): string {
  const items = list
    .map(
      (m) => `<article><h2>${escape(m.subject)}</h2>
<p class="meta">${escape(m.receivedAt)} · tới / to: ${escape(m.to.join(', '))}</p>
<pre>${escape(m.text)}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="5">
<title>Hộp thư cục bộ / Local mailbox</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}article{border-bottom:1px solid #ccc}
pre{white-space:pre-wrap}.meta{color:#555}</style></head><body>
<h1>Hộp thư cục bộ (thư gửi người nộp hồ sơ) / Local mailbox</h1>
<p>${list.length} thư / messages. Trang tự làm mới sau 5 giây.</p>
${items || '<p>Chưa có thư nào. / No messages yet.</p>'}
</body></html>`;
}

import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { ApplicantNoticeSender, OutgoingNotice, SendResult } from './notice-sender.port';
import { scrubbed } from './notice-sender.port';

export interface SmtpNoticeSenderOptions {
  /** `smtp://user:pass@host:port` or `smtps://…` (LIEN_THONG_SMTP_URL). */
  readonly url: string;
  /** The From header (LIEN_THONG_MAIL_FROM). */
  readonly from: string;
  /** Per connection, greeting and socket (default 10 s). */
  readonly timeoutMs?: number;
}

export const DEFAULT_MAIL_FROM = '"Bộ phận Một cửa" <mot-cua@lien-thong.invalid>';

/**
 * E-mail through an SMTP server (nodemailer). The server's 5xx answer to a recipient or a message is
 * permanent (the address does not exist, the message is refused); anything else (4xx, connection,
 * timeout) is retried by the dispatcher. The notice id goes out as the Message-ID's local part, so a
 * message sent twice after a crash can be recognised.
 */
export class SmtpNoticeSender implements ApplicantNoticeSender {
  readonly channel = 'email' as const;
  readonly addressField = 'email' as const;
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;
  private readonly domain: string;

  constructor(private readonly options: SmtpNoticeSenderOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    const transport: SMTPTransport.Options = {
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    };
    this.transport = createTransport(transport);
    const at = /@([^>\s]+)>?\s*$/.exec(options.from);
    this.domain = at?.[1] ?? 'lien-thong.invalid';
  }

  async send(notice: OutgoingNotice): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: notice.to,
        subject: notice.message.subject,
        text: notice.message.text,
        messageId: `<${notice.noticeId}@${this.domain}>`,
        headers: { 'X-LienThong-Notice': notice.noticeId, 'X-LienThong-Reference': notice.reference },
      });
      if (Array.isArray(info.rejected) && info.rejected.length > 0)
        return { ok: false, permanent: true, error: 'the server refused the recipient' };
      return { ok: true, providerMessageId: info.messageId ?? null };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        permanent: typeof code === 'number' && code >= 500 && code < 600,
        error: scrubbed(code ? `SMTP ${code}: ${message}` : message),
      };
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}

import type { ApplicantNoticeChannel } from '@lien-thong/dossier-model';
import type { NoticeMessage } from '../notices/notice-message';

/** One message to one address, with the notice id the receiving end may deduplicate on. */
export interface OutgoingNotice {
  readonly noticeId: string;
  /** An e-mail address, or a phone number for a text. */
  readonly to: string;
  readonly message: NoticeMessage;
  /** The dossier code or intake reference (for the gateway's records; not personal data). */
  readonly reference: string;
}

export type SendResult =
  | { readonly ok: true; readonly providerMessageId: string | null }
  /** `permanent`: sending again cannot help (address refused, request refused); else retried. */
  | { readonly ok: false; readonly permanent: boolean; readonly error: string };

/**
 * The notification port (issue 18, item 11): one adapter per channel. Adapters: `SmtpNoticeSender`
 * (e-mail), `HttpGatewayNoticeSender` (an SMS or Zalo gateway over HTTP).
 */
export interface ApplicantNoticeSender {
  readonly channel: ApplicantNoticeChannel;
  /** Which field of the applicant's details it sends to. */
  readonly addressField: 'email' | 'phone';
  send(notice: OutgoingNotice): Promise<SendResult>;
  close?(): Promise<void>;
}

/** An error message fit for an event: without e-mail addresses or phone numbers, and short. */
export function scrubbed(message: string): string {
  return (
    message
      .replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '<address>')
      // Vietnamese numbers: 0 or +84 then 8 to 10 digits, maybe spaced (not SMTP codes such as 550 5.1.1).
      .replace(/(?:\+84|\b0)(?:[\s.-]?\d){8,10}\b/g, '<number>')
      .slice(0, 300)
  );
}

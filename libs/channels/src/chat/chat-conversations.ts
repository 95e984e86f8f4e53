import { Inject, Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { DomainError } from '@lien-thong/contracts';
import { vietnamIso } from '@lien-thong/dossiers';
import { PublicDossierLookup, type PublicDossierStatus } from '@lien-thong/dossier-tracing';
import { PG_POOL, inTransaction, runMigrations, type Migration } from '@lien-thong/postgres';
import { OnlineFilings } from '../online-filing/online-filings';
import { PublicFilingLimits } from '../online-filing/public-filing-limits';
import type { ChatChannel, ChatInbound } from './chat-client';

export const CHAT_CHANNEL = Symbol.for('lien-thong.ChatChannel');
export const CHAT_MIGRATIONS_COMPONENT = 'chat-intake';

/**
 * Conversations on a chat channel (issue 24): where each user is in the intake dialogue, and every
 * message handled once, with the reply it got (a webhook the platform retries gets the same reply, and
 * nothing is filed twice).
 */
export const chatMigrations: readonly Migration[] = [
  {
    id: '0001-chat-intake',
    sql: `CREATE TABLE chat_sessions (
            channel    text        NOT NULL,
            user_id    text        NOT NULL,
            state      jsonb       NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (channel, user_id)
          );
          CREATE TABLE chat_messages (
            channel     text        NOT NULL,
            message_id  text        NOT NULL,
            user_id     text        NOT NULL,
            reply       text        NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (channel, message_id)
          )`,
  },
  {
    // The filings a chat user started, so that the desk's decision reaches them there (ChatStatusPush).
    id: '0002-chat-filings',
    sql: `CREATE TABLE chat_filings (
            filing_ref      text        PRIMARY KEY,
            channel         text        NOT NULL,
            user_id         text        NOT NULL,
            told_outcome    text,
            attempts        integer     NOT NULL DEFAULT 0,
            next_attempt_at timestamptz NOT NULL DEFAULT now(),
            last_error      text
          );
          CREATE INDEX chat_filings_untold_idx ON chat_filings (next_attempt_at) WHERE told_outcome IS NULL`,
  },
];

/** Where a user is in the dialogue; what they gave so far (kept until filed or cancelled). */
type Session =
  | { step: 'idle' }
  | { step: 'procedure'; codes: string[] }
  | { step: 'unit'; procedureCode: string; codes: string[] }
  | { step: 'fullName'; procedureCode: string; unitCode: string }
  | { step: 'idNumber'; procedureCode: string; unitCode: string; fullName: string }
  | { step: 'address'; procedureCode: string; unitCode: string; fullName: string; idNumber: string }
  | {
      step: 'confirm';
      procedureCode: string;
      unitCode: string;
      fullName: string;
      idNumber: string;
      address: string;
    };

const HELP =
  'Xin chào! Bộ phận một cửa có thể giúp bạn:\n' +
  '• Gửi NOP để nộp hồ sơ trực tuyến qua Zalo.\n' +
  '• Gửi TRACUU <mã hồ sơ> <mã tra cứu> để xem tình trạng hồ sơ.\n' +
  '• Gửi HUY để hủy thao tác đang làm.';

/** The words of a command, without diacritics and case: "Nộp" and "NOP" are one command. */
function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .trim()
    .toUpperCase();
}

/**
 * Chat intake (issue 24): a user of the city's Zalo account starts an online filing by messages
 * (procedure, receiving unit, name, identity number, address, then a confirmation), gets its reference
 * and lookup key, and asks where a filing or dossier stands. The filing is the same as the web page's
 * (`OnlineFilings`): the desk decides on it, and the status notices reach the applicant through the
 * notice channels (Zalo by the phone number shared with the account).
 */
@Injectable()
export class ChatConversations {
  private readonly logger = new Logger('ChatIntake');

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly filings: OnlineFilings,
    private readonly queries: QueryBus,
    private readonly limits: PublicFilingLimits,
  ) {}

  async migrate(): Promise<void> {
    await runMigrations(this.pool, CHAT_MIGRATIONS_COMPONENT, chatMigrations);
  }

  /**
   * Handles one message (once: a repeat of a message id answers the reply it got) and sends the reply.
   * Resolves whether the reply went out; the reply is kept either way.
   */
  async handle(channel: ChatChannel, message: ChatInbound): Promise<boolean> {
    const reply = await inTransaction(this.pool, async (client) => {
      const seen = await client.query<{ reply: string }>(
        'SELECT reply FROM chat_messages WHERE channel = $1 AND message_id = $2',
        [channel.name, message.messageId],
      );
      if (seen.rows[0]) return seen.rows[0].reply;
      // One message of a user at a time: the session row is locked until this one is answered.
      await client.query(
        `INSERT INTO chat_sessions (channel, user_id, state) VALUES ($1, $2, '{"step":"idle"}')
         ON CONFLICT DO NOTHING`,
        [channel.name, message.userId],
      );
      const { rows } = await client.query<{ state: Session }>(
        'SELECT state FROM chat_sessions WHERE channel = $1 AND user_id = $2 FOR UPDATE',
        [channel.name, message.userId],
      );
      const { next, text } = await this.answer(channel, rows[0]!.state, message);
      await client.query(
        'UPDATE chat_sessions SET state = $3, updated_at = now() WHERE channel = $1 AND user_id = $2',
        [channel.name, message.userId, JSON.stringify(next)],
      );
      const kept = await client.query<{ reply: string }>(
        `INSERT INTO chat_messages (channel, message_id, user_id, reply) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING reply`,
        [channel.name, message.messageId, message.userId, text],
      );
      return kept.rows[0]?.reply ?? text;
    });
    try {
      await channel.reply(message.userId, reply);
      return true;
    } catch (error) {
      this.logger.warn(`reply to a ${channel.name} user not sent: ${(error as Error).message}`);
      return false;
    }
  }

  private async answer(
    channel: ChatChannel,
    session: Session,
    message: ChatInbound,
  ): Promise<{ next: Session; text: string }> {
    const words = plain(message.text);
    if (words === 'HUY') return { next: { step: 'idle' }, text: 'Đã hủy. ' + HELP };
    if (words.startsWith('TRACUU') || words.startsWith('TRA CUU')) {
      const [ref, key] = message.text
        .trim()
        .split(/\s+/)
        .slice(words.startsWith('TRA CUU') ? 2 : 1);
      return { next: session, text: await this.lookUp(ref, key, `chat:${message.userId}`) };
    }
    if (words === 'NOP' || words === 'NOP HO SO') {
      const options = await this.filings.options();
      const online = options.procedures.filter((p) => p.channels.includes('online'));
      return {
        next: { step: 'procedure', codes: online.map((p) => p.code) },
        text:
          'Bạn muốn nộp hồ sơ thủ tục nào? Trả lời số thứ tự:\n' +
          online.map((p, i) => `${i + 1}. ${p.name.vi} (${p.code})`).join('\n'),
      };
    }
    switch (session.step) {
      case 'idle':
        return { next: session, text: HELP };
      case 'procedure': {
        const code = session.codes[Number(words) - 1];
        if (!code)
          return { next: session, text: `Vui lòng trả lời một số từ 1 đến ${session.codes.length}.` };
        const units = (await this.filings.options()).units;
        return {
          next: { step: 'unit', procedureCode: code, codes: units.map((u) => u.code) },
          text:
            'Nộp tại bộ phận một cửa nào? Trả lời số thứ tự:\n' +
            units.map((u, i) => `${i + 1}. ${u.name.vi}`).join('\n'),
        };
      }
      case 'unit': {
        const unitCode = session.codes[Number(words) - 1];
        if (!unitCode)
          return { next: session, text: `Vui lòng trả lời một số từ 1 đến ${session.codes.length}.` };
        return {
          next: { step: 'fullName', procedureCode: session.procedureCode, unitCode },
          text: 'Họ và tên người nộp hồ sơ?',
        };
      }
      case 'fullName': {
        const fullName = message.text.trim();
        if (fullName.length < 2 || fullName.length > 200)
          return { next: session, text: 'Vui lòng gửi họ và tên (2 đến 200 ký tự).' };
        return { next: { ...session, step: 'idNumber', fullName }, text: 'Số định danh cá nhân (CCCD)?' };
      }
      case 'idNumber': {
        const idNumber = message.text.replace(/\s/g, '');
        if (!/^[A-Za-z0-9]{6,20}$/.test(idNumber))
          return { next: session, text: 'Số định danh gồm 6 đến 20 chữ cái hoặc chữ số. Vui lòng gửi lại.' };
        return { next: { ...session, step: 'address', idNumber }, text: 'Địa chỉ liên hệ?' };
      }
      case 'address': {
        const address = message.text.trim();
        if (address.length < 5 || address.length > 500)
          return { next: session, text: 'Vui lòng gửi địa chỉ (5 đến 500 ký tự).' };
        const next = { ...session, step: 'confirm' as const, address };
        const options = await this.filings.options();
        const procedure = options.procedures.find((p) => p.code === next.procedureCode)?.name.vi;
        const unit = options.units.find((u) => u.code === next.unitCode)?.name.vi;
        return {
          next,
          text:
            `Kiểm tra lại: thủ tục ${procedure ?? next.procedureCode} (${next.procedureCode}), nộp tại ` +
            `${unit ?? next.unitCode}; ${next.fullName}, ` +
            `số định danh ${next.idNumber}, địa chỉ ${next.address}` +
            (message.phone ? `, điện thoại ${message.phone}` : '') +
            '.\nTrả lời DONG Y để nộp, HUY để hủy.',
        };
      }
      case 'confirm': {
        if (words !== 'DONG Y' && words !== 'DONGY')
          return { next: session, text: 'Trả lời DONG Y để nộp hồ sơ, HUY để hủy.' };
        return { next: { step: 'idle' }, text: await this.file(channel, session, message) };
      }
    }
  }

  private async file(
    channel: ChatChannel,
    session: Extract<Session, { step: 'confirm' }>,
    message: ChatInbound,
  ): Promise<string> {
    const procedure = (await this.filings.options()).procedures.find((p) => p.code === session.procedureCode);
    try {
      const filed = await this.filings.file(
        {
          procedureCode: session.procedureCode,
          receivingUnitCode: session.unitCode,
          applicantCommuneCode: session.unitCode,
          applicant: {
            fullName: session.fullName,
            idNumber: session.idNumber,
            address: session.address,
            phone: message.phone ?? null,
            email: null,
            dateOfBirth: null,
          },
          documents: (procedure?.requiredDocuments ?? []).map((d) => ({
            code: d.code,
            copies: d.copies,
            original: d.original,
          })),
        },
        // The platform's message id: a repeat of this message files nothing more.
        `chat:${message.userId}:${message.messageId}`,
      );
      // The desk's decision will be told here too (ChatStatusPush).
      await this.pool.query(
        'INSERT INTO chat_filings (filing_ref, channel, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [filed.filingRef, channel.name, message.userId],
      );
      return (
        `Đã nộp hồ sơ trực tuyến ${filed.filingRef}, mã tra cứu ${filed.lookupKey} (hãy giữ lại). ` +
        'Bộ phận một cửa sẽ kiểm tra và báo kết quả cho bạn tại đây; gửi ' +
        `TRACUU ${filed.filingRef} ${filed.lookupKey} để xem tình trạng.`
      );
    } catch (error) {
      if (error instanceof DomainError)
        return `Chưa nộp được hồ sơ: ${error.messageVi ?? error.message}. Gửi NOP để làm lại.`;
      throw error;
    }
  }

  /** As the public lookup, misses budgeted per chat user as per address there. */
  private async lookUp(ref: string | undefined, key: string | undefined, who: string): Promise<string> {
    if (!ref || !key)
      return 'Gửi TRACUU <mã hồ sơ> <mã tra cứu>, ví dụ: TRACUU TT-261207-ABCD1234 7K3QD-9XHM2';
    if (!this.limits.mayLookUp(who)) return 'Bạn đã tra cứu sai quá nhiều lần. Vui lòng thử lại sau ít phút.';
    const code = ref.toUpperCase();
    try {
      if (code.startsWith('TT-')) {
        const filing = await this.filings.status(code, key);
        const label = {
          waiting: 'đang chờ bộ phận một cửa kiểm tra',
          accepted: `đã được tiếp nhận, mã hồ sơ ${filing.dossierCode ?? ''}`,
          'supplement-requested': `cần bổ sung: ${(filing.supplement?.items ?? []).map((i) => i.description).join('; ')}`,
          refused: `bị từ chối: ${(filing.refusal?.reasons ?? []).join('; ')}`,
        }[filing.status];
        return `Hồ sơ ${code} ${label}.`;
      }
      const dossier = await this.queries.execute<PublicDossierLookup, PublicDossierStatus>(
        new PublicDossierLookup(ref, key),
      );
      return `Hồ sơ ${dossier.code}: ${dossier.statusLabel.vi}; hẹn trả kết quả ${vietnamIso(Date.parse(dossier.appointmentAt)).slice(0, 16).replace('T', ' ')}.`;
    } catch (error) {
      if (error instanceof DomainError && (error.kind === 'not-found' || error.kind === 'validation')) {
        this.limits.miss(who);
        return 'Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Vui lòng kiểm tra lại.';
      }
      throw error;
    }
  }
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { PollLoop } from '@lien-thong/agency-notifications';
import { PG_POOL, inTransaction } from '@lien-thong/postgres';
import type { ChatChannel } from './chat-client';
import { CHAT_CHANNEL } from './chat-conversations';

/** How often the API looks for decisions to tell chat users about, and how long it waits after a failure. */
const POLL_MS = 2_000;
const RETRY_MS = [10_000, 60_000, 600_000, 3_600_000];
const BATCH = 20;

type Outcome = 'accepted' | 'supplement-requested' | 'refused';

/** What the user is told of the desk's decision (the details: TRACUU, with the lookup key they keep). */
export function decisionMessage(filingRef: string, outcome: Outcome, dossierCode: string | null): string {
  switch (outcome) {
    case 'accepted':
      return `Hồ sơ trực tuyến ${filingRef} đã được tiếp nhận, mã hồ sơ ${dossierCode ?? ''}. Gửi TRACUU ${dossierCode ?? filingRef} <mã tra cứu> để theo dõi.`;
    case 'supplement-requested':
      return `Hồ sơ trực tuyến ${filingRef} cần bổ sung, hoàn thiện. Gửi TRACUU ${filingRef} <mã tra cứu> để xem nội dung cần bổ sung.`;
    case 'refused':
      return `Hồ sơ trực tuyến ${filingRef} không được tiếp nhận. Gửi TRACUU ${filingRef} <mã tra cứu> để xem lý do.`;
  }
}

/**
 * Tells a chat user what the desk decided on a filing they started by messages (issue 24): each API
 * process looks every 2 s for decided filings whose user was not told yet (rows taken with FOR UPDATE
 * SKIP LOCKED, so a user is told once), replies through the chat channel, and notes it; a reply that
 * fails is tried again after 10 s, 1 min, 10 min, then every hour.
 */
@Injectable()
export class ChatStatusPush implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ChatStatusPush');
  private readonly loop: PollLoop;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CHAT_CHANNEL) private readonly chat: ChatChannel | null,
  ) {
    this.loop = new PollLoop(() => this.round(), {
      batchSize: BATCH,
      pollIntervalMs: POLL_MS,
      what: 'chat status push',
      log: (m) => this.logger.warn(m),
    });
  }

  onApplicationBootstrap(): void {
    if (this.chat) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One round: the decisions to tell, each told or put off. Returns how many it took. */
  async round(): Promise<number> {
    const chat = this.chat;
    if (!chat) return 0;
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{
        filing_ref: string;
        user_id: string;
        outcome: Outcome;
        dossier_code: string | null;
        attempts: number;
      }>(
        `SELECT c.filing_ref, c.user_id, f.outcome, f.dossier_code, c.attempts
           FROM chat_filings c JOIN online_filings f USING (filing_ref)
          WHERE c.channel = $1 AND c.told_outcome IS NULL AND f.outcome IS NOT NULL AND c.next_attempt_at <= now()
          ORDER BY c.next_attempt_at LIMIT $2
          FOR UPDATE OF c SKIP LOCKED`,
        [chat.name, BATCH],
      );
      for (const row of rows) {
        try {
          await chat.reply(row.user_id, decisionMessage(row.filing_ref, row.outcome, row.dossier_code));
          await client.query('UPDATE chat_filings SET told_outcome = $2 WHERE filing_ref = $1', [
            row.filing_ref,
            row.outcome,
          ]);
        } catch (error) {
          const wait = RETRY_MS[Math.min(row.attempts, RETRY_MS.length - 1)]!;
          await client.query(
            `UPDATE chat_filings SET attempts = attempts + 1, last_error = $2,
                    next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
              WHERE filing_ref = $1`,
            [row.filing_ref, (error as Error).message.slice(0, 500), wait],
          );
        }
      }
      return rows.length;
    });
  }
}

import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Projection } from '@lien-thong/projections';
import { isNoticeEventType, NOTICE_EVENT_TYPES, owedNotice } from '../notices/notice-routes';

export const APPLICANT_NOTICE_OUTBOX_PROJECTION = 'applicant-notice-outbox';

/** The notice id of one cause event: a UUID derived from it, the same on every replay and retry. */
export function noticeIdOf(eventId: string): string {
  const h = createHash('sha256').update(`applicant-notice|${eventId}`, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // RFC 9562 version 8 (custom)
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Turns dossier and intake events into notices owed to the applicant (see `owedNotice`), one outbox
 * row per cause event, in the runner's transaction: none is lost if the worker dies, none is made
 * twice on a replay (unique per event). Events recorded before `applicant_notices_owed_since` owe
 * nothing. `reset` keeps the rows: the outbox records what was owed, it is not a view to recompute.
 * The rows are worked by `ApplicantNoticeDispatcher`.
 */
export function applicantNoticeOutboxProjection(): Projection {
  return {
    name: APPLICANT_NOTICE_OUTBOX_PROJECTION,
    filter: { categories: ['dossier', 'intake'], eventTypes: [...NOTICE_EVENT_TYPES] },
    async handle(recorded: RecordedEvent, tx: PoolClient): Promise<void> {
      if (!isNoticeEventType(recorded.type)) return;
      const streamId = recorded.streamName.slice(recorded.streamName.indexOf('-') + 1);
      const details = owedNotice(recorded.type, recorded.data, streamId);
      if (details === null) return;
      await tx.query(
        `INSERT INTO applicant_notice_outbox
           (id, event_id, event_type, event_position, stream_name, kind, details)
         SELECT $1, $2, $3, $4, $5, $6, $7
          WHERE $8::timestamptz + interval '1 millisecond' > (SELECT since FROM applicant_notices_owed_since)
         ON CONFLICT (event_id) DO NOTHING`,
        [
          noticeIdOf(recorded.id),
          recorded.id,
          recorded.type,
          recorded.position.toString(),
          recorded.streamName,
          details.kind,
          JSON.stringify(details),
          recorded.recordedAt,
        ],
      );
    },
    // Deliberately keeps the outbox: see above.
    reset: () => Promise.resolve(),
  };
}

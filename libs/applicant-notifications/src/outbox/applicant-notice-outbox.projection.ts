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
  /** A batch's notices in one statement, whatever its size. */
  async function handleBatch(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
    const rows = events.flatMap((recorded) => {
      if (!isNoticeEventType(recorded.type)) return [];
      const streamId = recorded.streamName.slice(recorded.streamName.indexOf('-') + 1);
      const details = owedNotice(recorded.type, recorded.data, streamId);
      return details === null ? [] : [{ recorded, details }];
    });
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO applicant_notice_outbox
         (id, event_id, event_type, event_position, stream_name, kind, details)
       SELECT r.id, r.event_id, r.event_type, r.event_position, r.stream_name, r.kind, r.details
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[],
                     $8::timestamptz[])
              AS r(id, event_id, event_type, event_position, stream_name, kind, details, recorded_at)
        WHERE r.recorded_at + interval '1 millisecond' > (SELECT since FROM applicant_notices_owed_since)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        rows.map(({ recorded }) => noticeIdOf(recorded.id)),
        rows.map(({ recorded }) => recorded.id),
        rows.map(({ recorded }) => recorded.type),
        rows.map(({ recorded }) => recorded.position.toString()),
        rows.map(({ recorded }) => recorded.streamName),
        rows.map(({ details }) => details.kind),
        rows.map(({ details }) => JSON.stringify(details)),
        rows.map(({ recorded }) => recorded.recordedAt),
      ],
    );
  }

  return {
    name: APPLICANT_NOTICE_OUTBOX_PROJECTION,
    filter: { categories: ['dossier', 'intake'], eventTypes: [...NOTICE_EVENT_TYPES] },
    handleBatch,
    handle: (recorded: RecordedEvent, tx: PoolClient) => handleBatch([recorded], tx),
    // Deliberately keeps the outbox: see above.
    reset: () => Promise.resolve(),
  };
}

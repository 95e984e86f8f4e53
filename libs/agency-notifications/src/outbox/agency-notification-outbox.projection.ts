import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { AGENCY_NOTIFICATION_VERSION, type AgencyNotificationV1 } from '@lien-thong/contracts';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Projection } from '@lien-thong/projections';
import { isRoutedEventType, owedNotification, ROUTED_EVENT_TYPES } from './notification-routes';

export const AGENCY_NOTIFICATION_OUTBOX_PROJECTION = 'agency-notification-outbox';

/**
 * The notification id for one event and one recipient: a UUID derived from both, so the same
 * notification always has the same id (replays, retries) and receivers deduplicate on it.
 */
export function notificationId(eventId: string, agencyCode: string): string {
  const h = createHash('sha256').update(`${eventId}|${agencyCode}`, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // RFC 9562 version 8 (custom)
  h[8] = (h[8]! & 0x3f) | 0x80; // variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `dossier-<code>` → `<code>`. */
function dossierCodeOf(streamName: string): string {
  return streamName.slice(streamName.indexOf('-') + 1);
}

/**
 * Turns dossier events into outbox rows, one per recipient agency (see `NOTIFICATION_ROUTES`). Runs on
 * the projection runner, in the transaction that advances its checkpoint: each event produces its rows
 * exactly once, and none is lost if the worker dies.
 *
 * A notification is owed only to an agency that has a webhook registration when the event is processed,
 * registered no later than the event was recorded, and subscribed to the kind. So the outbox (and the
 * delivery log) shows what was owed under the registration in force; an agency that registers later does
 * not receive the past, and a rebuild from the first event does not resend it either.
 *
 * `reset` keeps the rows: the outbox is a record of what was owed and delivered, not a view to recompute.
 * A replay finds its rows already there (unique per event and agency) and adds nothing.
 * Tables: `migrateAgencyNotifications` (the module applies them at start).
 */
export function agencyNotificationOutboxProjection(): Projection {
  return {
    name: AGENCY_NOTIFICATION_OUTBOX_PROJECTION,
    filter: { categories: ['dossier'], eventTypes: ROUTED_EVENT_TYPES },
    async handle(recorded: RecordedEvent, tx: PoolClient): Promise<void> {
      await this.handleBatch!([recorded], tx);
    },
    // The registrations of every agency the batch's events are owed to, read once per batch (a
    // statement per event would be a round trip each), then each event's recipients among them.
    async handleBatch(events: readonly RecordedEvent[], tx: PoolClient): Promise<void> {
      const owedByEvent = events.flatMap((recorded) => {
        if (!isRoutedEventType(recorded.type)) return [];
        const owed = owedNotification(recorded.type, recorded.schemaVersion, recorded.data);
        return owed.recipients.length === 0 ? [] : [{ recorded, owed }];
      });
      if (owedByEvent.length === 0) return;
      const agencies = [...new Set(owedByEvent.flatMap((o) => o.owed.recipients))];
      const registrations = (
        await tx.query<{ agency_code: string; registered_us: string; events: string[] | null }>(
          `SELECT agency_code, (extract(epoch FROM registered_at) * 1000000)::bigint::text AS registered_us, events
             FROM agency_webhooks WHERE agency_code = ANY($1)`,
          [agencies],
        )
      ).rows;
      for (const { recorded, owed } of owedByEvent) {
        // recordedAt is ISO with milliseconds, registered_at has microseconds: registered before the
        // end of the event's millisecond.
        const until = BigInt(Date.parse(recorded.recordedAt) + 1) * 1000n;
        const rows = registrations.filter(
          (r) =>
            owed.recipients.includes(r.agency_code) &&
            BigInt(r.registered_us) < until &&
            (r.events === null || r.events.includes(owed.kind)),
        );
        await insertOwed(recorded, owed, rows, tx);
      }
    },
    // Deliberately keeps the outbox: see above.
    reset: () => Promise.resolve(),
  };
}

async function insertOwed(
  recorded: RecordedEvent,
  owed: ReturnType<typeof owedNotification>,
  rows: readonly { agency_code: string }[],
  tx: PoolClient,
): Promise<void> {
  const dossierCode = dossierCodeOf(recorded.streamName);
  for (const { agency_code: agencyCode } of rows) {
    const id = notificationId(recorded.id, agencyCode);
    const notification = {
      version: AGENCY_NOTIFICATION_VERSION,
      id,
      type: owed.kind,
      occurredAt: recorded.metadata.occurredAt,
      dossierCode,
      agencyCode,
      stepId: owed.stepId,
      deadline: owed.deadline,
      source: { eventId: recorded.id, eventType: recorded.type },
      details: owed.details,
    } as AgencyNotificationV1;
    await tx.query(
      `INSERT INTO agency_notification_outbox
             (id, event_id, event_type, event_position, agency_code, kind, dossier_code, step_id, body)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (event_id, agency_code) DO NOTHING`,
      [
        id,
        recorded.id,
        recorded.type,
        recorded.position.toString(),
        agencyCode,
        owed.kind,
        dossierCode,
        owed.stepId,
        JSON.stringify(notification),
      ],
    );
  }
}

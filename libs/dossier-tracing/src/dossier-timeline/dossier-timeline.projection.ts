import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { BatchContext, Projection } from '@lien-thong/projections';
import { toDossierEvent } from '../shared/dossier-event';
import { insertRows } from '../shared/multi-row-insert';
import { summarizeDossierEvent } from './event-summary';
import type { TimelineActor } from './dossier-timeline.response.dto';
import { DOSSIER_STREAM_CATEGORIES } from '@lien-thong/dossier-model';

export const DOSSIER_TIMELINE_PROJECTION = 'dossier-timeline';

/** Only the three documented actor fields: anything else in the metadata stays out of the read model. */
export function timelineActor(actor: RecordedEvent['metadata']['actor']): TimelineActor {
  return {
    agencyCode: actor.agencyCode ?? null,
    personId: actor.personId ?? null,
    system: actor.system ?? null,
  };
}

export function dossierTimelineProjection(): Projection {
  return {
    name: DOSSIER_TIMELINE_PROJECTION,
    filter: { categories: DOSSIER_STREAM_CATEGORIES },
    migrations: [
      {
        id: '0001-dossier-timeline',
        sql: `CREATE TABLE dossier_timeline (
                stream text NOT NULL,
                revision integer NOT NULL,
                type text NOT NULL,
                occurred_at text NOT NULL,
                recorded_at text NOT NULL,
                actor jsonb NOT NULL,
                summary_vi text NOT NULL,
                summary_en text NOT NULL,
                PRIMARY KEY (stream, revision)
              )`,
      },
    ],
    handleBatch: insertTimelineEntries,
    handle: (recorded: RecordedEvent, tx: PoolClient) => insertTimelineEntries([recorded], tx),
    async reset(tx: PoolClient): Promise<void> {
      await tx.query('DELETE FROM dossier_timeline');
    },
  };
}

/**
 * One row per event, a whole batch in one statement (in a read-model group, sent with the other read
 * models' writes); an entry already there is kept as it is.
 */
async function insertTimelineEntries(
  events: readonly RecordedEvent[],
  tx: PoolClient,
  context?: BatchContext,
): Promise<void> {
  if (events.length === 0) return;
  await insertRows(
    tx,
    'dossier_timeline',
    ['stream', 'revision', 'type', 'occurred_at', 'recorded_at', 'actor', 'summary_vi', 'summary_en'],
    events.map((recorded) => {
      const summary = summarizeDossierEvent(toDossierEvent(recorded));
      return [
        recorded.streamName,
        recorded.revision,
        recorded.type,
        recorded.metadata.occurredAt,
        recorded.recordedAt,
        JSON.stringify(timelineActor(recorded.metadata.actor)),
        summary.vi,
        summary.en,
      ];
    }),
    'ON CONFLICT (stream, revision) DO NOTHING',
    context?.defer,
  );
}

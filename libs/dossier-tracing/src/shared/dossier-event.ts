import type { RecordedEvent } from '@lien-thong/event-store';
import {
  DOSSIER_EVENT_SCHEMA_VERSIONS,
  type DossierEvent,
  isDossierEventType,
} from '@lien-thong/dossier-model';

/** What a read model may know about a recorded event besides its type and data. */
export interface EventContext {
  readonly streamName: string;
  readonly revision: number;
  /** metadata.occurredAt: when the fact happened in the domain. */
  readonly occurredAt: string;
  readonly recordedAt: string;
}

/**
 * The dossier event carried by a recorded one. An unknown type or schema version throws: a read
 * model that silently skipped it would be wrong without anyone noticing, whereas the projection
 * runner records the error and retries, which shows on the projection status.
 */
export function toDossierEvent(recorded: RecordedEvent): DossierEvent {
  if (!isDossierEventType(recorded.type)) {
    throw new Error(
      `${recorded.streamName}@${recorded.revision}: unknown dossier event type ${recorded.type}`,
    );
  }
  const expected = DOSSIER_EVENT_SCHEMA_VERSIONS[recorded.type];
  if (recorded.schemaVersion !== expected) {
    throw new Error(
      `${recorded.streamName}@${recorded.revision}: ${recorded.type} v${recorded.schemaVersion} has no upcaster (expected v${expected})`,
    );
  }
  return { type: recorded.type, data: recorded.data } as DossierEvent;
}

export function contextOf(recorded: RecordedEvent): EventContext {
  return {
    streamName: recorded.streamName,
    revision: recorded.revision,
    occurredAt: recorded.metadata.occurredAt,
    recordedAt: recorded.recordedAt,
  };
}

/** Exhaustiveness guard for switches over event types: a new type fails to compile. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}

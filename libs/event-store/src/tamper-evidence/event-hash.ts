import { createHash } from 'node:crypto';
import type { EventMetadata, StreamName } from '../event-store.port';
import { canonicalJson } from './canonical-json';

/**
 * What the hash covers: the event's identity, place in its stream and full content. The global
 * position and `recordedAt` are left out on purpose: they differ between stores (PostgreSQL,
 * EventStoreDB, in-memory), and a stream copied from one store to another must keep its hashes.
 */
export interface HashedEventContent {
  readonly streamName: StreamName;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** Versioned, so that a future change of the hashed fields cannot be confused with tampering. */
export const EVENT_HASH_ALGORITHM = 'lien-thong/event-hash/v1';

/** sha256 (hex) over the canonical JSON of the event's content and the previous event's hash. */
export function computeEventHash(event: HashedEventContent, previousHash: string | null): string {
  const input = canonicalJson({
    algorithm: EVENT_HASH_ALGORITHM,
    streamName: event.streamName,
    revision: event.revision,
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    previousHash,
  });
  return createHash('sha256').update(input, 'utf8').digest('hex');
}

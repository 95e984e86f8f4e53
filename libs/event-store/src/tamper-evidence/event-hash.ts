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

/**
 * sha256 (hex) over the canonical JSON of everything in the event but its place in the chain.
 * Appending computes it before knowing the stream's head, so it can be done outside any lock.
 */
export function computeContentHash(event: Omit<HashedEventContent, 'revision'>): string {
  return sha256(
    canonicalJson({
      streamName: event.streamName,
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
    }),
  );
}

/**
 * The chain link: sha256 (hex) of `lien-thong/event-hash/v1|<revision>|<previous hash or ''>|<content hash>`.
 * Plain text, so that PostgreSQL computes the same value in the append statement (sha256(), PG 11+).
 */
export function linkEventHash(revision: number, previousHash: string | null, contentHash: string): string {
  return sha256(`${EVENT_HASH_ALGORITHM}|${revision}|${previousHash ?? ''}|${contentHash}`);
}

/** The hash a store records for an event whose predecessor in the stream has `previousHash` (null at revision 0). */
export function computeEventHash(event: HashedEventContent, previousHash: string | null): string {
  return linkEventHash(event.revision, previousHash, computeContentHash(event));
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

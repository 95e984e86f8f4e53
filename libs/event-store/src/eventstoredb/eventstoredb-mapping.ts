import {
  ANY,
  NO_STREAM,
  type AppendStreamState,
  type JSONType,
  type Position,
} from '@kurrent/kurrentdb-client';
import type {
  EventFilter,
  EventMetadata,
  GlobalPosition,
  NewEvent,
  RecordedEvent,
} from '../event-store.port';
import { categoryOf } from '../event-store.port';

/**
 * What we keep in an EventStoreDB event's metadata: our metadata, plus the fields ESDB has no place
 * for (schema version, hash chain). `$correlationId` / `$causationId` follow ESDB's own convention so
 * its tooling (and projections) can follow causation.
 */
export interface EsdbMetadata {
  readonly occurredAt: string;
  readonly actor: EventMetadata['actor'];
  readonly correlationId: string;
  readonly causationId?: string;
  readonly $correlationId: string;
  readonly $causationId?: string;
  readonly schemaVersion: number;
  readonly hash: string;
  readonly previousHash: string | null;
}

export function toEsdbMetadata(event: NewEvent, hash: string, previousHash: string | null): EsdbMetadata {
  const { occurredAt, actor, correlationId, causationId } = event.metadata;
  return {
    occurredAt,
    actor,
    correlationId,
    ...(causationId !== undefined ? { causationId, $causationId: causationId } : {}),
    $correlationId: correlationId,
    schemaVersion: event.schemaVersion,
    hash,
    previousHash,
  };
}

/** The raw shape we read back (the client's RecordedEvent narrowed to what we use). */
export interface EsdbRecorded {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly isJson: boolean;
  readonly position?: Position;
}

export function fromEsdbEvent(raw: EsdbRecorded): RecordedEvent {
  if (!raw.isJson)
    throw new Error(`Event ${raw.id} in ${raw.streamId} is not JSON: not written by Liên Thông`);
  const meta = (raw.metadata ?? {}) as Partial<EsdbMetadata>;
  if (typeof meta.hash !== 'string' || typeof meta.schemaVersion !== 'number') {
    throw new Error(`Event ${raw.id} in ${raw.streamId} lacks Liên Thông metadata (schemaVersion, hash)`);
  }
  const metadata: EventMetadata = {
    occurredAt: meta.occurredAt ?? '',
    actor: meta.actor ?? {},
    correlationId: meta.correlationId ?? '',
    ...(meta.causationId !== undefined ? { causationId: meta.causationId } : {}),
  };
  return {
    id: raw.id,
    type: raw.type,
    schemaVersion: meta.schemaVersion,
    data: raw.data,
    metadata,
    streamName: raw.streamId,
    revision: Number(raw.revision),
    position: raw.position ? positionOf(raw.position) : -1n,
    recordedAt: raw.created.toISOString(),
    hash: meta.hash,
    previousHash: meta.previousHash ?? null,
  };
}

/**
 * Our single bigint position is ESDB's commit position. In EventStoreDB 20.6+ the prepare position of
 * an event written over gRPC equals its commit position, so {commit: p, prepare: p} names it exactly.
 */
export function positionOf(position: Position): GlobalPosition {
  return position.commit;
}

export function toEsdbPosition(position: GlobalPosition): Position {
  return { commit: position, prepare: position };
}

/** The stream's current revision as the expected revision of our next append. */
export function toEsdbExpectedRevision(actual: number | null): AppendStreamState {
  return actual === null ? NO_STREAM : BigInt(actual);
}

export function anyRevision(): AppendStreamState {
  return ANY;
}

/** ESDB's own streams and events start with '$'; they are never ours. */
export function isSystemEvent(raw: { streamId: string; type: string }): boolean {
  return raw.streamId.startsWith('$') || raw.type.startsWith('$');
}

/** Server-side prefixes for a category filter (`dossier` → `dossier-`), or undefined for no filter. */
export function categoryPrefixes(filter: EventFilter | undefined): string[] | undefined {
  if (!filter?.categories?.length) return undefined;
  return filter.categories.map((c) => `${c}-`);
}

/** The exact filter, applied client-side too (server filters match prefixes only). */
export function matchesFilter(
  event: { streamName: string; type: string },
  filter: EventFilter | undefined,
): boolean {
  if (!filter) return true;
  if (filter.categories?.length && !filter.categories.includes(categoryOf(event.streamName))) return false;
  if (filter.eventTypes?.length && !filter.eventTypes.includes(event.type)) return false;
  return true;
}

export function asJson(value: unknown): JSONType {
  return value as JSONType;
}

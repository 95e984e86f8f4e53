import type { NewEvent, StreamName } from './event-store.port';
import { InvalidEventError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_STREAM_NAME_LENGTH = 500;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Most events one append may carry: the PostgreSQL adapter sends a batch as one statement. */
export const MAX_EVENTS_PER_APPEND = 10_000;

/**
 * Checks an append and returns the events as every adapter stores them: data and metadata reduced to
 * plain JSON (what a store gives back when the events are read). Every adapter calls it first, so a
 * malformed append is refused with the same InvalidEventError whatever the store, and writes nothing.
 */
export function validateAppend(stream: StreamName, events: readonly NewEvent[]): NewEvent[] {
  if (typeof stream !== 'string' || stream.length === 0 || stream.trim() !== stream) {
    throw new InvalidEventError(
      `Stream name ${JSON.stringify(stream)} is empty or has surrounding whitespace`,
    );
  }
  if (stream.length > MAX_STREAM_NAME_LENGTH) {
    throw new InvalidEventError(`Stream name is longer than ${MAX_STREAM_NAME_LENGTH} characters`);
  }
  if (stream.startsWith('$')) {
    throw new InvalidEventError(
      `Stream name ${stream} starts with '$', which EventStoreDB reserves for system streams`,
    );
  }
  checkText(stream, 'stream name');
  const list: unknown = events;
  if (!Array.isArray(list) || events.length === 0) {
    throw new InvalidEventError(`Nothing to append to ${stream}: the batch is empty`);
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidEventError(
      `Too many events for one append to ${stream}: ${events.length} > ${MAX_EVENTS_PER_APPEND}`,
    );
  }
  const ids = new Set<string>();
  return events.map((event, index) => {
    const at = `event #${index} for ${stream}`;
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new InvalidEventError(`${at}: id ${JSON.stringify(event.id)} is not a UUID`);
    }
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw new InvalidEventError(`${at}: id ${id} appears twice in the batch`);
    ids.add(id);
    if (typeof event.type !== 'string' || event.type.trim() === '') {
      throw new InvalidEventError(`${at} (${id}): type is empty`);
    }
    checkText(event.type, `${at} (${id}) type`);
    if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new InvalidEventError(
        `${at} (${id}): schemaVersion must be a positive integer, got ${String(event.schemaVersion)}`,
      );
    }
    const metadata = event.metadata as Partial<NewEvent['metadata']> | undefined;
    if (!metadata || typeof metadata !== 'object')
      throw new InvalidEventError(`${at} (${id}): metadata is missing`);
    if (typeof metadata.occurredAt !== 'string' || Number.isNaN(Date.parse(metadata.occurredAt))) {
      throw new InvalidEventError(`${at} (${id}): metadata.occurredAt must be an ISO 8601 date-time`);
    }
    if (typeof metadata.correlationId !== 'string' || metadata.correlationId === '') {
      throw new InvalidEventError(`${at} (${id}): metadata.correlationId is missing`);
    }
    if (metadata.causationId !== undefined && typeof metadata.causationId !== 'string') {
      throw new InvalidEventError(`${at} (${id}): metadata.causationId must be a string`);
    }
    if (!metadata.actor || typeof metadata.actor !== 'object' || Array.isArray(metadata.actor)) {
      throw new InvalidEventError(`${at} (${id}): metadata.actor is missing`);
    }
    if (event.data === undefined)
      throw new InvalidEventError(`${at} (${id}): data is missing (use {} or null)`);
    return {
      id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: toPlainJson(event.data, `${at} (${id}) data`),
      metadata: toPlainJson(metadata, `${at} (${id}) metadata`) as NewEvent['metadata'],
    };
  });
}

/**
 * The value as it comes back after a round trip through JSON, refusing what a round trip would
 * silently lose or a store cannot keep: bigint, NaN and infinities, cycles, and strings with NUL or
 * unpaired surrogates (PostgreSQL's jsonb rejects both).
 */
export function toPlainJson(value: unknown, path: string): unknown {
  return plain(value, path, new Set<object>());
}

function plain(value: unknown, path: string, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      checkText(value, path);
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value))
        throw new InvalidEventError(`${path} is ${value}, which JSON cannot represent`);
      return Object.is(value, -0) ? 0 : value;
    case 'bigint':
      throw new InvalidEventError(
        `${path} is a bigint, which JSON cannot carry exactly: store it as a string`,
      );
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (value === null) return null;
  const object = value as Record<string, unknown> & { toJSON?: unknown };
  if (typeof object.toJSON === 'function')
    return plain((object.toJSON as () => unknown).call(object), path, ancestors);
  if (ancestors.has(object)) throw new InvalidEventError(`${path} contains a cycle`);
  ancestors.add(object);
  let result: unknown;
  if (Array.isArray(object)) {
    result = object.map((item, index) => plain(item, `${path}[${index}]`, ancestors) ?? null);
  } else {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      checkText(key, `${path} key`);
      const item = plain(object[key], `${path}.${key}`, ancestors);
      if (item !== undefined) copy[key] = item;
    }
    result = copy;
  }
  ancestors.delete(object);
  return result;
}

function checkText(text: string, path: string): void {
  if (text.includes('\u0000')) throw new InvalidEventError(`${path} contains a NUL character`);
  if (UNPAIRED_SURROGATE.test(text))
    throw new InvalidEventError(`${path} contains an unpaired UTF-16 surrogate`);
}

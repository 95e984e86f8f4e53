import type { EventFilter } from '../event-store.port';

/**
 * What a notification of the event store's channel says was appended, so that a subscriber whose filter
 * wants none of it need not read (issue 22: every notification made every subscription of every process
 * read a page; most of them follow categories that rarely change, such as the calendar or the agency
 * directory).
 *
 * The payload is the appended events' `category:Type` pairs, comma-separated, or `*` for "anything" (too
 * many to list, or not known: a bulk import). An empty payload (a process of an earlier version) and a
 * missed notification (undefined: the listener reconnected) also mean anything. Each category and type
 * is URI-encoded, so that a `,` or `:` in one cannot be misread.
 */
export const ANYTHING = '*';

/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes and more; a longer list is sent as `*`. */
const MAX_PAYLOAD_BYTES = 7_900;

/** The pending changes of one store, taken as one payload per notification. */
export class PendingChanges {
  private readonly pairs = new Set<string>();
  private anything = false;

  add(changes: readonly { readonly category: string; readonly type: string }[] | typeof ANYTHING): void {
    if (changes === ANYTHING) this.anything = true;
    else
      for (const change of changes)
        this.pairs.add(`${encodeURIComponent(change.category)}:${encodeURIComponent(change.type)}`);
  }

  /** The payload for everything added since the last call, and empties the set. */
  take(): string {
    const payload = this.anything ? ANYTHING : [...this.pairs].sort().join(',');
    this.pairs.clear();
    this.anything = false;
    return payload === '' || Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES ? ANYTHING : payload;
  }
}

/** Whether a notification with `payload` may concern a subscriber following `filter`. */
export function mayConcern(payload: string | undefined, filter: EventFilter | undefined): boolean {
  if (payload === undefined || payload === '' || payload === ANYTHING) return true;
  if (!filter?.categories && !filter?.eventTypes) return true;
  for (const pair of payload.split(',')) {
    const colon = pair.indexOf(':');
    // Not a pair we wrote: taken as anything rather than risk a missed event.
    if (colon < 0) return true;
    let category: string;
    let type: string;
    try {
      category = decodeURIComponent(pair.slice(0, colon));
      type = decodeURIComponent(pair.slice(colon + 1));
    } catch {
      return true;
    }
    if (filter.categories && !filter.categories.includes(category)) continue;
    if (filter.eventTypes && !filter.eventTypes.includes(type)) continue;
    return true;
  }
  return false;
}

import type { RecordedEvent } from '../event-store.port';
import { computeEventHash } from './event-hash';

export type ChainProblem = 'altered' | 'removed' | 'reordered' | 'broken-link';

export type ChainVerification =
  | { readonly ok: true; readonly count: number }
  | {
      readonly ok: false;
      /** The revision at which the chain first breaks (for `removed`: the first missing revision). */
      readonly revision: number;
      /** The event read at that point of the chain (for `removed`: the event that follows the gap). */
      readonly eventId: string;
      readonly problem: ChainProblem;
      readonly message: string;
    };

/**
 * Checks a whole stream, read forwards from revision 0, and reports the FIRST place where it was
 * tampered with:
 * - `removed`: a revision is missing (an event was deleted);
 * - `reordered`: revisions go backwards, or an event links to an event that comes after it;
 * - `altered`: an event's content no longer matches its own hash;
 * - `broken-link`: an event's `previousHash` is not the hash of the event before it, which means the
 *   previous event was altered and re-hashed, or events were removed and the rest renumbered.
 *
 * It cannot detect a chain rewritten consistently from some event to the end, nor the removal of the
 * last events of a stream: see docs/adr/0003-tamper-evidence.md.
 */
export function verifyStreamChain(events: readonly RecordedEvent[]): ChainVerification {
  const laterHashes = new Map<string, number>();
  events.forEach((event, index) => laterHashes.set(event.hash, index));

  let previous: RecordedEvent | undefined;
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index]!;
    const where = `${event.streamName} revision ${event.revision} (event ${event.id})`;
    const expectedRevision = previous === undefined ? 0 : previous.revision + 1;

    if (event.revision > expectedRevision) {
      const missing =
        event.revision - expectedRevision === 1
          ? `revision ${expectedRevision} is`
          : `revisions ${expectedRevision} to ${event.revision - 1} are`;
      return fail(
        expectedRevision,
        event,
        'removed',
        `${missing} missing before ${where}: events were deleted`,
      );
    }
    if (event.revision < expectedRevision) {
      return fail(
        event.revision,
        event,
        'reordered',
        `${where} comes after revision ${previous?.revision ?? '(none)'}: revisions are out of order`,
      );
    }

    const expectedPrevious = previous?.hash ?? null;
    if (event.previousHash !== expectedPrevious) {
      const linkedIndex = event.previousHash === null ? undefined : laterHashes.get(event.previousHash);
      if (linkedIndex !== undefined && linkedIndex > index) {
        const linked = events[linkedIndex]!;
        return fail(
          event.revision,
          event,
          'reordered',
          `${where} links to revision ${linked.revision} (event ${linked.id}), which now comes after it: events were reordered`,
        );
      }
      return fail(
        event.revision,
        event,
        'broken-link',
        previous === undefined
          ? `${where} is the first event but links to a previous hash: the start of the stream was removed`
          : `${where} does not link to the hash of revision ${previous.revision}: that event was altered and re-hashed, ` +
              'or events before this one were removed and the rest renumbered',
      );
    }

    if (computeEventHash(event, event.previousHash) !== event.hash) {
      return fail(
        event.revision,
        event,
        'altered',
        `${where} does not match its hash: its content (type, data, metadata, id, stream or revision) was altered`,
      );
    }
    previous = event;
  }
  return { ok: true, count: events.length };
}

function fail(
  revision: number,
  event: RecordedEvent,
  problem: ChainProblem,
  message: string,
): ChainVerification {
  return { ok: false, revision, eventId: event.id, problem, message };
}

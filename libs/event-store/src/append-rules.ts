import type { AppendResult, ExpectedRevision, GlobalPosition, StreamName } from './event-store.port';
import { InvalidEventError, WrongExpectedRevisionError } from './errors';

/** Throws unless the stream's actual last revision (null: no stream) satisfies the expectation. */
export function checkExpectedRevision(
  stream: StreamName,
  expected: ExpectedRevision,
  actual: number | null,
): void {
  if (expected === 'any') return;
  if (expected === 'no_stream' ? actual === null : actual === expected) return;
  throw new WrongExpectedRevisionError(stream, expected, actual);
}

export function assertValidExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream') return;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new InvalidEventError(
      `Expected revision must be 'any', 'no_stream' or a revision >= 0, got ${String(expected)}`,
    );
  }
}

/** An already-recorded event whose id is in the batch being appended. */
export interface RecordedId {
  readonly id: string;
  readonly streamName: StreamName;
  readonly revision: number;
  readonly position: GlobalPosition;
}

/**
 * Idempotent appends: when every event of the batch is already recorded in this stream, one after the
 * other, in the batch's order, right after the expected revision (or anywhere with 'any'), the append
 * is a retry of one that succeeded and returns that append's result without writing. A batch that only
 * partly matches recorded events is a caller bug (event ids must be new) and is refused.
 *
 * Returns undefined when no id of the batch is recorded: the caller appends normally.
 */
export function resolveRetry(
  stream: StreamName,
  batchIds: readonly string[],
  recorded: readonly RecordedId[],
  expected: ExpectedRevision,
  actual: number | null,
): AppendResult | undefined {
  if (recorded.length === 0) return undefined;
  const elsewhere = recorded.filter((r) => r.streamName !== stream);
  if (elsewhere.length > 0) {
    throw new InvalidEventError(
      `Cannot append to ${stream}: event ids ${describe(elsewhere)} are already recorded in another stream`,
    );
  }
  const byId = new Map(recorded.map((r) => [r.id, r]));
  const matched = batchIds.map((id) => byId.get(id));
  const first = matched[0];
  const contiguous =
    first !== undefined &&
    matched.every((r, index) => r !== undefined && r.revision === first.revision + index);
  if (!contiguous) {
    throw new InvalidEventError(
      `Cannot append to ${stream}: event ids ${describe(recorded)} are already recorded but the batch does not ` +
        'repeat an earlier append exactly (same ids, same order): re-send the original batch, or use new ids for new events',
    );
  }
  const startsRightAfterExpected =
    expected === 'any' || (expected === 'no_stream' ? first.revision === 0 : first.revision === expected + 1);
  if (!startsRightAfterExpected) throw new WrongExpectedRevisionError(stream, expected, actual);
  const last = matched[matched.length - 1]!;
  return { nextExpectedRevision: last.revision, position: last.position };
}

function describe(records: readonly RecordedId[]): string {
  return records.map((r) => `${r.id} (${r.streamName} revision ${r.revision})`).join(', ');
}

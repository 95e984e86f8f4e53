import type { ExpectedRevision, StreamName } from './event-store.port';

/** Optimistic concurrency conflict: someone else appended first. Maps to HTTP 409. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'EVENT_STORE_WRONG_EXPECTED_REVISION' as const;
  constructor(
    readonly streamName: StreamName,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or null when it does not exist. */
    readonly actual: number | null,
  ) {
    super(
      `Stream ${streamName}: expected revision ${String(expected)} but the stream is at ${actual === null ? 'no stream' : actual}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The store cannot be reached. Maps to HTTP 503. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE_UNAVAILABLE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/** An append was refused because its input is malformed (empty type, bad stream name...). Maps to 400. */
export class InvalidEventError extends Error {
  readonly code = 'EVENT_STORE_INVALID_EVENT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

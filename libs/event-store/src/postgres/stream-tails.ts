import type { RecordedEvent, StreamName } from '../event-store.port';

/**
 * The streams this process read lately, whole, so that the next read of one asks PostgreSQL only for what
 * was appended since (ADR 0021). A recorded event never changes, so a stream's prefix read once stays
 * true; the store checks that its last known event is still there before it trusts it (a stream deleted
 * by hand, a restore), and reads the whole stream when it is not.
 *
 * Least recently read first out, bounded by the events held. Held events are deeply frozen: a caller that
 * changed one would change every later read of that stream, so it fails at once instead (strict mode).
 */
export class StreamTails {
  private readonly streams = new Map<StreamName, readonly RecordedEvent[]>();
  private held = 0;

  /** @param maxEvents events held in all (0: nothing is kept); a longer stream than a tenth of it is not kept. */
  constructor(private readonly maxEvents: number) {}

  /** The stream's events as last read, or undefined; marks it as read now. */
  known(stream: StreamName): readonly RecordedEvent[] | undefined {
    const events = this.streams.get(stream);
    if (events) {
      this.streams.delete(stream);
      this.streams.set(stream, events);
    }
    return events;
  }

  /**
   * Keeps a stream's events as just read whole (from revision 0), unless longer ones are kept already (a
   * read that overtook this one). Events held before are frozen already and passed over at once.
   */
  keep(stream: StreamName, events: readonly RecordedEvent[]): void {
    const before = this.streams.get(stream);
    // Events are recorded once: the same id at the same place means the same prefix.
    const last = events.length - 1;
    if (before && last >= 0 && before.length > last && before[last]!.id === events[last]!.id) return;
    this.forget(stream);
    if (events.length === 0 || events.length > this.maxEvents / 10) return;
    for (const event of events) deepFreeze(event);
    this.streams.set(stream, events);
    this.held += events.length;
    for (const [oldest, oldestEvents] of this.streams) {
      if (this.held <= this.maxEvents) break;
      this.streams.delete(oldest);
      this.held -= oldestEvents.length;
    }
  }

  forget(stream: StreamName): void {
    const events = this.streams.get(stream);
    if (!events) return;
    this.streams.delete(stream);
    this.held -= events.length;
  }

  /** Streams and events held (tests, metrics). */
  get size(): { streams: number; events: number } {
    return { streams: this.streams.size, events: this.held };
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

import type {
  EventMetadata,
  EventStore,
  GlobalPosition,
  RecordedEvent,
  StreamName,
} from '../event-store.port';

/** A domain event as deciders see it: a type and its data. */
export interface DomainEvent {
  readonly type: string;
  readonly data: unknown;
}

/** Pure business rules (emmett style): decide(command, state) → events; evolve(state, event) → state. */
export interface Decider<Command, State, Event extends DomainEvent> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

export interface LoadedState<State> {
  readonly state: State;
  /** The stream's last revision, or null when it does not exist. */
  readonly revision: number | null;
}

/** Folds a stream into state. `upcast` turns an older stored shape into the current one. */
export async function loadState<State, Event extends DomainEvent>(
  store: EventStore,
  stream: StreamName,
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  upcast: (event: RecordedEvent) => Event = (e) => ({ type: e.type, data: e.data }) as Event,
): Promise<LoadedState<State>> {
  const events = await store.readStream(stream);
  const state = events.reduce((s, e) => decider.evolve(s, upcast(e)), decider.initialState);
  const last = events[events.length - 1];
  return { state, revision: last ? last.revision : null };
}

export interface HandleOptions {
  readonly metadata: EventMetadata;
  readonly schemaVersion: number;
  readonly newId: () => string;
}

export interface Handled<State, Event> {
  readonly events: readonly Event[];
  readonly state: State;
  readonly nextExpectedRevision: number | null;
  readonly position: GlobalPosition | null;
}

/**
 * Load, decide, append with the revision we read: a concurrent change makes the append fail with
 * WrongExpectedRevisionError (HTTP 409) instead of overwriting. A decision with no events writes nothing.
 */
export async function handleCommand<Command, State, Event extends DomainEvent>(
  store: EventStore,
  stream: StreamName,
  decider: Decider<Command, State, Event>,
  command: Command,
  options: HandleOptions,
): Promise<Handled<State, Event>> {
  const { state, revision } = await loadState(store, stream, decider);
  const events = decider.decide(command, state);
  const next = events.reduce((s, e) => decider.evolve(s, e), state);
  if (events.length === 0) return { events, state: next, nextExpectedRevision: revision, position: null };
  const result = await store.appendToStream(
    stream,
    events.map((e) => ({
      id: options.newId(),
      type: e.type,
      schemaVersion: options.schemaVersion,
      data: e.data,
      metadata: options.metadata,
    })),
    revision === null ? 'no_stream' : revision,
  );
  return {
    events,
    state: next,
    nextExpectedRevision: result.nextExpectedRevision,
    position: result.position,
  };
}

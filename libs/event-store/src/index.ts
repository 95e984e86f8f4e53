export * from './event-store.port';
export * from './errors';
export { validateAppend, MAX_EVENTS_PER_APPEND } from './new-event.validation';
export { InMemoryEventStore, type InMemoryEventStoreOptions } from './in-memory/in-memory-event-store';
export { canonicalJson } from './tamper-evidence/canonical-json';
export {
  computeContentHash,
  computeEventHash,
  linkEventHash,
  EVENT_HASH_ALGORITHM,
  type HashedEventContent,
} from './tamper-evidence/event-hash';
export {
  verifyStreamChain,
  type ChainProblem,
  type ChainVerification,
} from './tamper-evidence/verify-stream-chain';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { ChangeNotifier, type ChangeChannel, type ChangeListener } from './postgres/change-notifier';
export { eventStoreMigrations, migrateEventStore } from './postgres/postgres-event-store.migrations';
export { EventStoreDbEventStore } from './eventstoredb';
export {
  handleCommand,
  loadState,
  type Decider,
  type DomainEvent,
  type HandleOptions,
  type Handled,
  type LoadedState,
} from './decider/command-handling';
export { contextOfEvent, currentTraceparent, inSpan, traceAppends } from './tracing/event-trace';

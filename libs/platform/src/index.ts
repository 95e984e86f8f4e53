export { createEventStore, prepareEventStore } from './event-store-factory';
export { PlatformModule } from './platform.module';
export { TEMPORAL_CLIENT, TEMPORAL_CONNECTION } from './tokens';
export { SystemClock, RandomIdGenerator } from './system-clock';

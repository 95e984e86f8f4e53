export { createEventStore, prepareEventStore } from './event-store-factory';
export { PlatformModule } from './nest/platform.module';
export { TEMPORAL_CLIENT, TEMPORAL_CONNECTION } from './nest/tokens';
export { SystemClock, RandomIdGenerator } from './nest/system-clock';

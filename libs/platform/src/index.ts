export { createEventStore, prepareEventStore } from './event-store-factory';
export { PlatformModule } from './platform.module';
export { TEMPORAL_CLIENT, TEMPORAL_CONNECTION } from './tokens';
export { SystemClock, RandomIdGenerator } from './system-clock';
export {
  AppLogger,
  createRootLogger,
  loggedUrl,
  maskPersonalText,
  pinoOptions,
  requestIdOf,
} from './logging/logging';
export { temporalLoggerOver } from './logging/temporal-logger';
export { METRICS, Metrics, isMetricsToken, type ProjectionFollowed } from './metrics/metrics';

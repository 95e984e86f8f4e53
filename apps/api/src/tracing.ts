import { startTracing } from '@lien-thong/platform/tracing';

/**
 * OpenTelemetry for the API process, when an OTLP endpoint is configured (docs/operations.md#traces).
 * main.ts imports this file first: the instrumentations patch `http`, `express` and `pg` as they load.
 */
export const tracing = startTracing('api');

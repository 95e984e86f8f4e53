import { startTracing } from '@lien-thong/platform/tracing';

/**
 * OpenTelemetry for the worker process, when an OTLP endpoint is configured (docs/operations.md#traces).
 * main.ts imports this file first: the instrumentations patch `http` and `pg` as they load.
 */
export const tracing = startTracing('worker');

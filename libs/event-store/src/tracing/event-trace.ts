import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
} from '@opentelemetry/api';

import { aroundAppends, type EventStore, type NewEvent } from '../event-store.port';

/**
 * Traces (issue 23), OpenTelemetry. One trace per dossier action, across processes: the API's request
 * (HTTP, Express and PostgreSQL spans from the instrumentations, libs/platform/src/tracing) → the events it
 * appends, which carry the trace in their metadata (`traceparent`, W3C Trace Context) → the process
 * manager that signals the dossier's workflow (its span continues the event's trace; Temporal's client
 * interceptor adds the signal) → the workflow's coordination round (the activity continues the trace of
 * the latest event it acts on) → the events it appends (handoffs), and so on. The event store is the
 * carrier because it is what links the processes (the workflow itself only re-plans from the record).
 *
 * Off unless an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): then every function here is a cheap no-op.
 */
const tracer = () => trace.getTracer('lien-thong');

/** The active trace as a W3C `traceparent`, to be written in an event's metadata; none when off. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The context of an event's metadata (`traceparent`), or the active one when it has none. */
export function contextOfEvent(metadata: unknown): Context {
  const traceparent = (metadata as { traceparent?: unknown } | null | undefined)?.traceparent;
  if (typeof traceparent !== 'string') return context.active();
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/**
 * Runs `work` in a span named `name`, child of `parent` (an event's context, say): what it appends and
 * the calls it makes belong to the same trace.
 */
export async function inSpan<T>(
  name: string,
  parent: Context,
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : new Error(String(error)));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The event store, each appended event carrying the active trace in its metadata (`traceparent`) when
 * tracing is on and the event has none yet. Idempotent re-appends compare ids only, so a retry under
 * another span is still the same append.
 */
export function traceAppends(store: EventStore): EventStore {
  return aroundAppends(store, (append, stream, events, expected) => {
    const traceparent = currentTraceparent();
    const traced: readonly NewEvent[] = traceparent
      ? events.map((e) => (e.metadata.traceparent ? e : { ...e, metadata: { ...e.metadata, traceparent } }))
      : events;
    return append(stream, traced, expected);
  });
}

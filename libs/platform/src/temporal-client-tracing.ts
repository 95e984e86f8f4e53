import { trace } from '@opentelemetry/api';
import type { Next, WorkflowClientInterceptor, WorkflowSignalWithStartInput } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import {
  headersWithContext,
  instrument,
  RUN_ID_ATTR_KEY,
} from '@temporalio/interceptors-opentelemetry/lib/instrumentation';

/**
 * Temporal's OpenTelemetry client interceptor (a span per workflow start and signal, the trace passed
 * in the workflow's headers), with the one call it lacks in SDK 1.13: signal-with-start, which the
 * dossier coordination's process manager makes for every dossier event. Same span name scheme and
 * header propagation as the SDK's own (SignalWithStartWorkflow:<type>).
 */
export class TemporalClientTracing
  extends OpenTelemetryWorkflowClientInterceptor
  implements WorkflowClientInterceptor
{
  private readonly spans = trace.getTracer('@temporalio/interceptor-client');

  async signalWithStart(
    input: WorkflowSignalWithStartInput,
    next: Next<WorkflowClientInterceptor, 'signalWithStart'>,
  ): Promise<string> {
    return instrument({
      tracer: this.spans,
      spanName: `SignalWithStartWorkflow:${input.workflowType}`,
      fn: async (span) => {
        const runId = await next({ ...input, headers: headersWithContext(input.headers) });
        span.setAttribute(RUN_ID_ATTR_KEY, runId);
        return runId;
      },
    });
  }
}

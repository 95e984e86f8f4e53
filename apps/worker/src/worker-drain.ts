/** The parts of the worker process that take work, and what they hold open. */
export interface DrainableWorker {
  /** The Temporal worker: `shutdown()` stops polling; `run` settles once in-flight tasks have finished. */
  readonly temporal: { getState(): string; shutdown(): void };
  readonly temporalRun: Promise<void>;
  /** Stops at a batch boundary: the batch under way commits whole, or is left for the next start. */
  readonly projections: { stop(): Promise<void> };
  /** Stops claiming; the deliveries under way are sent and their outcome recorded. */
  readonly webhooks: { stop(): Promise<void> };
  /** Stops claiming; the notices under way are sent and recorded. */
  readonly applicantNotices: { stop(): Promise<void> };
  /** Closed in order, once all of the above have finished (the Temporal connection, then the pool). */
  readonly resources: readonly { readonly name: string; close(): Promise<void> }[];
}

/**
 * Stops taking work everywhere at once, waits for what is under way, and only then closes the
 * connections that work needs: closing the pool first is what made every part fail mid-batch
 * ("Cannot use a pool after calling end") and left sent webhooks unrecorded. Returns what failed.
 */
export async function drainWorker(parts: DrainableWorker): Promise<string[]> {
  const failures: string[] = [];
  // RUNNING only: the Temporal worker may already have stopped by itself (a fatal error).
  if (parts.temporal.getState() === 'RUNNING') parts.temporal.shutdown();
  const stopped = await Promise.allSettled([
    parts.temporalRun,
    parts.projections.stop(),
    parts.webhooks.stop(),
    parts.applicantNotices.stop(),
  ]);
  const names = ['Temporal worker', 'projection runner', 'webhook dispatcher', 'applicant notice dispatcher'];
  stopped.forEach((result, i) => {
    if (result.status === 'rejected') failures.push(`${names[i]}: ${messageOf(result.reason)}`);
  });
  for (const resource of parts.resources) {
    await resource.close().catch((error: unknown) => failures.push(`${resource.name}: ${messageOf(error)}`));
  }
  return failures;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

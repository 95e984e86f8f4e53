import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ensureTemporalCli, WORKFLOWS_ENTRY, workflowBundlerOptions } from '@lien-thong/temporal-bootstrap';

/**
 * A real Temporal for workflow and e2e tests: TEMPORAL_ADDRESS when set, else the cached Temporal CLI's
 * dev server (in memory, on a free port, no Web UI), else the SDK's own download (machines with internet).
 */
export async function createTestWorkflowEnvironment(): Promise<TestWorkflowEnvironment> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (address) {
    return TestWorkflowEnvironment.createFromExistingServer({
      address,
      namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    });
  }
  const cli = await ensureTemporalCli({ log: (m) => process.stderr.write(`[temporal] ${m}\n`) });
  if (!cli) {
    process.stderr.write(
      '[temporal] no cached Temporal CLI and no Go to build it: falling back to the SDK download of the ' +
        'dev server, which needs internet access. Install Go or set TEMPORAL_ADDRESS to avoid it.\n',
    );
    return TestWorkflowEnvironment.createLocal({ server: { log: { format: 'pretty', level: 'error' } } });
  }
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli },
      ip: '127.0.0.1',
      log: { format: 'pretty', level: 'error' },
    },
  });
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * A workflow bundle (our path aliases), built once per test file and entry and shared by its workers:
 * pass it as `Worker.create({ workflowBundle: await bundleWorkflowsOnce() })`. By default the
 * production entry (workflows/src/index.ts); the smoke test passes its own.
 */
export function bundleWorkflowsOnce(
  workflowsPath: string = WORKFLOWS_ENTRY,
): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    // webpack's module listing at INFO drowns test output; errors still show.
    bundle = bundleWorkflowCode({
      workflowsPath,
      logger: new DefaultLogger('WARN'),
      ...workflowBundlerOptions(),
    });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

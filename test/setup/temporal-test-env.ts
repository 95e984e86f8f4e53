import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalCli } from '@lien-thong/infrastructure';

/**
 * A real Temporal for workflow and e2e tests: TEMPORAL_ADDRESS when set, else the cached Temporal CLI's
 * dev server (in memory, on a free port), else the SDK's own download (machines with internet).
 */
export async function createTestWorkflowEnvironment(): Promise<TestWorkflowEnvironment> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (address) return TestWorkflowEnvironment.createFromExistingServer({ address });
  const cli = await ensureTemporalCli({ log: (m) => process.stderr.write(`[temporal] ${m}\n`) });
  if (!cli) {
    process.stderr.write(
      '[temporal] no cached CLI and no Go: falling back to the SDK download of the dev server\n',
    );
    return TestWorkflowEnvironment.createLocal();
  }
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli },
      ip: '127.0.0.1',
      extraArgs: ['--log-level', 'error', '--headless'],
    },
  });
}

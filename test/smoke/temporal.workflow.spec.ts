import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { workflowBundlerOptions } from '@lien-thong/temporal-bootstrap';
import {
  smokeReleaseSignal,
  smokeRenameUpdate,
  smokeStateQuery,
  smokeWorkflow,
  type SmokeActivities,
} from '../../workflows/src/smoke/smoke.workflow';
import { bundleWorkflowsOnce, createTestWorkflowEnvironment } from '../setup/temporal-test-env';

/** The smoke tests' own entry: the smoke workflow is not in the production bundle. */
const SMOKE_WORKFLOWS_ENTRY = path.resolve(__dirname, '../../workflows/src/smoke/index.ts');

const activities: SmokeActivities = {
  smokeGreeting: (name) => Promise.resolve(`Xin chào, ${name}!`),
};

describe('Temporal on this machine', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestWorkflowEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs the bundled smoke workflow through a query, a validated update, a signal, a timer and an activity', async () => {
    const taskQueue = `smoke-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsOnce(SMOKE_WORKFLOWS_ENTRY),
      activities,
    });
    const seen = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(smokeWorkflow, {
        taskQueue,
        workflowId: `smoke-${randomUUID()}`,
        args: ['Liên Thông'],
      });
      const stateBeforeRelease = await handle.query(smokeStateQuery);
      const blankRename = await handle.executeUpdate(smokeRenameUpdate, { args: ['  '] }).then(
        () => 'accepted',
        (error: unknown) => (error instanceof WorkflowUpdateFailedError ? error.cause?.message : error),
      );
      const previousName = await handle.executeUpdate(smokeRenameUpdate, { args: ['Một cửa'] });
      await handle.signal(smokeReleaseSignal);
      return { stateBeforeRelease, blankRename, previousName, result: await handle.result() };
    });
    expect(seen).toEqual({
      stateBeforeRelease: 'waiting',
      blankRename: 'A name must not be blank.',
      previousName: 'Liên Thông',
      result: 'Xin chào, Một cửa!',
    });
  });

  it('resolves tsconfig path aliases in workflow code through the bundler hook, which is what makes them work', async () => {
    const workflowsPath = path.join(__dirname, 'fixtures/alias-probe.workflows.ts');
    const paths = { 'lien-thong-smoke-alias': ['test/smoke/fixtures/alias-target.ts'] };
    const webpackErrors: string[] = [];
    const logger = new DefaultLogger('ERROR', (entry) => webpackErrors.push(entry.message));
    await expect(bundleWorkflowCode({ workflowsPath, logger })).rejects.toThrow(
      /Webpack finished with errors/,
    );
    expect(webpackErrors.join('\n')).toContain("Can't resolve 'lien-thong-smoke-alias'");

    const taskQueue = `alias-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath,
        logger: new DefaultLogger('WARN'),
        ...workflowBundlerOptions(paths),
      }),
    });
    const result = await worker.runUntil(
      env.client.workflow.execute('aliasProbeWorkflow', { taskQueue, workflowId: `alias-${randomUUID()}` }),
    );
    expect(result).toBe('resolved through the alias');
  });
});

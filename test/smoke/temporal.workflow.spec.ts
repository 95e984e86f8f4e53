import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_ENTRY, workflowBundlerOptions } from '@lien-thong/infrastructure';
import { createTestWorkflowEnvironment } from '../setup/temporal-test-env';

describe('Temporal on this machine', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestWorkflowEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a bundled workflow with a signal, a query, a timer and an activity on the dev server', async () => {
    const taskQueue = `smoke-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: WORKFLOWS_ENTRY,
      bundlerOptions: workflowBundlerOptions(),
      activities: { smokeGreeting: (name: string) => Promise.resolve(`Xin chào, ${name}!`) },
    });
    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('smokeWorkflow', {
        taskQueue,
        workflowId: `smoke-${randomUUID()}`,
        args: ['Liên Thông'],
      });
      expect(await handle.query<string>('smokeState')).toBe('waiting');
      await handle.signal('smokeRelease');
      return (await handle.result()) as string;
    });
    expect(result).toBe('Xin chào, Liên Thông!');
  });
});

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type {
  CoordinationActivities,
  CoordinationNotice,
  CoordinationRound,
  SentCoordinationNotice,
} from '@lien-thong/contracts';
import { bundleWorkflowsOnce, createTestWorkflowEnvironment } from '../../../test/setup/temporal-test-env';
import { coordinationNotices, dossierChanged, dossierWorkflow } from './dossier.workflow';

/**
 * The dossier workflow alone, over scripted activities: continue-as-new hands the notices already
 * sent to the next run, so none is sent twice across runs.
 */
describe('dossier workflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestWorkflowEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('continues as new after its rounds and carries the notices it sent, sending none twice', async () => {
    const code = `000.00.71.H29-261122-${String(Date.now() % 10_000).padStart(4, '0')}`;
    const notice = (key: string, kind: CoordinationNotice['kind']): CoordinationNotice => ({
      key,
      kind,
      at: Date.now(),
      due: true,
      agencyCodes: ['000.00.72.H29'],
      deadline: '2026-11-23T17:00:00+07:00',
    });
    const reminder = notice('reminder:b:2026-11-23T17:00:00+07:00', 'step-reminder');
    const apology = notice('apology:2026-11-24T17:00:00+07:00', 'apology-requested');
    const base = { dossierCode: code, status: 'in-processing', revision: 1, finished: false, waitingFor: [] };
    // Run 1 (3 rounds): a reminder owed, then two recorded actions; run 2: the reminder again (already
    // sent) and an apology request; then the dossier is closed.
    const script: CoordinationRound[] = [
      { ...base, executed: null, wakeAt: Date.now(), notices: [reminder] },
      { ...base, executed: { type: 'HandOffStep', stepId: 'c' }, wakeAt: null },
      { ...base, executed: { type: 'HandOffStep', stepId: 'd' }, wakeAt: null },
      { ...base, executed: null, wakeAt: Date.now(), notices: [reminder, apology] },
      { ...base, status: 'returned', executed: null, wakeAt: null, finished: true },
    ];
    let round = 0;
    const notified: string[][] = [];
    const activities: CoordinationActivities = {
      coordinateDossier: () => Promise.resolve(script[Math.min(round++, script.length - 1)]!),
      notifyCoordination: (_code, notices) => {
        notified.push(notices.map((n) => n.key));
        return Promise.resolve();
      },
    };
    const taskQueue = `dossier-workflow-${code}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsOnce(),
      activities,
    });
    const { result, runs, sent } = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(dossierWorkflow, {
        taskQueue,
        workflowId: code,
        args: [{ dossierCode: code, roundsPerRun: 3 }],
      });
      const result = await handle.result();
      const described = await handle.describe();
      const sent = await handle.query<readonly SentCoordinationNotice[]>(coordinationNotices);
      return { result, runs: { first: handle.firstExecutionRunId, last: described.runId }, sent };
    });
    expect(result).toBe('returned');
    expect(round).toBe(5);
    expect(runs.last).not.toBe(runs.first);
    expect(notified).toEqual([[reminder.key], [apology.key]]);
    expect(sent.map((n) => n.key)).toEqual([reminder.key, apology.key]);
  });

  it('keeps the timer of a wait while the deadline stays, and starts another only when it moves', async () => {
    const code = `000.00.71.H29-261123-${String(Date.now() % 10_000).padStart(4, '0')}`;
    const first = Date.now() + 60_000;
    const second = first + 60_000;
    const base = { dossierCode: code, status: 'in-processing', revision: 1, executed: null, waitingFor: [] };
    // Five waits: three on the first deadline (an acknowledgement and other changes that move nothing),
    // two on the next one (the next step's); then the dossier is closed.
    const wakeAts = [first, first, first, second, second];
    let round = 0;
    const activities: CoordinationActivities = {
      coordinateDossier: () => {
        const n = round++;
        return Promise.resolve(
          n < wakeAts.length
            ? { ...base, wakeAt: wakeAts[n]!, finished: false }
            : { ...base, status: 'returned', wakeAt: null, finished: true },
        );
      },
      notifyCoordination: () => Promise.resolve(),
    };
    const taskQueue = `dossier-timers-${code}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsOnce(),
      activities,
    });
    const history = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(dossierWorkflow, {
        taskQueue,
        workflowId: code,
        args: [{ dossierCode: code }],
      });
      for (let n = 1; n <= wakeAts.length; n += 1) {
        // Each signal once the round before it has run and the workflow waits again.
        while (round < n) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 100));
        await handle.signal(dossierChanged);
      }
      expect(await handle.result()).toBe('returned');
      return handle.fetchHistory();
    });
    const count = (k: 'timerStartedEventAttributes' | 'timerCanceledEventAttributes') =>
      history.events!.filter((e) => e[k]).length;
    // One timer per deadline: before, each of the five waits started one and each signal cancelled it.
    expect(count('timerStartedEventAttributes')).toBe(2);
    expect(count('timerCanceledEventAttributes')).toBe(1);
  });
});

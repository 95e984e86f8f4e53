import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { ProcessManagerConnection } from '@lien-thong/projections';
import { STRANDED_DOSSIERS_TABLE } from '../stranded/stranded-dossiers.store';
import {
  COORDINATION_ACTOR,
  dossierCoordinationProcessManager,
} from './dossier-coordination.process-manager';

const CODE = '000.00.71.H29-261123-0001';

function event(type: string, recordedAt: string, system = 'desk'): RecordedEvent {
  return {
    id: `${type}-${recordedAt}`,
    type,
    data: {},
    metadata: { actor: { system } },
    streamName: `dossier-${CODE}`,
    revision: 0,
    position: 1n,
    recordedAt,
    hash: 'h',
    previousHash: null,
  } as unknown as RecordedEvent;
}

/** A Temporal client whose signal-with-start finds a finished workflow started at `startTime`. */
function finishedWorkflowClient(startTime: string | null) {
  const signals: string[] = [];
  const described: string[] = [];
  const client = {
    options: { namespace: 'default' },
    workflow: {
      signalWithStart: (_type: string, options: { workflowId: string }) => {
        signals.push(options.workflowId);
        if (startTime === null) return Promise.resolve();
        return Promise.reject(
          new WorkflowExecutionAlreadyStartedError('already started', options.workflowId, 'dossierWorkflow'),
        );
      },
      getHandle: (workflowId: string) => ({
        describe: () => {
          described.push(workflowId);
          return Promise.resolve({ startTime: new Date(startTime!) });
        },
      }),
    },
  } as unknown as Client;
  return { client, signals, described };
}

describe('dossier coordination process manager', () => {
  /** The connection the runner lends: records the statements it is given. */
  let written: { sql: string; values: unknown[] }[];
  let tx: ProcessManagerConnection;
  beforeEach(() => {
    written = [];
    tx = {
      query: (sql: string, values: unknown[]) => {
        written.push({ sql, values });
        return Promise.resolve({ rows: [] });
      },
    } as unknown as ProcessManagerConnection;
  });

  it('says loudly when an intake meets a finished workflow that started before the dossier was received', async () => {
    const { client, signals } = finishedWorkflowClient('2026-11-20T08:00:00.000Z');
    const errors: string[] = [];
    const manager = dossierCoordinationProcessManager(client, {
      error: (m: unknown) => errors.push(String(m)),
    });
    await manager.handleBatch!([event('DossierReceived', '2026-11-23T08:00:00.000Z')], tx);
    expect(signals).toEqual([CODE]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`Dossier ${CODE} was received at 2026-11-23T08:00:00.000Z`);
    expect(errors[0]).toContain('NOT coordinated');
    // Listed where GET /health counts it (idempotent: a replayed batch lists it once).
    expect(written).toHaveLength(1);
    expect(written[0]!.sql).toContain(`INSERT INTO ${STRANDED_DOSSIERS_TABLE}`);
    expect(written[0]!.sql).toContain('ON CONFLICT (dossier_code) DO NOTHING');
    expect(written[0]!.values).toEqual([
      CODE,
      '2026-11-23T08:00:00.000Z',
      '2026-11-20T08:00:00.000Z',
      'default',
    ]);
  });

  it('retries the batch when the stranded dossier cannot be listed (the log alone is not enough)', async () => {
    const { client } = finishedWorkflowClient('2026-11-20T08:00:00.000Z');
    const manager = dossierCoordinationProcessManager(client, { error: () => undefined });
    const failing = {
      query: () => Promise.reject(new Error('connection refused')),
    } as unknown as ProcessManagerConnection;
    await expect(
      manager.handleBatch!([event('DossierReceived', '2026-11-23T08:00:00.000Z')], failing),
    ).rejects.toThrow('connection refused');
  });

  it('stays quiet for a replayed intake of its own finished workflow, and for events after the end', async () => {
    const { client, described } = finishedWorkflowClient('2026-11-23T08:00:00.050Z');
    const errors: string[] = [];
    const manager = dossierCoordinationProcessManager(client, {
      error: (m: unknown) => errors.push(String(m)),
    });
    // A rebuild replays the intake: the finished workflow is this dossier's (started after it).
    await manager.handleBatch!([event('DossierReceived', '2026-11-23T08:00:00.000Z')], tx);
    // An event after the workflow finished is absorbed without a look.
    await manager.handleBatch!([event('ResultReturned', '2026-11-24T08:00:00.000Z')], tx);
    await manager.handle(event('ResultReturned', '2026-11-24T08:00:00.000Z'), tx);
    expect(described).toEqual([CODE]);
    expect(errors).toEqual([]);
    expect(written).toEqual([]);
  });

  it("signals once per dossier per batch and never echoes the workflow's own events", async () => {
    const { client, signals } = finishedWorkflowClient(null);
    const manager = dossierCoordinationProcessManager(client, { error: () => undefined });
    await manager.handleBatch!(
      [
        event('StepCompleted', '2026-11-23T08:00:00.000Z'),
        event('StepCompleted', '2026-11-23T08:00:01.000Z'),
        event('StepHandedOff', '2026-11-23T08:00:02.000Z', COORDINATION_ACTOR),
      ],
      tx,
    );
    await manager.handle(event('StepHandedOff', '2026-11-23T08:00:02.000Z', COORDINATION_ACTOR), tx);
    expect(signals).toEqual([CODE]);
  });
});

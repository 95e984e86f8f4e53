import { readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bundleWorkflowsOnce } from '../setup/temporal-test-env';

/**
 * Determinism guard: committed histories of real dossier workflows (recorded by the coordination e2e
 * with RECORD_WORKFLOW_HISTORIES=1) must replay on today's workflow code. A change to the workflow
 * that would break running dossiers fails here; guard such changes with `patched()` and record a new
 * history next to the old ones, never in place of them.
 */
const HISTORIES = path.resolve(__dirname, '../../workflows/src/histories');

describe('dossier workflow replay', () => {
  it.each(['dossier-sequential.history.bin', 'dossier-notices.history.bin'])(
    'replays %s on the current workflow code',
    async (file) => {
      const history = proto.api.history.v1.History.decode(readFileSync(path.join(HISTORIES, file)));
      expect(history.events.length).toBeGreaterThan(10);
      await expect(
        Worker.runReplayHistory({ workflowBundle: await bundleWorkflowsOnce() }, history, `replay-${file}`),
      ).resolves.toBeUndefined();
    },
    60_000,
  );

  it('records the notices path behind its patch marker, so histories from before it replay without it', () => {
    const withNotices = proto.api.history.v1.History.decode(
      readFileSync(path.join(HISTORIES, 'dossier-notices.history.bin')),
    );
    const markers = withNotices.events.filter(
      (e) => e.markerRecordedEventAttributes?.markerName === 'core_patch',
    );
    expect(markers.length).toBeGreaterThan(0);
    const patchIds = markers.map((m) => {
      const data = m.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
      return (JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { id: string }).id;
    });
    expect(patchIds).toContain('coordination-notices-v1');
    const scheduled = (h: typeof withNotices) =>
      h.events.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
    expect(scheduled(withNotices)).toContain('notifyCoordination');
    const before = proto.api.history.v1.History.decode(
      readFileSync(path.join(HISTORIES, 'dossier-sequential.history.bin')),
    );
    expect(scheduled(before)).not.toContain('notifyCoordination');
  });

  it('fails the replay when the workflow code no longer matches (the guard can fail)', async () => {
    const history = proto.api.history.v1.History.decode(
      readFileSync(path.join(HISTORIES, 'dossier-sequential.history.bin')),
    );
    // As if the code had scheduled another activity than the one recorded: a nondeterminism error.
    const tampered = proto.api.history.v1.History.decode(
      proto.api.history.v1.History.encode(history).finish(),
    );
    const scheduled = tampered.events.find((e) => e.activityTaskScheduledEventAttributes)!;
    scheduled.activityTaskScheduledEventAttributes!.activityType = { name: 'somethingElse' };
    await expect(
      Worker.runReplayHistory({ workflowBundle: await bundleWorkflowsOnce() }, tampered, 'replay-tampered'),
    ).rejects.toThrow(/[Nn]ondetermin/);
  }, 60_000);
});

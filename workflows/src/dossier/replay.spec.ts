import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bundleWorkflowsOnce } from '../../../test/setup/temporal-test-env';

/**
 * Determinism guard: committed histories of real dossier workflows (recorded by the coordination e2e
 * with RECORD_WORKFLOW_HISTORIES=1) must replay on today's workflow code. A change to the workflow
 * that would break running dossiers fails here; guard such changes with `patched()` and record a new
 * history next to the old ones, never in place of them.
 */
const HISTORIES = path.resolve(__dirname, 'histories');

/**
 * Every committed history, oldest first: before notices, with notices, with local rounds, indexed, kept
 * timers, and every patch under one marker.
 */
const COMMITTED = [
  'dossier-sequential.history.bin',
  'dossier-notices.history.bin',
  'dossier-sequential.local-rounds.history.bin',
  'dossier-notices.local-rounds.history.bin',
  'dossier-sequential.search-attributes.history.bin',
  'dossier-sequential.kept-timers.history.bin',
  'dossier-sequential.consolidated.history.bin',
];
const load = (file: string) => proto.api.history.v1.History.decode(readFileSync(path.join(HISTORIES, file)));
type History = ReturnType<typeof load>;
const patchIds = (h: History) =>
  h.events
    .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .map((m) => {
      const data = m.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
      return (JSON.parse(Buffer.from(data ?? []).toString('utf8')) as { id: string }).id;
    });
const scheduled = (h: History) =>
  h.events.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
/** The search attribute upserts of a history that set an attribute whose name starts with `prefix`. */
const upserts = (h: History, prefix: string) =>
  h.events.filter((e) =>
    Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).some(
      (k) => k.startsWith(prefix),
    ),
  );
const localRounds = (h: History) =>
  h.events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;

describe('dossier workflow replay', () => {
  it('replays every committed history (none is left out)', () => {
    const onDisk = readdirSync(HISTORIES).filter((f) => f.endsWith('.history.bin'));
    expect([...onDisk].sort()).toEqual([...COMMITTED].sort());
  });

  it.each(COMMITTED)(
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
    const withNotices = load('dossier-notices.history.bin');
    expect(patchIds(withNotices)).toContain('coordination-notices-v1');
    expect(scheduled(withNotices)).toContain('notifyCoordination');
    expect(scheduled(load('dossier-sequential.history.bin'))).not.toContain('notifyCoordination');
  });

  it('records local coordination rounds behind their patch marker; older histories scheduled them as activities', () => {
    for (const file of [
      'dossier-sequential.local-rounds.history.bin',
      'dossier-notices.local-rounds.history.bin',
    ]) {
      const h = load(file);
      expect(patchIds(h)).toContain('coordination-local-rounds-v1');
      expect(scheduled(h)).not.toContain('coordinateDossier');
      expect(localRounds(h)).toBeGreaterThan(2);
    }
    expect(scheduled(load('dossier-notices.local-rounds.history.bin'))).toContain('notifyCoordination');
    for (const file of ['dossier-sequential.history.bin', 'dossier-notices.history.bin']) {
      const h = load(file);
      expect(patchIds(h)).not.toContain('coordination-local-rounds-v1');
      expect(scheduled(h)).toContain('coordinateDossier');
      expect(localRounds(h)).toBe(0);
    }
  });

  it('upserts the search attributes behind their patch marker; histories from before it have none', () => {
    // Ours (a patch marker upserts Temporal's own TemporalChangeVersion too).
    const ours = (h: History) => upserts(h, 'LienThong');
    const indexed = load('dossier-sequential.search-attributes.history.bin');
    expect(patchIds(indexed)).toContain('dossier-search-attributes-v1');
    // Only when something changed: fewer upserts than rounds, and more than one (the holder moves).
    expect(ours(indexed).length).toBeGreaterThan(1);
    expect(ours(indexed).length).toBeLessThan(localRounds(indexed));
    expect(patchIds(load('dossier-sequential.kept-timers.history.bin'))).toContain(
      'dossier-search-attributes-v1',
    );
    for (const file of COMMITTED.slice(0, 4)) {
      expect(patchIds(load(file))).not.toContain('dossier-search-attributes-v1');
      expect(ours(load(file))).toHaveLength(0);
    }
  });

  it('keeps wait timers behind their patch marker; histories from before it started one per wait', () => {
    const timers = (h: History) => ({
      started: h.events.filter((e) => e.timerStartedEventAttributes).length,
      cancelled: h.events.filter((e) => e.timerCanceledEventAttributes).length,
    });
    const kept = load('dossier-sequential.kept-timers.history.bin');
    expect(patchIds(kept)).toContain('dossier-kept-timers-v1');
    // The same dossier's path (coordination.e2e) before the patch: a timer cancelled by every signal.
    const before = load('dossier-sequential.search-attributes.history.bin');
    expect(timers(kept).cancelled).toBeLessThan(timers(before).cancelled);
    for (const file of COMMITTED.slice(0, 5))
      expect(patchIds(load(file))).not.toContain('dossier-kept-timers-v1');
  });

  it('records one marker for every patch in a new run, which takes all their paths; older runs have none', () => {
    const now = load('dossier-sequential.consolidated.history.bin');
    const before = load('dossier-sequential.kept-timers.history.bin');
    expect(patchIds(now)).toEqual(['dossier-consolidated-v1']);
    // One TemporalChangeVersion upsert where the run before recorded one per patch.
    expect(upserts(now, 'TemporalChangeVersion')).toHaveLength(1);
    expect(upserts(before, 'TemporalChangeVersion').length).toBe(patchIds(before).length);
    expect(patchIds(before).length).toBeGreaterThan(1);
    // The same dossier's path (coordination.e2e) as the run before: local rounds, its own search
    // attributes, kept timers.
    expect(scheduled(now)).not.toContain('coordinateDossier');
    expect(localRounds(now)).toBe(localRounds(before));
    expect(upserts(now, 'LienThong')).toHaveLength(upserts(before, 'LienThong').length);
    const cancelled = (h: History) => h.events.filter((e) => e.timerCanceledEventAttributes).length;
    expect(cancelled(now)).toBe(cancelled(before));
    expect(now.events.length).toBeLessThan(before.events.length);
    for (const file of COMMITTED.slice(0, 6))
      expect(patchIds(load(file))).not.toContain('dossier-consolidated-v1');
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

import type { RecordedEvent } from '@lien-thong/event-store';
import { toDossierEvent } from './dossier-event';
import { everyEventType } from '../testing/dossier-sample-events';
import { formatVietnamTime, isInstantText } from './vietnam-time';
import { DOSSIER_EVENT_TYPE_LIST } from '@lien-thong/dossier-model';

const recorded = (type: string, schemaVersion = 1): RecordedEvent =>
  ({
    type,
    schemaVersion,
    data: {},
    streamName: 'dossier-x',
    revision: 3,
  }) as unknown as RecordedEvent;

describe('read-model helpers', () => {
  it('prints instants in Vietnam time as the forms do', () => {
    expect(formatVietnamTime('2026-11-25T17:00:00+07:00')).toBe('17:00 25/11/2026');
    expect(formatVietnamTime('2026-11-25T20:30:00Z')).toBe('03:30 26/11/2026');
  });

  it('accepts only ISO 8601 instants with an offset', () => {
    expect(isInstantText('2025-11-24T08:00:00+07:00')).toBe(true);
    expect(isInstantText('2025-11-24T01:00:00.123Z')).toBe(true);
    expect(isInstantText('2025-11-24T08:00:00')).toBe(false);
    expect(isInstantText('2025-11-24')).toBe(false);
    expect(isInstantText(42)).toBe(false);
  });

  it('refuses an unknown event type or schema version instead of skipping it', () => {
    expect(() => toDossierEvent(recorded('DossierTeleported'))).toThrow(/unknown dossier event type/);
    expect(() => toDossierEvent(recorded('StepReceived', 2))).toThrow(/no upcaster/);
    expect(toDossierEvent(recorded('StepReceived'))).toEqual({ type: 'StepReceived', data: {} });
  });

  it('has a sample of every event type for the per-event checks', () => {
    expect(new Set(everyEventType.map((e) => e.type))).toEqual(new Set(DOSSIER_EVENT_TYPE_LIST));
  });
});

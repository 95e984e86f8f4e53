import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import { runMigrations } from '@lien-thong/postgres';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { applicantNotificationMigrations } from '../applicant-notifications.migrations';
import { applicantNoticeOutboxProjection, noticeIdOf } from './applicant-notice-outbox.projection';

const CODE = '000.00.71.H29-261207-0001';

function resultReady(position: number, recordedAt: string): RecordedEvent {
  return {
    id: randomUUID(),
    streamName: `dossier-${CODE}`,
    revision: position,
    position: BigInt(position),
    type: 'ResultReady',
    schemaVersion: 1,
    data: {
      readyAt: recordedAt,
      appointmentAt: '2026-12-10T10:00:00+07:00',
      deskUnitCode: '000.00.71.H29',
      outcomeAgainstAppointment: 'on-time',
    },
    metadata: { occurredAt: recordedAt, actor: { system: 'test' }, correlationId: randomUUID() },
    recordedAt,
    hash: 'h',
    previousHash: null,
  };
}

describe('applicant notice outbox projection', () => {
  let db: TestSchema;
  beforeAll(async () => {
    db = await createTestSchema('notice_outbox');
    await runMigrations(db.pool, 'applicant-notifications', applicantNotificationMigrations);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('writes a batch of owed notices in one statement, none for events before the cut-off, none twice on a replay', async () => {
    const since = new Date('2026-12-07T00:00:00Z');
    await db.pool.query('UPDATE applicant_notices_owed_since SET since = $1', [since.toISOString()]);
    const before = resultReady(1, '2026-12-06T23:59:59.000Z');
    const after = [resultReady(2, '2026-12-07T00:00:01.000Z'), resultReady(3, '2026-12-07T00:00:02.000Z')];
    const other = { ...after[0]!, id: randomUUID(), position: 4n, type: 'StepReceived' } as RecordedEvent;
    const projection = applicantNoticeOutboxProjection();
    const statements: string[] = [];
    const tx = await db.pool.connect();
    const counted = {
      query: (text: string, values?: unknown[]) => {
        statements.push(text);
        return tx.query(text, values);
      },
    } as unknown as PoolClient;
    try {
      await projection.handleBatch!([before, ...after, other], counted);
      await projection.handleBatch!(after, counted); // a replay
    } finally {
      tx.release();
    }
    expect(statements).toHaveLength(2);
    const { rows } = await db.pool.query<{ id: string; event_id: string; kind: string }>(
      'SELECT id, event_id, kind FROM applicant_notice_outbox ORDER BY event_position',
    );
    expect(rows).toEqual(after.map((e) => ({ id: noticeIdOf(e.id), event_id: e.id, kind: 'result-ready' })));
  });
});

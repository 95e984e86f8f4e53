import { randomBytes, randomUUID } from 'node:crypto';
import { StaticAgencyDirectory, type AgencySummary } from '@lien-thong/agencies';
import type { AgencyNotificationV1 } from '@lien-thong/contracts';
import { migrateEventStore, PostgresEventStore, type NewEvent } from '@lien-thong/event-store';
import { createTestSchema, type TestSchema } from '@lien-thong/postgres/testing';
import { ProjectionRunner } from '@lien-thong/projections';
import { migrateAgencyNotifications } from '../agency-notifications.migrations';
import { AgencyWebhooks } from '../webhooks/agency-webhooks';
import { WebhookSecretCipher } from '../webhooks/webhook-secret-cipher';
import {
  AGENCY_NOTIFICATION_OUTBOX_PROJECTION,
  agencyNotificationOutboxProjection,
  notificationId,
} from './agency-notification-outbox.projection';

const DESK = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const INSURANCE = '000.00.61.H29';
const UNREGISTERED = '000.00.05.H29';
const agency = (code: string): AgencySummary => ({ code, name: { vi: code }, level: 'commune', roles: [] });

describe('agency notification outbox (projection on PostgreSQL)', () => {
  let db: TestSchema;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;
  let webhooks: AgencyWebhooks;

  const event = (type: string, data: object): NewEvent => ({
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      occurredAt: '2025-11-24T08:00:00+07:00',
      actor: { system: 'workflow' },
      correlationId: randomUUID(),
    },
  });
  const handoff = (stepId: string, to: string) =>
    event('StepHandedOff', {
      stepId,
      fromAgencyCode: DESK,
      toAgencyCode: to,
      handedOffAt: '2025-11-24T08:00:00+07:00',
      deadline: '2025-11-26T17:00:00+07:00',
      previousStepId: null,
      previousStepOutcome: null,
    });
  async function record(code: string, ...events: NewEvent[]): Promise<bigint> {
    const result = await store.appendToStream(`dossier-${code}`, events, 'any');
    await runner.waitForCheckpoint(AGENCY_NOTIFICATION_OUTBOX_PROJECTION, result.position);
    return result.position;
  }
  const rows = async (code: string) =>
    (
      await db.pool.query<{ id: string; agency_code: string; kind: string; status: string; body: string }>(
        'SELECT id, agency_code, kind, status, body FROM agency_notification_outbox WHERE dossier_code = $1 ORDER BY event_position, agency_code',
        [code],
      )
    ).rows;

  beforeAll(async () => {
    db = await createTestSchema('agency_outbox');
    await migrateEventStore(db.pool);
    await migrateAgencyNotifications(db.pool);
    store = new PostgresEventStore(db.pool, { connectionString: db.connectionString });
    webhooks = new AgencyWebhooks(
      db.pool,
      new WebhookSecretCipher(randomBytes(32)),
      new StaticAgencyDirectory([DESK, POLICE, INSURANCE, UNREGISTERED].map(agency)),
    );
    await webhooks.register(POLICE, { url: 'https://police.example.gov.vn/hook' });
    await webhooks.register(INSURANCE, {
      url: 'https://bhxh.example.gov.vn/hook',
      events: ['apology.requested'],
    });
    runner = new ProjectionRunner(store, db.pool, [agencyNotificationOutboxProjection()], {
      retryDelayMs: 50,
    });
    await runner.start();
  });
  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await db?.drop();
  });

  it('owes the receiving agency a versioned notification for a handoff, in English field names', async () => {
    const code = `${DESK}-251124-0001`;
    const e = handoff('police-check', POLICE);
    await record(code, event('DossierTransferred', { toAgencyCode: DESK }), e);
    const [row, ...rest] = await rows(code);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ agency_code: POLICE, kind: 'step.handed-off', status: 'pending' });
    const body = JSON.parse(row!.body) as AgencyNotificationV1;
    expect(body).toEqual({
      version: 1,
      id: notificationId(e.id, POLICE),
      type: 'step.handed-off',
      occurredAt: '2025-11-24T08:00:00+07:00',
      dossierCode: code,
      agencyCode: POLICE,
      stepId: 'police-check',
      deadline: '2025-11-26T17:00:00+07:00',
      source: { eventId: e.id, eventType: 'StepHandedOff' },
      details: { fromAgencyCode: DESK, previousStepId: null, previousStepOutcome: null },
    });
    expect(row!.id).toBe(body.id);
  });

  it('owes nothing to an agency without a webhook, nor for a kind it did not subscribe to', async () => {
    const code = `${DESK}-251124-0002`;
    await record(
      code,
      handoff('a', UNREGISTERED),
      handoff('b', INSURANCE),
      event('StepOverdue', { stepId: 'b', responsibleAgencyCode: INSURANCE, deadline: 'd', detectedAt: 't' }),
    );
    expect(await rows(code)).toEqual([]);
  });

  it('owes the holder of an overdue step and the agency reminded; each agency asked for an apology once', async () => {
    const code = `${DESK}-251124-0003`;
    await record(
      code,
      event('StepReminderSent', {
        stepId: 'b',
        agencyCode: POLICE,
        deadline: '2025-11-26T17:00:00+07:00',
        budgetShare: 0.8,
        remindedAt: 't',
      }),
      event('StepOverdue', {
        stepId: 'b',
        responsibleAgencyCode: POLICE,
        deadline: '2025-11-26T17:00:00+07:00',
        detectedAt: '2025-11-26T17:00:01+07:00',
      }),
      event('ApologyRequested', {
        agencyCodes: [POLICE, INSURANCE, UNREGISTERED],
        reason: 'step-overdue',
        dueAt: '2025-11-28T17:00:00+07:00',
        appointmentAt: '2025-11-28T17:00:00+07:00',
        respondBy: '2025-11-27T17:00:00+07:00',
        requestedAt: 't',
      }),
    );
    const owed = await rows(code);
    expect(owed.map((r) => [r.kind, r.agency_code])).toEqual([
      ['step.reminder', POLICE],
      ['step.overdue', POLICE],
      ['apology.requested', INSURANCE],
      ['apology.requested', POLICE],
    ]);
    const apology = JSON.parse(owed[2]!.body) as AgencyNotificationV1;
    expect(apology).toMatchObject({
      stepId: null,
      deadline: '2025-11-27T17:00:00+07:00',
      agencyCode: INSURANCE,
    });
  });

  it('does not owe an agency what was recorded before it registered, also when the read model is rebuilt', async () => {
    const code = `${DESK}-251124-0004`;
    await record(code, handoff('a', DESK));
    await webhooks.register(DESK, { url: 'https://desk.example.gov.vn/hook' });
    const last = await record(code, handoff('b', DESK));
    expect((await rows(code)).map((r) => (JSON.parse(r.body) as AgencyNotificationV1).stepId)).toEqual(['b']);

    const ids = async () =>
      (await db.pool.query<{ id: string }>('SELECT id FROM agency_notification_outbox ORDER BY id')).rows;
    const before = await ids();
    await db.pool.query(
      "UPDATE agency_notification_outbox SET status = 'delivered' WHERE dossier_code = $1",
      [code],
    );
    await runner.rebuild(AGENCY_NOTIFICATION_OUTBOX_PROJECTION);
    // The live runner notices the reset with the next event it follows, then replays from the first.
    expect(await record(code, handoff('c', UNREGISTERED))).toBeGreaterThan(last);
    expect(await ids()).toEqual(before);
    expect((await rows(code)).map((r) => r.status)).toEqual(['delivered']);
  });
});

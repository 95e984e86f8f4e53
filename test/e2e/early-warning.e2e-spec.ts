import type { Pool } from 'pg';
import { PG_POOL } from '@lien-thong/postgres';
import { DossierCalendar, DossierCommandService } from '@lien-thong/dossiers';
import { EarlyWarningAssessor, DEFAULT_EARLY_WARNING } from '@lien-thong/simulation';
import { SAMPLE_DESK, birthRegistrationIntake } from '../support/sample-intake';
import { startApiTestApp, TestClock, type ApiTestApp } from '../support/api-test-app';

/**
 * The early warning of lateness (issue 21) end to end, on the real calendar with a clock the test moves:
 * the ward's desk takes nearly two working days over its one-day birth registration, again and again; a
 * new dossier handed to it is warned at once (the record says it will run late), as a dossier event that
 * the agency's inbox shows and the timeline tells; a second round warns nobody twice; and the
 * early-warning report counts the warning once it came true. (The webhook kind: notification-routes.)
 */
const DESK = SAMPLE_DESK;
const intake = (n: number) => birthRegistrationIntake(n, 1);

describe('early warning of lateness', () => {
  // Monday 2 November 2026, 08:00 in Hà Nội / Hồ Chí Minh City.
  const clock = new TestClock(Date.parse('2026-11-02T08:00:00+07:00'));
  let t: ApiTestApp;
  const desk = () => t.as(['reception-officer', 'agency-officer', 'agency-head'], DESK, 'can-bo-phuong');
  const HOUR = 3_600_000;

  beforeAll(async () => {
    t = await startApiTestApp('e2e_early_warning', {
      overrides: { seed: 'sample' },
      projections: true,
      clock,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Receives a dossier and hands its first step to the ward's desk. */
  async function handedToTheDesk(n: number): Promise<string> {
    const code = (await desk().post('/dossiers').send(intake(n)).expect(201)).body.dossierCode as string;
    await desk().post(`/dossiers/${code}/transfer`).send({ toAgencyCode: DESK }).expect(200);
    await desk()
      .post(`/dossiers/${code}/steps/register-birth/handoff`)
      .send({ fromAgencyCode: DESK, toAgencyCode: DESK })
      .expect(200);
    await desk()
      .post(`/dossiers/${code}/steps/register-birth/receive`)
      .send({ agencyCode: DESK })
      .expect(200);
    return code;
  }

  it('warns the holder of a step its record says will run late, once, and counts whether it came true', async () => {
    // The record: twelve birth registrations, each completed after one and a half working days.
    for (let n = 1; n <= 12; n += 1) {
      clock.set('2026-11-02T08:00:00+07:00');
      clock.advance(n * 60_000);
      const code = await handedToTheDesk(n);
      // Handed off Monday at 08:0n, completed Tuesday at 16:0n: about 1.8 working days of a one-day budget.
      clock.set(Date.parse('2026-11-03T16:00:00+07:00') + n * 60_000);
      await desk()
        .post(`/dossiers/${code}/steps/register-birth/complete`)
        .send({ agencyCode: DESK, resultSummary: 'Đã đăng ký khai sinh' })
        .expect(200);
    }
    // Two weeks later, a new dossier reaches the desk.
    clock.set('2026-11-16T08:30:00+07:00');
    const code = await handedToTheDesk(100);
    await t.settle();
    const pool = t.app.get<Pool>(PG_POOL);
    const assessor = new EarlyWarningAssessor(
      pool,
      t.app.get(DossierCommandService),
      t.app.get(DossierCalendar),
      clock,
      { ...DEFAULT_EARLY_WARNING, threshold: 0.6 },
    );
    clock.advance(HOUR);
    const round = await assessor.assessOnce();
    expect(round.warned).toBe(1);
    const events = await pool.query<{
      type: string;
      data: { probability: number; agencyCode: string; basis: { visits: number } };
    }>(`SELECT type, data FROM events WHERE stream_name = $1 AND type = 'StepLatenessWarned'`, [
      `dossier-${code}`,
    ]);
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0]!.data).toMatchObject({ agencyCode: DESK, probability: 1, basis: { visits: 12 } });

    // Said once: the next round finds it recorded (before and after the read models caught up).
    expect((await assessor.assessOnce()).warned).toBe(0);
    await t.settle();
    expect((await assessor.assessOnce()).warned).toBe(0);

    const inbox = await desk().get(`/agencies/${DESK}/inbox`).expect(200);
    const item = (
      inbox.body.items as { dossierCode: string; latenessWarning: { probability: number } | null }[]
    ).find((i) => i.dossierCode === code)!;
    expect(item.latenessWarning).toMatchObject({ probability: 1 });
    const timeline = await desk().get(`/dossiers/${code}/timeline`).expect(200);
    expect(JSON.stringify(timeline.body)).toContain('nguy cơ trễ hạn');

    // It came true: the step ends late; the report counts one warning, right, given a day ahead.
    clock.set('2026-11-17T16:00:00+07:00');
    await desk()
      .post(`/dossiers/${code}/steps/register-birth/complete`)
      .send({ agencyCode: DESK, resultSummary: 'Đã đăng ký khai sinh' })
      .expect(200);
    await t.settle();
    const report = await t
      .as('auditor', null, 'thanh-tra')
      .get('/reports/early-warnings')
      .query({ from: '2026-11-16', to: '2026-11-17' })
      .expect(200);
    expect(report.body.total).toMatchObject({
      warned: 1,
      warnedLate: 1,
      late: 1,
      lateWarnedAhead: 1,
      precision: 1,
      recall: 1,
    });
  });
});

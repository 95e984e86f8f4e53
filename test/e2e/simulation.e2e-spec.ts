import { SAMPLE_DESK, SAMPLE_POLICE, birthRegistrationIntake } from '../support/sample-intake';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/**
 * Simulation and what-if through HTTP (issue 21), against real PostgreSQL and the sample catalogue: a
 * forecast of the published version and of a draft side by side, capacity planning, the what-if replay
 * of recorded dossiers (JSON and streamed), and every bad input refused with a 4xx that names it, with
 * nothing written.
 */
const DESK = SAMPLE_DESK;
const POLICE = SAMPLE_POLICE;
const intake = (n: number) => birthRegistrationIntake(n, 0);

interface Problem {
  path: string;
  code: string;
}

describe('simulation and what-if through HTTP', () => {
  let t: ApiTestApp;
  const designer = () => t.as('procedure-designer', null, 'nha-thiet-ke');
  const events = async () =>
    Number((await t.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);

  beforeAll(async () => {
    t = await startApiTestApp('e2e_simulation', { overrides: { seed: 'sample' }, projections: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses bad requests with the problem named, and callers who may not simulate', async () => {
    const before = await events();
    const simulate = (body: object) => designer().post('/procedures/1.001193/simulate').send(body);
    // No dossier of the procedure on record in the default history: it says so, and what to give instead.
    const none = await simulate({});
    expect([none.status, none.body.code]).toEqual([400, 'SIMULATION_NO_HISTORY']);
    expect(none.body.message).toContain('arrivals.perWorkingDay');
    const large = await simulate({ dossiers: 1_000_001, arrivals: { perWorkingDay: 10 } });
    expect([large.status, large.body.code]).toEqual([400, 'SIMULATION_REQUEST_INVALID']);
    expect(large.body.problems).toContainEqual(
      expect.objectContaining({ path: 'dossiers', code: 'TOO_LARGE' }),
    );
    const bad = await simulate({
      capacity: { [POLICE]: 0 },
      bogus: 1,
      arrivals: { perWorkingDay: -1, hourly: [1] },
    });
    expect(bad.status).toBe(400);
    expect((bad.body.problems as Problem[]).map((p) => p.path).sort()).toEqual([
      'arrivals.hourly',
      'arrivals.perWorkingDay',
      'bogus',
      `capacity.${POLICE}`,
    ]);
    const wrongVersion = await simulate({ definition: 9, arrivals: { perWorkingDay: 5 } });
    expect([wrongVersion.status, wrongVersion.body.code]).toEqual([404, 'SIMULATION_NOT_PUBLISHED']);
    const unknown = await designer()
      .post('/procedures/9.999999/simulate')
      .send({ arrivals: { perWorkingDay: 5 } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'PROCEDURE_NOT_FOUND']);
    const officer = await t.as('agency-officer', POLICE).post('/procedures/1.001193/simulate').send({});
    expect(officer.status).toBe(403);
    expect(await events()).toBe(before);
  });

  it('forecasts the published version, the same for the same seed, and a draft beside it', async () => {
    const body = { dossiers: 300, seed: 3, firstDay: '2027-03-01', arrivals: { perWorkingDay: 30 } };
    const first = await designer().post('/procedures/1.001193/simulate').send(body).expect(200);
    const again = await designer().post('/procedures/1.001193/simulate').send(body).expect(200);
    expect(again.body.simulated).toEqual(first.body.simulated);
    const result = first.body.simulated.result as {
      dossiers: number;
      early: number;
      onTime: number;
      late: number;
      onTimeShare: number;
      processingWorkingDays: { p50: number; p90: number };
      steps: { stepId: string }[];
    };
    expect(result.dossiers).toBe(300);
    expect(result.early + result.onTime + result.late).toBe(300);
    expect(result.onTimeShare).toBeGreaterThan(0);
    expect(result.processingWorkingDays.p90).toBeGreaterThanOrEqual(result.processingWorkingDays.p50);
    expect(result.steps.map((s) => s.stepId).sort()).toEqual([
      'issue-health-card',
      'register-birth',
      'register-residence',
      'return-result',
    ]);
    const codes = (first.body.simulated.assumptions as { code: string }[]).map((a) => a.code);
    expect(codes).toEqual(
      expect.arrayContaining(['DURATION_ASSUMED', 'ARRIVALS_GIVEN', 'CAPACITY_UNLIMITED']),
    );

    // A draft that halves the budgets of the two ward steps, tried before it is published.
    const published = (await t.http().get('/procedures/1.001193/versions/1').expect(200)).body as {
      steps: { id: string; budget: { unit: string; amount: number } }[];
    };
    const draft = {
      ...published,
      steps: published.steps.map((s) =>
        ['register-birth', 'register-residence'].includes(s.id)
          ? { ...s, budget: { ...s.budget, amount: 0.5 } }
          : s,
      ),
    };
    await designer().put('/procedures/1.001193/draft').send(draft).expect(200);
    const compared = await designer()
      .post('/procedures/1.001193/simulate')
      .send({ ...body, definition: 'draft', compareWith: 'published' })
      .expect(200);
    expect(compared.body.simulated.ref).toBe('draft');
    expect(compared.body.comparison.other.ref).toEqual({ version: 1 });
    // Same arrivals and luck: the published version takes longer than the draft with halved budgets.
    expect(compared.body.comparison.other.result).toEqual(result);
    expect(compared.body.comparison.difference.p50WorkingDays).toBeGreaterThan(0);

    // An invalid draft is refused with its validation problems, each at its path.
    await designer()
      .put('/procedures/1.001193/draft')
      .send({
        ...draft,
        steps: draft.steps.map((s) => (s.id === 'return-result' ? { ...s, after: ['nowhere'] } : s)),
      })
      .expect(200);
    const invalid = await designer()
      .post('/procedures/1.001193/simulate')
      .send({ ...body, definition: 'draft' });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'SIMULATION_DEFINITION_INVALID']);
    expect((invalid.body.problems as Problem[]).some((p) => p.path.startsWith('steps['))).toBe(true);
  });

  it('plans the capacity each agency needs for a target on-time share', async () => {
    const res = await designer()
      .post('/procedures/1.001193/simulate')
      .send({
        dossiers: 400,
        seed: 5,
        firstDay: '2027-03-01',
        arrivals: { perWorkingDay: 40 },
        targetOnTimeShare: 0.6,
      })
      .expect(200);
    const plan = res.body.capacityPlan as {
      reachable: boolean;
      onTimeShare: number;
      agencies: { agency: string; capacity: number | null; heldWithoutLimit: number }[];
    };
    expect(plan.reachable).toBe(true);
    expect(plan.onTimeShare).toBeGreaterThanOrEqual(0.6);
    expect(plan.agencies.length).toBeGreaterThan(0);
    for (const a of plan.agencies) {
      expect(a.capacity).toBeGreaterThanOrEqual(1);
      expect(a.capacity).toBeLessThanOrEqual(Math.max(a.heldWithoutLimit, 1) + 5);
    }
  });

  it('replays recorded dossiers under a day off added, writing nothing, as JSON and as a stream', async () => {
    const desk = t.as('reception-officer', DESK, 'can-bo-tiep-nhan');
    for (const n of [1, 2]) await desk.post('/dossiers').send(intake(n)).expect(201);
    await t.settle();
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 7 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10);
    const days = (await t.http().get('/calendar/days').query({ from: today, to: later }).expect(200))
      .body as {
      date: string;
      working: boolean;
    }[];
    // The first working day after today falls inside both dossiers' three working days.
    const dayOff = days.find((d) => d.working && d.date > today)!.date;
    const before = await events();
    const body = {
      period: { from: today, to: today },
      calendar: { daysOff: [{ date: dayOff, reason: 'Nghỉ (giả định)' }] },
    };
    const json = await t.as('auditor', null, 'thanh-tra').post('/what-if').send(body).expect(200);
    expect(json.body.totals).toMatchObject({
      dossiers: 2,
      changed: 2,
      dueDateMoved: 2,
      newlyLate: 0,
      differFromRecord: 0,
      calendarChangeApplies: true,
    });
    for (const change of json.body.changes as {
      before: { dueAt: string };
      after: { dueAt: string };
      changed: string[];
    }[]) {
      expect(change.changed).toContain('due-date');
      expect(Date.parse(change.after.dueAt)).toBeGreaterThan(Date.parse(change.before.dueAt));
    }

    const streamed = await t
      .as('reception-officer', DESK, 'can-bo-tiep-nhan')
      .post('/what-if')
      .set('accept', 'application/x-ndjson')
      .send(body)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(streamed.headers['content-type']).toContain('application/x-ndjson');
    const lines = (streamed.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; totals?: { dossiers: number } });
    expect(lines[0]).toEqual({ type: 'progress', done: 0, total: 2 });
    expect(lines.filter((l) => l.type === 'change')).toHaveLength(2);
    expect(lines[lines.length - 1]).toMatchObject({ type: 'totals', totals: { dossiers: 2 } });

    // The police took no part in them yet: its officer's replay counts none of them, and naming the
    // desk's agency is refused as in the reports.
    const police = t.as('agency-officer', POLICE);
    const scoped = await police
      .post('/what-if')
      .send({ ...body, unit: [DESK] })
      .expect(200);
    expect(scoped.body.totals).toMatchObject({ dossiers: 0, changed: 0 });
    const stranger = await police.post('/what-if').send({ ...body, agency: [DESK] });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'REPORT_SCOPE_FORBIDDEN']);
    const reversed = await t
      .http()
      .post('/what-if')
      .send({ ...body, period: { from: today, to: '2000-01-01' } });
    expect(reversed.status).toBe(400);
    expect(reversed.body.problems).toContainEqual(expect.objectContaining({ path: 'period.to' }));
    const nothing = await t.http().post('/what-if').send({ period: body.period });
    expect(nothing.status).toBe(400);
    expect(nothing.body.problems).toContainEqual(
      expect.objectContaining({ path: 'calendar', code: 'REQUIRED' }),
    );
    expect(await events()).toBe(before);
  });
});

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookDispatcher } from '@lien-thong/agency-notifications';
import { alwaysOpenCalendar } from '@lien-thong/calendar';
import { TEST_PROCEDURES } from '@lien-thong/procedures';
import { AgencySimulator } from '../../apps/agency-simulator/src/agency-simulator';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { until } from '../support/until';

/**
 * Three agencies connected as software (the agency simulator: HTTP and signed webhooks only) drive a
 * dossier of the four-step test procedure from intake to result: the commune (step a and the result
 * step), the police (step b, done late on purpose) and social insurance (step c). The police's late
 * step is recorded against it, it is asked for an apology, answers with a letter and a new date, and
 * the dossier goes on to its result.
 */
const COMMUNE = '000.00.71.H29';
const POLICE = '000.00.72.H29';
const INSURANCE = '000.00.61.H29';

interface StoredEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { actor: { agencyCode?: string; system?: string; personId?: string } };
}

describe('agencies connected as software (agency simulator, webhooks, HTTP only)', () => {
  let t: ApiTestApp;
  let apiUrl: string;
  const simulators: AgencySimulator[] = [];
  const events = async (code: string): Promise<StoredEvent[]> =>
    (
      await t.db.pool.query<StoredEvent>(
        'SELECT type, data, metadata FROM events WHERE stream_name = $1 ORDER BY revision',
        [`dossier-${code}`],
      )
    ).rows;

  beforeAll(async () => {
    t = await startApiTestApp('e2e_agency_simulator', {
      // The simulated agencies' receivers listen on loopback: allowed explicitly.
      overrides: { seed: 'sample', calendar: 'always-open', webhookAllowedNetworks: '127.0.0.1' },
      coordination: true,
    });
    await t.app.listen(0, '127.0.0.1');
    apiUrl = `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    const sequential = TEST_PROCEDURES.find((p) => p.code === '9.000001')!;
    await t.as('procedure-designer', null, 'designer').post('/procedures').send(sequential).expect(201);
    await t
      .as('procedure-designer', null, 'designer')
      .post(`/procedures/${sequential.code}/versions`)
      .expect(201);
    t.app.get(WebhookDispatcher).start();
    for (const [agencyCode, lateSteps] of [
      [COMMUNE, []],
      [POLICE, ['b']],
      [INSURANCE, []],
    ] as const) {
      // Each agency's software has its own API client; it takes a bearer token with it.
      const client = await t
        .http()
        .post('/admin/clients')
        // Software that signs for the agency's head: it answers apology requests (form 04).
        .send({
          agencyCode,
          description: `Mô phỏng phần mềm ${agencyCode}`,
          roles: ['agency-officer', 'agency-head'],
        })
        .expect(201);
      const simulator = new AgencySimulator({
        apiUrl,
        agencyCode,
        credentials: {
          clientId: client.body.clientId as string,
          clientSecret: client.body.clientSecret as string,
        },
        lateSteps,
        lateByMs: 1_500,
        workMs: 100,
        inboxPollMs: 2_000,
        apology: { reason: 'Chờ kết quả xác minh nhân thân', delayMs: 30_000 },
        calendar: alwaysOpenCalendar(),
      });
      await simulator.start();
      simulators.push(simulator);
    }
  }, 60_000);
  afterAll(async () => {
    for (const s of simulators) await s.stop();
    await t?.app.get(WebhookDispatcher).stop();
    await t?.close();
  });

  it('drives a dossier from intake to result; the late police step is attributed, apologised for once, and the result follows', async () => {
    const desk = () => t.token('reception-officer', COMMUNE, 'can-bo-mot-cua');
    const received = await fetch(`${apiUrl}/dossiers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${desk()}` },
      body: JSON.stringify({
        procedureCode: '9.000001',
        channel: 'online',
        receivingUnitCode: COMMUNE,
        applicantCommuneCode: COMMUNE,
        stepOwners: { b: POLICE },
        applicant: { fullName: 'Trần Thị Thử', address: '12 Lê Lợi', idNumber: '079000000002' },
        documents: [],
      }),
    });
    expect(received.status).toBe(201);
    const code = ((await received.json()) as { dossierCode: string }).dossierCode;

    // The agencies finish their steps on their own; the desk returns the result when it is ready.
    await until(
      'the result to be ready',
      async () => ((await events(code)).some((e) => e.type === 'ResultReady') ? true : undefined),
      45_000,
    );
    const returned = await fetch(`${apiUrl}/dossiers/${code}/result-returned`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${desk()}` },
      body: JSON.stringify({ channel: 'online' }),
    });
    expect(returned.status).toBe(200);
    await expect(t.temporal.client.workflow.getHandle(code).result()).resolves.toBe('returned');

    const all = await events(code);
    // Every step was completed by the agency that holds it, acting through the API.
    const completions = all.filter((e) => e.type === 'StepCompleted');
    expect(completions.map((e) => [e.data.stepId, e.data.agencyCode, e.metadata.actor.agencyCode])).toEqual([
      ['a', COMMUNE, COMMUNE],
      ['b', POLICE, POLICE],
      ['c', INSURANCE, INSURANCE],
      ['return-result', COMMUNE, COMMUNE],
    ]);
    // The police's step ran late: recorded against it, late on completion, an apology asked and given.
    expect(all.filter((e) => e.type === 'StepOverdue').map((e) => e.data)).toEqual([
      expect.objectContaining({ stepId: 'b', responsibleAgencyCode: POLICE }),
    ]);
    expect(completions.find((e) => e.data.stepId === 'b')?.data.outcome).toBe('late');
    expect(all.filter((e) => e.type === 'ApologyRequested').map((e) => e.data.agencyCodes)).toEqual([
      [POLICE],
    ]);
    const apologies = all.filter((e) => e.type === 'ApologyIssued');
    expect(apologies.map((e) => [e.data.responsibleAgencyCode, e.data.reappointment])).toEqual([[POLICE, 1]]);
    // Signed for the police's head by its software (an API client registered with agency-head).
    expect(apologies[0]!.data.signedBy).toBe(apologies[0]!.metadata.actor.personId);
    expect(apologies[0]!.data.signedBy).toMatch(/^client:ltc_/);

    // What each agency's software heard: signed notifications (the handoff, the reminder at 80 %, the
    // overdue notice, the apology request), none refused, only its own.
    const police = simulators[1]!;
    expect(police.refused).toEqual([]);
    expect(new Set(police.received.filter((n) => n.dossierCode === code).map((n) => n.type))).toEqual(
      new Set(['step.handed-off', 'step.reminder', 'step.overdue', 'apology.requested']),
    );
    // The apology request's webhook carries the time to answer by: the request's respondBy.
    const asked = police.received.find((n) => n.dossierCode === code && n.type === 'apology.requested');
    const requested = all.find((e) => e.type === 'ApologyRequested')!;
    expect(asked?.deadline).toBe(requested.data.respondBy);
    for (const s of simulators) {
      expect(s.refused).toEqual([]);
      expect(s.received.every((n) => n.agencyCode === s.received[0]?.agencyCode)).toBe(true);
    }
    // Every action the simulators took was accepted (2xx), each once per step.
    const actions = simulators.flatMap((s) => s.actions.filter((a) => a.dossierCode === code));
    expect(actions.every((a) => a.status === 200)).toBe(true);
    expect(actions.filter((a) => a.action === 'complete')).toHaveLength(4);
    expect(actions.filter((a) => a.action === 'apology')).toHaveLength(1);
  }, 90_000);
});

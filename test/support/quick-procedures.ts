import type { Pool } from 'pg';
import { TEST_PROCEDURES } from '@lien-thong/procedures';
import type { Caller } from './api-test-app';

/**
 * A one-step procedure of the desk itself (the receiving unit's People's Committee), as certifying a
 * copy is: for tests of procedures whose result is given at once (`immediate`) or within the day
 * (`sameDay`). Drafted and published through the designer API by `designer` (a procedure designer).
 */
export async function publishQuickProcedure(
  designer: () => Caller,
  code: string,
  statutoryLimit: { unit: 'immediate' } | { unit: 'sameDay' },
  name: string,
): Promise<void> {
  await designer()
    .post('/procedures')
    .send({
      code,
      name: { vi: name },
      field: 'Chứng thực',
      ruleSet: 'decree-118-2025',
      statutoryLimit,
      countingRule: 'civil-code',
      requiredDocuments: [
        { code: 'ban-chinh', name: { vi: 'Bản chính giấy tờ cần chứng thực' }, copies: 1, original: true },
      ],
      intakeChannels: ['counter'],
      supplementPolicy: 'pause',
      maxReappointments: 1,
      steps: [
        {
          id: 'return-result',
          name: { vi: 'Chứng thực và trả kết quả' },
          kind: 'return-result',
          owner: { role: 'commune-people-committee', of: 'receiving-unit' },
          budget: { unit: 'workingHours', amount: 2 },
          after: [],
        },
      ],
    })
    .expect(201);
  await designer().post(`/procedures/${code}/versions`).expect(201);
}

/**
 * The four-step test procedure 9.000001 on the always-open calendar, its budgets stretched to minutes
 * (step `quickStep` alone keeps a second, when given), so nothing runs late while processes start, die
 * or are restarted. Drafted and published by `designer`.
 */
export async function publishRoomyTestProcedure(designer: () => Caller, quickStep?: string): Promise<void> {
  const base = TEST_PROCEDURES.find((p) => p.code === '9.000001')!;
  const procedure = {
    ...base,
    statutoryLimit: { unit: 'workingSeconds', amount: 3_600 },
    steps: base.steps.map((s) => ({
      ...s,
      budget: { unit: 'workingSeconds', amount: s.id === quickStep ? 1 : 600 },
    })),
  };
  await designer().post('/procedures').send(procedure).expect(201);
  await designer().post(`/procedures/${procedure.code}/versions`).expect(201);
}

/** An online intake of 9.000001 at the sample desk (step b to the ward police), for `applicant`. */
export function roomyIntake(
  applicant: { fullName: string; address: string; idNumber: string },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    procedureCode: '9.000001',
    channel: 'online',
    receivingUnitCode: '000.00.71.H29',
    applicantCommuneCode: '000.00.71.H29',
    stepOwners: { b: '000.00.72.H29' },
    applicant,
    documents: [],
    ...extra,
  };
}

/** Resolves once the dossier's step `stepId` is handed off (StepHandedOff recorded); fails after `ms`. */
export async function handedOff(
  pool: Pool,
  dossierCode: string,
  stepId: string,
  ms = 60_000,
  context: () => string = () => '',
): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const { rows } = await pool.query(
      "SELECT 1 FROM events WHERE stream_name = $1 AND type = 'StepHandedOff' AND data->>'stepId' = $2",
      [`dossier-${dossierCode}`, stepId],
    );
    if (rows.length > 0) return;
    if (Date.now() > end)
      throw new Error(`step ${stepId} of ${dossierCode} not handed off in ${ms} ms\n${context()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

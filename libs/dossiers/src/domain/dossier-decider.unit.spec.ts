import { DomainError } from '@lien-thong/contracts';
import {
  decideDossier,
  evolveDossier,
  initialDossierState,
  type DossierCommand,
  type DossierState,
  type ProcedureSnapshot,
} from './dossier-decider';
import { DOSSIER_EVENT_TYPES, type DossierEvent } from './dossier-events';

const procedure: ProcedureSnapshot = {
  code: '1.001193',
  version: 1,
  ruleSet: 'decree-118-2025',
  supplementPolicy: 'pause',
  maxReappointments: 1,
  allowedChannels: ['counter', 'online'],
  requiredDocuments: [{ code: 'to-khai', copies: 1 }],
};
const intake = {
  procedure,
  at: '2025-03-03T03:00:00.000Z',
  receivingUnit: '000.00.71.H29',
  officer: 'officer-1',
};
const accept: DossierCommand = {
  ...intake,
  type: 'AcceptDossier',
  code: '000.00.71.H29-250303-0001',
  channel: 'counter',
  applicantRef: 'sealed-1',
  documents: [{ code: 'to-khai', copies: 1 }],
  appointmentAt: '2025-03-06T10:00:00.000Z',
};
const UBND = '000.00.71.H29';
const POLICE = '000.00.72.H29';

function given(...commands: DossierCommand[]): DossierState {
  return commands.reduce(
    (state, c) => decideDossier(c, state).reduce(evolveDossier, state),
    initialDossierState,
  );
}
function when(state: DossierState, command: DossierCommand): DossierEvent[] | DomainError {
  try {
    return decideDossier(command, state);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}
const handOff = (stepId: string, to: string, deadline = '2025-03-04T10:00:00.000Z'): DossierCommand => ({
  type: 'HandOffStep',
  stepId,
  fromAgency: UBND,
  toAgency: to,
  at: '2025-03-03T04:00:00.000Z',
  deadline,
  previousStepOutcome: null,
});
const transferred = () =>
  given(accept, { type: 'TransferDossier', toAgency: UBND, at: '2025-03-03T03:30:00.000Z' });
const holding = () => [
  accept,
  { type: 'TransferDossier', toAgency: UBND, at: '2025-03-03T03:30:00.000Z' } as DossierCommand,
  handOff('residence', POLICE),
];

describe('intake', () => {
  it('accepts a complete dossier with its code and appointment', () => {
    expect(when(given(), accept)).toEqual([
      expect.objectContaining({
        type: 'DossierReceived',
        data: expect.objectContaining({
          code: accept.type === 'AcceptDossier' ? accept.code : '',
          appointmentAt: '2025-03-06T10:00:00.000Z',
        }),
      }),
    ]);
  });
  it('refuses a channel the procedure does not allow, and a missing document, listing both', () => {
    const error = when(given(), {
      ...accept,
      channel: 'post',
      documents: [],
    }) as DomainError;
    expect(error.problems?.map((p) => p.code)).toEqual(['CHANNEL_NOT_ALLOWED', 'DOCUMENT_MISSING']);
  });
  it('refuses too few copies and an appointment before the receipt', () => {
    const error = when(given(), {
      ...accept,
      documents: [{ code: 'to-khai', copies: 0 }],
      appointmentAt: '2025-03-01T00:00:00.000Z',
    }) as DomainError;
    expect(error.problems?.map((p) => p.code)).toEqual(['COPIES_MISSING', 'APPOINTMENT']);
  });
  it('decides the intake exactly once', () => {
    expect(when(given(accept), accept)).toMatchObject({ code: 'INTAKE_DONE' });
    expect(when(given({ ...intake, type: 'RefuseAtIntake', reasons: ['x'] }), accept)).toMatchObject({
      code: 'INTAKE_DONE',
    });
  });
  it('requires the full list for a supplement at intake, and written reasons for a refusal', () => {
    expect(when(given(), { ...intake, type: 'RequestSupplementAtIntake', items: [] })).toMatchObject({
      code: 'SUPPLEMENT_ITEMS_REQUIRED',
    });
    expect(when(given(), { ...intake, type: 'RefuseAtIntake', reasons: [] })).toMatchObject({
      code: 'REASONS_REQUIRED',
    });
    expect(when(given(), { ...intake, type: 'RefuseAtIntake', reasons: ['Không thuộc thẩm quyền'] })).toEqual(
      [expect.objectContaining({ type: 'DossierRefusedAtIntake' })],
    );
  });
});

describe('processing', () => {
  it('transfers only an accepted dossier', () => {
    expect(when(given(), { type: 'TransferDossier', toAgency: UBND, at: 'x' })).toMatchObject({
      code: 'DOSSIER_NOT_ACCEPTED',
    });
    expect(when(transferred(), { type: 'TransferDossier', toAgency: UBND, at: 'x' })).toMatchObject({
      code: 'DOSSIER_NOT_ACCEPTED',
    });
  });
  it('refuses to hand off a step already held or completed', () => {
    const state = given(...holding());
    expect(when(state, handOff('residence', POLICE))).toMatchObject({ code: 'STEP_ALREADY_HELD' });
    const done = given(...holding(), {
      type: 'CompleteStep',
      stepId: 'residence',
      agency: POLICE,
      at: '2025-03-04T01:00:00.000Z',
      result: 'ok',
    });
    expect(when(done, handOff('residence', POLICE))).toMatchObject({ code: 'STEP_ALREADY_COMPLETED' });
  });
  it('lets nobody complete a step they do not hold', () => {
    expect(
      when(given(...holding()), {
        type: 'CompleteStep',
        stepId: 'residence',
        agency: UBND,
        at: 'x',
        result: 'ok',
      }),
    ).toMatchObject({ code: 'STEP_NOT_HELD', kind: 'forbidden' });
    expect(
      when(given(...holding()), {
        type: 'CompleteStep',
        stepId: 'nope',
        agency: POLICE,
        at: 'x',
        result: 'ok',
      }),
    ).toMatchObject({ code: 'STEP_NOT_ACTIVE' });
  });
  it('records whether a step finished on time or late', () => {
    const onTime = when(given(...holding()), {
      type: 'CompleteStep',
      stepId: 'residence',
      agency: POLICE,
      at: '2025-03-04T09:00:00.000Z',
      result: 'ok',
    });
    const late = when(given(...holding()), {
      type: 'CompleteStep',
      stepId: 'residence',
      agency: POLICE,
      at: '2025-03-04T11:00:00.000Z',
      result: 'ok',
    });
    expect(
      [(onTime as DossierEvent[])[0], (late as DossierEvent[])[0]].map(
        (e) => (e as { data: { outcome: string } }).data.outcome,
      ),
    ).toEqual(['on-time', 'late']);
  });
  it('acknowledges receipt of a step once', () => {
    const received = given(...holding(), {
      type: 'ReceiveStep',
      stepId: 'residence',
      agency: POLICE,
      at: 'x',
    });
    expect(when(received, { type: 'ReceiveStep', stepId: 'residence', agency: POLICE, at: 'y' })).toEqual([]);
  });
  it('returns a step only to an earlier completed step, with a reason, and reopens it', () => {
    const state = given(
      accept,
      { type: 'TransferDossier', toAgency: UBND, at: 'a' },
      handOff('birth', UBND),
      { type: 'CompleteStep', stepId: 'birth', agency: UBND, at: '2025-03-03T05:00:00.000Z', result: 'ok' },
      handOff('residence', POLICE),
    );
    expect(
      when(state, {
        type: 'ReturnStep',
        stepId: 'residence',
        agency: POLICE,
        toStepId: 'insurance',
        reason: 'x',
        at: 'b',
      }),
    ).toMatchObject({ code: 'RETURN_TARGET_INVALID' });
    expect(
      when(state, {
        type: 'ReturnStep',
        stepId: 'residence',
        agency: POLICE,
        toStepId: 'birth',
        reason: ' ',
        at: 'b',
      }),
    ).toMatchObject({ code: 'REASON_REQUIRED' });
    const events = when(state, {
      type: 'ReturnStep',
      stepId: 'residence',
      agency: POLICE,
      toStepId: 'birth',
      reason: 'Sai thông tin',
      at: 'b',
    }) as DossierEvent[];
    const after = events.reduce(evolveDossier, state);
    expect(after.completedSteps).not.toContain('birth');
    expect(when(after, handOff('birth', UBND))).toEqual([expect.objectContaining({ type: 'StepHandedOff' })]);
  });
});

describe('supplements and excluded phases', () => {
  const request: DossierCommand = {
    type: 'RequestSupplement',
    stepId: 'residence',
    agency: POLICE,
    items: [{ item: 'Sổ hộ khẩu', reason: 'thiếu' }],
    at: 'x',
    withinWindow: true,
  };
  it('asks for a supplement only within the window, once at a time, and pauses completion', () => {
    expect(when(given(...holding()), { ...request, withinWindow: false })).toMatchObject({
      code: 'SUPPLEMENT_WINDOW_PASSED',
    });
    const paused = given(...holding(), request);
    expect(when(paused, request)).toMatchObject({ code: 'SUPPLEMENT_PENDING' });
    expect(
      when(paused, { type: 'CompleteStep', stepId: 'residence', agency: POLICE, at: 'y', result: 'ok' }),
    ).toMatchObject({ code: 'SUPPLEMENT_PENDING' });
  });
  it('resumes or restarts the clock per procedure when the supplement arrives', () => {
    expect(when(given(...holding(), request), { type: 'ReceiveSupplement', at: 'y' })).toEqual([
      { type: 'SupplementReceived', data: { at: 'y', clock: 'resumed' } },
    ]);
    const restart = [
      { ...accept, procedure: { ...procedure, supplementPolicy: 'restart' } } as DossierCommand,
      ...holding().slice(1),
      request,
    ];
    expect(when(given(...restart), { type: 'ReceiveSupplement', at: 'y' })).toEqual([
      { type: 'SupplementReceived', data: { at: 'y', clock: 'restarted' } },
    ]);
    expect(when(given(...holding()), { type: 'ReceiveSupplement', at: 'y' })).toMatchObject({
      code: 'NO_SUPPLEMENT_PENDING',
    });
  });
  it('runs one excluded phase at a time', () => {
    const started = given(...holding(), { type: 'StartExcludedPhase', name: 'nộp thuế', at: 'x' });
    expect(when(started, { type: 'StartExcludedPhase', name: 'again', at: 'y' })).toMatchObject({
      code: 'EXCLUDED_PHASE_RUNNING',
    });
    expect(when(started, { type: 'EndExcludedPhase', at: 'y' })).toEqual([
      { type: 'ExcludedPhaseEnded', data: { name: 'nộp thuế', at: 'y' } },
    ]);
    expect(when(given(...holding()), { type: 'EndExcludedPhase', at: 'y' })).toMatchObject({
      code: 'NO_EXCLUDED_PHASE',
    });
  });
});

describe('lateness', () => {
  it('names the agency that held the overdue step, once', () => {
    const events = when(given(...holding()), {
      type: 'MarkStepOverdue',
      stepId: 'residence',
      at: 'z',
    }) as DossierEvent[];
    expect(events).toEqual([
      {
        type: 'StepOverdue',
        data: {
          stepId: 'residence',
          responsibleAgency: POLICE,
          deadline: '2025-03-04T10:00:00.000Z',
          detectedAt: 'z',
        },
      },
    ]);
    expect(
      when(given(...holding(), { type: 'MarkStepOverdue', stepId: 'residence', at: 'z' }), {
        type: 'MarkStepOverdue',
        stepId: 'residence',
        at: 'w',
      }),
    ).toEqual([]);
  });
  it('re-sets the appointment once, keeping the original date, and refuses a second time', () => {
    const apology: DossierCommand = {
      type: 'IssueApology',
      agency: POLICE,
      reason: 'Quá tải',
      newAppointmentAt: '2025-03-10T10:00:00.000Z',
      signedBy: 'Trưởng Công an phường',
      at: 'z',
    };
    const events = when(given(...holding()), apology) as DossierEvent[];
    expect(events[0]).toMatchObject({
      type: 'ApologyIssued',
      data: { originalAppointmentAt: '2025-03-06T10:00:00.000Z' },
    });
    expect(
      when(given(...holding(), apology), {
        ...apology,
        newAppointmentAt: '2025-03-12T10:00:00.000Z',
      }),
    ).toMatchObject({ code: 'REAPPOINTMENT_LIMIT' });
    expect(
      when(given(...holding()), {
        ...apology,
        newAppointmentAt: '2025-03-05T10:00:00.000Z',
      }),
    ).toMatchObject({ code: 'NEW_APPOINTMENT_NOT_LATER' });
  });
});

describe('closing a dossier', () => {
  it('lets nothing happen to a stopped or withdrawn dossier', () => {
    const stopped = given(...holding(), {
      type: 'StopProcessing',
      reason: 'r',
      requestedBy: 'applicant',
      legalGround: 'Điều 18',
      at: 'z',
    });
    expect(stopped.activeSteps).toEqual({});
    expect(when(stopped, handOff('x', POLICE))).toMatchObject({ code: 'DOSSIER_CLOSED' });
    const withdrawn = given(...holding(), {
      type: 'WithdrawDossier',
      reason: 'r',
      requestedBy: 'applicant',
      at: 'z',
    });
    expect(
      when(withdrawn, { type: 'StopProcessing', reason: 'r', requestedBy: 'x', legalGround: 'y', at: 'z' }),
    ).toMatchObject({ code: 'DOSSIER_CLOSED' });
  });
  it('marks the result ready only when no step is in progress, early/on time/late against the appointment', () => {
    expect(
      when(given(...holding()), { type: 'MarkResultReady', at: '2025-03-05T01:00:00.000Z' }),
    ).toMatchObject({ code: 'STEPS_PENDING' });
    const done = given(...holding(), {
      type: 'CompleteStep',
      stepId: 'residence',
      agency: POLICE,
      at: '2025-03-04T01:00:00.000Z',
      result: 'ok',
    });
    const timing = (at: string) =>
      ((when(done, { type: 'MarkResultReady', at }) as DossierEvent[])[0] as { data: { timing: string } })
        .data.timing;
    expect([
      timing('2025-03-05T01:00:00.000Z'),
      timing('2025-03-06T02:00:00.000Z'),
      timing('2025-03-06T11:00:00.000Z'),
    ]).toEqual(['early', 'on-time', 'late']);
  });
  it('returns a ready result once, then takes one satisfaction rating from 1 to 5', () => {
    const ready = given(
      ...holding(),
      {
        type: 'CompleteStep',
        stepId: 'residence',
        agency: POLICE,
        at: '2025-03-04T01:00:00.000Z',
        result: 'ok',
      },
      { type: 'MarkResultReady', at: '2025-03-05T01:00:00.000Z' },
    );
    expect(when(given(...holding()), { type: 'ReturnResult', channel: 'counter', at: 'z' })).toMatchObject({
      code: 'RESULT_NOT_READY',
    });
    expect(when(ready, { type: 'RateSatisfaction', score: 5, at: 'z' })).toMatchObject({
      code: 'NOT_RETURNED',
    });
    const returned = given(
      ...holding(),
      {
        type: 'CompleteStep',
        stepId: 'residence',
        agency: POLICE,
        at: '2025-03-04T01:00:00.000Z',
        result: 'ok',
      },
      { type: 'MarkResultReady', at: '2025-03-05T01:00:00.000Z' },
      { type: 'ReturnResult', channel: 'post', at: 'z' },
    );
    expect(
      when(returned, {
        type: 'HandOffStep',
        stepId: 'x',
        fromAgency: UBND,
        toAgency: POLICE,
        at: 'z',
        deadline: 'z',
        previousStepOutcome: null,
      }),
    ).toMatchObject({ code: 'DOSSIER_CLOSED' });
    expect(when(returned, { type: 'RateSatisfaction', score: 6, at: 'z' })).toMatchObject({ code: 'SCORE' });
    const rated = given(
      ...holding(),
      {
        type: 'CompleteStep',
        stepId: 'residence',
        agency: POLICE,
        at: '2025-03-04T01:00:00.000Z',
        result: 'ok',
      },
      { type: 'MarkResultReady', at: '2025-03-05T01:00:00.000Z' },
      { type: 'ReturnResult', channel: 'post', at: 'z' },
      { type: 'RateSatisfaction', score: 4, at: 'z' },
    );
    expect(when(rated, { type: 'RateSatisfaction', score: 5, at: 'z' })).toMatchObject({
      code: 'ALREADY_RATED',
    });
  });
});

describe('event registry', () => {
  it('gives every event the decider can produce a stored type name and schema version', () => {
    expect(Object.keys(DOSSIER_EVENT_TYPES)).toHaveLength(19);
    expect(Object.values(DOSSIER_EVENT_TYPES).every((v) => v === 1)).toBe(true);
  });
});

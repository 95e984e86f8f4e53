import type { ReceiveDossier } from '../domain/dossier-commands';
import type { DossierEvent, DossierRouting } from '@lien-thong/dossier-model';
import type { ProcedureSnapshot, Timeliness } from '@lien-thong/dossier-model';

/** Test data: a desk, four agencies and a routing with a sequence, parallel branches, a join and returns. */
export const DESK = '000.00.05.H54';
export const COMMUNE = '000.00.71.H29';
export const POLICE = '000.00.72.H29';
export const INSURANCE = '000.00.61.H29';
export const OTHER = '000.00.99.H29';

export const CODE = `${DESK}-251124-0001`;

/**
 * appraise (commune) ─┬─ police-check (police, may return to appraise) ─┬─ sign (commune, may return
 *                     └─ insurance (insurance) ────────────────────────┘   to appraise or police-check)
 *                                                                          └─ return-result (desk)
 */
export const snapshot: ProcedureSnapshot = {
  code: '1.001193',
  version: 3,
  ruleSet: 'decree-118-2025',
  statutoryLimit: { unit: 'workingDays', amount: 4 },
  allowedChannels: ['counter', 'online', 'national-portal', 'other'],
  requiredDocuments: [
    { code: 'to-khai', name: 'Tờ khai', copies: 1, original: true },
    { code: 'giay-chung-sinh', name: 'Giấy chứng sinh', copies: 2 },
  ],
  supplementPolicy: 'pause',
  bundleOf: ['1.001193', '1.004194', '1.002947'],
  steps: [
    { id: 'appraise', ownerAgencyCode: COMMUNE, after: [] },
    { id: 'police-check', ownerAgencyCode: POLICE, after: ['appraise'], canReturnTo: ['appraise'] },
    { id: 'insurance', ownerAgencyCode: INSURANCE, after: ['appraise'] },
    {
      id: 'sign',
      ownerAgencyCode: COMMUNE,
      after: ['police-check', 'insurance'],
      canReturnTo: ['appraise', 'police-check'],
    },
    { id: 'return-result', ownerAgencyCode: DESK, after: ['sign'] },
  ],
};

export const routing: DossierRouting = {
  supplementPolicy: 'pause',
  maxReappointments: 1,
  steps: [
    { id: 'appraise', ownerAgencyCode: COMMUNE, after: [], canReturnTo: [], excludedFromLimit: false },
    {
      id: 'police-check',
      ownerAgencyCode: POLICE,
      after: ['appraise'],
      canReturnTo: ['appraise'],
      excludedFromLimit: false,
    },
    {
      id: 'insurance',
      ownerAgencyCode: INSURANCE,
      after: ['appraise'],
      canReturnTo: [],
      excludedFromLimit: false,
    },
    {
      id: 'sign',
      ownerAgencyCode: COMMUNE,
      after: ['police-check', 'insurance'],
      canReturnTo: ['appraise', 'police-check'],
      excludedFromLimit: false,
    },
    {
      id: 'return-result',
      ownerAgencyCode: DESK,
      after: ['sign'],
      canReturnTo: [],
      excludedFromLimit: false,
    },
  ],
};

/** Monday 24/11/2025, 08:00 in Vietnam; due Friday 28/11 at 17:00. */
export const RECEIVED_AT = '2025-11-24T08:00:00+07:00';
export const DUE_AT = '2025-11-28T17:00:00+07:00';

/** `2025-11-<day>T<hh:mm>:00+07:00` */
export const at = (day: number, time = '09:00'): string =>
  `2025-11-${String(day).padStart(2, '0')}T${time}:00+07:00`;

export const receiveCommand: ReceiveDossier = {
  type: 'ReceiveDossier',
  dossierCode: CODE,
  intakeRef: 'portal-7f3a',
  procedure: snapshot,
  channel: 'counter',
  applicantRef: 'vault:1',
  documents: [
    { code: 'to-khai', copies: 1 },
    { code: 'giay-chung-sinh', copies: 2, original: false },
  ],
  receivedAt: RECEIVED_AT,
  appointmentAt: DUE_AT,
  receivingUnitCode: DESK,
  receivingOfficer: 'officer-17',
};

export const received: DossierEvent = {
  type: 'DossierReceived',
  data: {
    dossierCode: CODE,
    intakeRef: 'portal-7f3a',
    procedure: { code: '1.001193', version: 3, bundleOf: ['1.001193', '1.004194', '1.002947'] },
    ruleSet: 'decree-118-2025',
    statutoryLimit: { unit: 'workingDays', amount: 4 },
    channel: 'counter',
    channelNote: null,
    applicantRef: 'vault:1',
    documents: [
      { code: 'to-khai', name: 'Tờ khai', copies: 1, original: true },
      { code: 'giay-chung-sinh', name: 'Giấy chứng sinh', copies: 2, original: false },
    ],
    receivedAt: RECEIVED_AT,
    appointmentAt: DUE_AT,
    receivingUnitCode: DESK,
    receivingOfficer: 'officer-17',
    collectAtUnitCode: DESK,
    routing,
  },
};

/** The same dossier bound to another routing option (restart policy, more re-appointments). */
export function receivedWith(change: Partial<DossierRouting>): DossierEvent {
  if (received.type !== 'DossierReceived') throw new Error('fixture');
  return { type: 'DossierReceived', data: { ...received.data, routing: { ...routing, ...change } } };
}

export const transferred: DossierEvent = {
  type: 'DossierTransferred',
  data: {
    fromUnitCode: DESK,
    toAgencyCode: COMMUNE,
    transferredAt: at(24, '09:00'),
    dueBy: at(24, '17:00'),
    outcome: 'on-time',
  },
};

export function handedOff(
  stepId: string,
  to: string,
  from: string,
  options: {
    at?: string;
    deadline?: string;
    previousStepId?: string | null;
    previousStepOutcome?: Timeliness | null;
  } = {},
): DossierEvent {
  return {
    type: 'StepHandedOff',
    data: {
      stepId,
      fromAgencyCode: from,
      toAgencyCode: to,
      handedOffAt: options.at ?? at(24, '10:00'),
      deadline: options.deadline ?? at(25, '17:00'),
      previousStepId: options.previousStepId ?? null,
      previousStepOutcome: options.previousStepOutcome ?? null,
    },
  };
}

export function stepReceived(stepId: string, agencyCode: string, receivedAt = at(24, '10:30')): DossierEvent {
  return { type: 'StepReceived', data: { stepId, agencyCode, receivedAt } };
}

export function completed(
  stepId: string,
  agencyCode: string,
  options: { at?: string; deadline?: string; outcome?: Timeliness } = {},
): DossierEvent {
  return {
    type: 'StepCompleted',
    data: {
      stepId,
      agencyCode,
      completedAt: options.at ?? at(25, '09:00'),
      deadline: options.deadline ?? at(25, '17:00'),
      outcome: options.outcome ?? 'on-time',
      resultSummary: 'Đã xử lý',
      attachments: [],
    },
  };
}

/** Accepted, transferred to the commune, and `appraise` handed off to and received by the commune. */
export const appraising: DossierEvent[] = [
  received,
  transferred,
  handedOff('appraise', COMMUNE, COMMUNE),
  stepReceived('appraise', COMMUNE),
];

/** `appraise` done; `police-check` and `insurance` running in parallel, both received. */
export const parallel: DossierEvent[] = [
  ...appraising,
  completed('appraise', COMMUNE),
  handedOff('police-check', POLICE, COMMUNE, {
    at: at(25, '10:00'),
    deadline: at(26, '17:00'),
    previousStepId: 'appraise',
    previousStepOutcome: 'on-time',
  }),
  handedOff('insurance', INSURANCE, COMMUNE, {
    at: at(25, '10:00'),
    deadline: at(26, '17:00'),
    previousStepId: 'appraise',
    previousStepOutcome: 'on-time',
  }),
  stepReceived('police-check', POLICE, at(25, '10:30')),
  stepReceived('insurance', INSURANCE, at(25, '10:30')),
];

/** Every step completed: the result can be marked ready. */
export const allStepsDone: DossierEvent[] = [
  ...parallel,
  completed('police-check', POLICE, { at: at(26, '09:00'), deadline: at(26, '17:00') }),
  completed('insurance', INSURANCE, { at: at(26, '09:00'), deadline: at(26, '17:00') }),
  handedOff('sign', COMMUNE, POLICE, {
    at: at(26, '10:00'),
    deadline: at(27, '17:00'),
    previousStepId: 'police-check',
    previousStepOutcome: 'on-time',
  }),
  stepReceived('sign', COMMUNE, at(26, '10:30')),
  completed('sign', COMMUNE, { at: at(27, '09:00'), deadline: at(27, '17:00') }),
  handedOff('return-result', DESK, COMMUNE, {
    at: at(27, '10:00'),
    deadline: at(27, '17:00'),
    previousStepId: 'sign',
    previousStepOutcome: 'on-time',
  }),
  stepReceived('return-result', DESK, at(27, '10:30')),
  completed('return-result', DESK, { at: at(27, '11:00'), deadline: at(27, '17:00') }),
];

export const resultReady: DossierEvent = {
  type: 'ResultReady',
  data: {
    readyAt: at(27, '11:00'),
    deskUnitCode: DESK,
    dueAt: DUE_AT,
    appointmentAt: DUE_AT,
    outcome: 'early',
    outcomeAgainstAppointment: 'early',
  },
};

export const resultReturned: DossierEvent = {
  type: 'ResultReturned',
  data: { channel: 'counter', returnedAt: at(27, '15:00') },
};

export const stopped: DossierEvent = {
  type: 'ProcessingStopped',
  data: {
    reason: 'Người nộp đề nghị dừng',
    requester: 'applicant',
    requestingAgencyCode: null,
    legalGround: null,
    stoppedAt: at(25, '09:00'),
  },
};

export const withdrawn: DossierEvent = {
  type: 'DossierWithdrawn',
  data: { reason: null, withdrawnAt: at(25, '09:00') },
};

export const refusedAtIntake: DossierEvent = {
  type: 'DossierRefusedAtIntake',
  data: {
    intakeRef: 'counter-12',
    procedure: { code: '1.001193', version: 3 },
    channel: 'counter',
    applicantRef: 'vault:2',
    receivingUnitCode: DESK,
    officer: 'officer-17',
    refusedAt: RECEIVED_AT,
    reasons: ['Không thuộc thẩm quyền giải quyết'],
  },
};

export const supplementRequestedAtIntake: DossierEvent = {
  type: 'DossierSupplementRequestedAtIntake',
  data: {
    intakeRef: 'counter-13',
    procedure: { code: '1.001193', version: 3 },
    channel: 'counter',
    applicantRef: 'vault:3',
    receivingUnitCode: DESK,
    officer: 'officer-17',
    requestedAt: RECEIVED_AT,
    items: [
      { documentCode: 'giay-chung-sinh', action: 'add', description: 'Bổ sung bản chính giấy chứng sinh' },
    ],
    reason: 'Thiếu thành phần hồ sơ',
  },
};

export const supplementRequested: DossierEvent = {
  type: 'SupplementRequested',
  data: {
    stepId: 'appraise',
    agencyCode: COMMUNE,
    requestedAt: at(24, '14:00'),
    items: [{ documentCode: null, action: 'correct', description: 'Sửa ngày sinh trên tờ khai' }],
    reason: 'Thông tin không khớp',
    windowEndsAt: at(27, '10:30'),
  },
};

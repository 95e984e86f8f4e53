/**
 * Dossier (hồ sơ) events. Stored type names are explicit literals, never renamed: a new shape is a new
 * schema version, upcast on read. Events carry no personal data in clear: only `applicantRef`, a
 * reference to the applicant's details sealed per dossier (erasable), and the timing facts.
 */
export type IntakeChannel = 'counter' | 'post' | 'online' | 'national-portal' | 'other';
export type StepOutcome = 'early' | 'on-time' | 'late';

export interface ProcedureRef {
  readonly code: string;
  readonly version: number;
  readonly ruleSet: string;
  readonly supplementPolicy: 'pause' | 'restart';
  readonly maxReappointments: number;
}

export type DossierEvent =
  | {
      type: 'DossierReceived';
      data: {
        code: string;
        procedure: ProcedureRef;
        channel: IntakeChannel;
        applicantRef: string;
        documents: { code: string; copies: number }[];
        receivedAt: string;
        appointmentAt: string;
        receivingUnit: string;
        officer: string;
      };
    }
  | {
      type: 'DossierSupplementRequestedAtIntake';
      data: {
        procedure: ProcedureRef;
        items: { item: string; reason: string }[];
        at: string;
        receivingUnit: string;
        officer: string;
      };
    }
  | {
      type: 'DossierRefusedAtIntake';
      data: {
        procedure: ProcedureRef;
        reasons: string[];
        at: string;
        receivingUnit: string;
        officer: string;
      };
    }
  | { type: 'DossierTransferred'; data: { toAgency: string; at: string } }
  | {
      type: 'StepHandedOff';
      data: {
        stepId: string;
        fromAgency: string;
        toAgency: string;
        at: string;
        deadline: string;
        previousStepOutcome: StepOutcome | null;
      };
    }
  | { type: 'StepReceived'; data: { stepId: string; agency: string; at: string } }
  | {
      type: 'StepCompleted';
      data: { stepId: string; agency: string; at: string; outcome: StepOutcome; result: string };
    }
  | {
      type: 'StepReturned';
      data: { stepId: string; agency: string; toStepId: string; reason: string; at: string };
    }
  | {
      type: 'SupplementRequested';
      data: { stepId: string; agency: string; items: { item: string; reason: string }[]; at: string };
    }
  | { type: 'SupplementReceived'; data: { at: string; clock: 'resumed' | 'restarted' } }
  | { type: 'ExcludedPhaseStarted'; data: { name: string; at: string } }
  | { type: 'ExcludedPhaseEnded'; data: { name: string; at: string } }
  | {
      type: 'StepOverdue';
      data: { stepId: string; responsibleAgency: string; deadline: string; detectedAt: string };
    }
  | {
      type: 'ApologyIssued';
      data: {
        agency: string;
        reason: string;
        originalAppointmentAt: string;
        newAppointmentAt: string;
        signedBy: string;
        at: string;
      };
    }
  | {
      type: 'ProcessingStopped';
      data: { reason: string; requestedBy: string; legalGround: string; at: string };
    }
  | { type: 'DossierWithdrawn'; data: { reason: string; requestedBy: string; at: string } }
  | { type: 'ResultReady'; data: { at: string; timing: StepOutcome } }
  | { type: 'ResultReturned'; data: { channel: 'counter' | 'post' | 'online'; at: string } }
  | { type: 'SatisfactionRated'; data: { score: number; comment?: string; at: string } };

export type DossierEventType = DossierEvent['type'];

/** The registry: every stored type name with its current schema version. */
export const DOSSIER_EVENT_TYPES: Readonly<Record<DossierEventType, number>> = {
  DossierReceived: 1,
  DossierSupplementRequestedAtIntake: 1,
  DossierRefusedAtIntake: 1,
  DossierTransferred: 1,
  StepHandedOff: 1,
  StepReceived: 1,
  StepCompleted: 1,
  StepReturned: 1,
  SupplementRequested: 1,
  SupplementReceived: 1,
  ExcludedPhaseStarted: 1,
  ExcludedPhaseEnded: 1,
  StepOverdue: 1,
  ApologyIssued: 1,
  ProcessingStopped: 1,
  DossierWithdrawn: 1,
  ResultReady: 1,
  ResultReturned: 1,
  SatisfactionRated: 1,
};

export function dossierStream(code: string): string {
  return `dossier-${code}`;
}

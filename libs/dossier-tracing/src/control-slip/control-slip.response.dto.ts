import type { Bilingual } from '../shared/labels';
import { type DossierStatus, type StepJudgement } from '@lien-thong/dossier-model';

export type ControlSlipNoteKind =
  | 'returned'
  | 'reopened'
  | 'supplement-requested'
  | 'supplement-received'
  | 'deadline-moved'
  | 'overdue'
  | 'reminder'
  | 'apology-requested'
  | 'deadlines-recomputed'
  | 'outcome-against-appointment'
  | 'not-counted'
  | 'result-returned'
  | 'excluded-phase-started'
  | 'excluded-phase-ended'
  | 'apology'
  | 'escalated'
  | 'stopped'
  | 'withdrawn';

export interface ControlSlipNote {
  readonly kind: ControlSlipNoteKind;
  readonly at: string;
  readonly text: Bilingual;
  /** The written reason, where the event has one (internal form: not for public views). */
  readonly reason: string | null;
}

/**
 * One handoff: the desk's transfer to the lead agency, a step handed to an agency, a step handed
 * back (return), or the result back at the desk (last row).
 */
export interface ControlSlipRow {
  readonly seq: number;
  readonly kind: 'transfer' | 'handoff' | 'return' | 'result';
  /** Null for the transfer and the result rows. */
  readonly stepId: string | null;
  readonly fromAgencyCode: string;
  readonly toAgencyCode: string;
  readonly handedOffAt: string;
  /** When the receiving agency acknowledged it (StepReceived); null until then. */
  readonly receivedAt: string | null;
  readonly deadline: string;
  /**
   * The step whose completion this handoff follows, and how it finished (early / on time / late), or
   * `not-counted` for a step excluded from the limit (the applicant's time: nobody is judged on it).
   */
  readonly previousStepId: string | null;
  readonly previousStepOutcome: StepJudgement | null;
  /**
   * When the work handed over in this row was finished, and how against its deadline; `not-counted`
   * for a step excluded from the limit (a `not-counted` note says how it went against its own period).
   */
  readonly completedAt: string | null;
  readonly outcome: StepJudgement | null;
  /** When this holder handed the work back instead of completing it. */
  readonly returnedAt: string | null;
  readonly notes: readonly ControlSlipNote[];
}

export interface ControlSlipHeader {
  readonly code: string;
  readonly procedure: {
    readonly code: string;
    readonly version: number;
    readonly bundleOf: readonly string[];
  };
  readonly receivingUnitCode: string;
  readonly receivedAt: string;
  /** Statutory due date (moves with supplements and excluded phases). */
  readonly dueAt: string;
  readonly appointmentAt: string;
  /** Cơ quan chủ trì: where the desk transferred the dossier. */
  readonly leadAgencyCode: string | null;
  /** Cơ quan phối hợp: every other agency that held a step (the desk excluded). */
  readonly coOperatingAgencyCodes: readonly string[];
}

/** Form 06 (phiếu kiểm soát quá trình giải quyết hồ sơ), without the applicant's personal data. */
export interface ControlSlip {
  readonly status: DossierStatus;
  readonly header: ControlSlipHeader;
  readonly rows: readonly ControlSlipRow[];
  /** Dossier-wide events: excluded phases, apology, escalation, stop, withdrawal. */
  readonly notes: readonly ControlSlipNote[];
}

import { Command } from '@nestjs/cqrs';
import { type ApplicantDetails } from '@lien-thong/personal-data';
import { type IntakeChannel, type SupplementItem } from '@lien-thong/dossier-model';

/** What the desk enters for any intake outcome. */
export interface IntakeInput {
  /** The submission's own reference (portal id, counter ticket); makes a retried intake idempotent. */
  readonly intakeRef?: string;
  readonly procedureCode: string;
  /** Default: the latest published version in force. */
  readonly procedureVersion?: number;
  readonly channel: IntakeChannel;
  readonly channelNote?: string;
  readonly receivingUnitCode: string;
  readonly applicant: ApplicantDetails;
  /** The receiving officer (staff reference). */
  readonly officer: string;
}

export interface AcceptIntakeInput extends IntakeInput {
  readonly documents: readonly { code: string; copies: number; original?: boolean }[];
  readonly collectAtUnitCode?: string;
  readonly applicantCommuneCode?: string;
  readonly stepOwners?: Readonly<Record<string, string>>;
  readonly answers?: Readonly<Record<string, unknown>>;
}

/** Everything form 01 prints, as JSON (the PDF and HTML are at `links`). */
export interface ReceiptView {
  readonly dossierCode: string;
  /** The stream revision after the receipt: pass it as `If-Match` for the next action. */
  readonly revision: number;
  /** True when this intake reference had already been received: nothing new was written. */
  readonly alreadyReceived: boolean;
  readonly procedure: { code: string; version: number; name: { vi: string; en?: string } };
  readonly channel: IntakeChannel;
  readonly applicant: ApplicantDetails;
  readonly documents: readonly { code: string; name: string | null; copies: number; original: boolean }[];
  readonly receivedAt: string;
  readonly appointmentAt: string;
  readonly receivingUnit: { code: string; name: string | null };
  readonly collectAt: { code: string; name: string | null };
  readonly receivingOfficer: string;
  /**
   * Mã tra cứu printed on the receipt: with the code, what the applicant gives the public lookup.
   * Null for dossiers received before keys existed.
   */
  readonly lookupKey: string | null;
  readonly links: Readonly<Record<string, string>>;
}

export interface IntakeOutcomeView {
  readonly intakeRef: string;
  readonly outcome: 'supplement-requested' | 'refused';
  readonly form: '02' | '03';
  readonly recordedAt: string;
  readonly links: Readonly<Record<string, string>>;
}

export class ReceiveDossierCommand extends Command<ReceiptView> {
  constructor(readonly input: AcceptIntakeInput) {
    super();
  }
}

export class RequestSupplementAtIntakeCommand extends Command<IntakeOutcomeView> {
  constructor(
    readonly input: IntakeInput,
    readonly items: readonly SupplementItem[],
    readonly reason: string,
  ) {
    super();
  }
}

export class RefuseAtIntakeCommand extends Command<IntakeOutcomeView> {
  constructor(
    readonly input: IntakeInput,
    readonly reasons: readonly string[],
  ) {
    super();
  }
}

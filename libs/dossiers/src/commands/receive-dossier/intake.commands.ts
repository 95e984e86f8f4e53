import { Command } from '@nestjs/cqrs';
import { type ApplicantDetails } from '@lien-thong/personal-data';
import {
  type IntakeChannel,
  type PostalPickup,
  type RuleSetVersion,
  type StatutoryLimitSnapshot,
  type SupplementItem,
} from '@lien-thong/dossier-model';
import type { AttachmentReference } from '@lien-thong/files';
import type { RegisterNumber } from '../../codes/register-number';

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
  readonly documents: readonly {
    code: string;
    copies: number;
    original?: boolean;
    /** Scans uploaded by the receiving unit (POST /files), by id. */
    files?: readonly AttachmentReference[];
  }[];
  readonly collectAtUnitCode?: string;
  readonly applicantCommuneCode?: string;
  readonly stepOwners?: Readonly<Record<string, string>>;
  readonly answers?: Readonly<Record<string, unknown>>;
  /** Số lượng hồ sơ (default 1). */
  readonly sets?: number;
  /** The applicant asks for form 01 (only a procedure whose result is given at once may go without). */
  readonly receiptRequested?: boolean;
  /**
   * A lookup key the applicant already holds (an online filing's, issue 24): the dossier keeps it, so
   * one key follows the filing and then the dossier. Default: a new one.
   */
  readonly lookupKey?: string;
  /** Picked up at the applicant's address by the postal service (channel `post`, issue 24). */
  readonly postalPickup?: PostalPickup;
}

/** Everything form 01 prints, as JSON (the PDF and HTML are at `links`). */
export interface ReceiptView {
  readonly dossierCode: string;
  /** The stream revision after the receipt: pass it as `If-Match` for the next action. */
  readonly revision: number;
  /** True when this intake reference had already been received: nothing new was written. */
  readonly alreadyReceived: boolean;
  readonly procedure: { code: string; version: number; name: { vi: string; en?: string } };
  /** The rule set the dossier follows: the one in force on the day of receipt. */
  readonly ruleSet: RuleSetVersion;
  /** Thời hạn giải quyết theo quy định (null for dossiers received before it was recorded). */
  readonly statutoryLimit: StatutoryLimitSnapshot | null;
  /**
   * Whether form 01 was issued: false only when the result is given at once and the applicant did not
   * ask for it (then `links` has no receipt).
   */
  readonly receiptIssued: boolean;
  /** Vào Sổ theo dõi hồ sơ: the unit's register of the day and the entry in it (from the code). */
  readonly register: RegisterNumber | null;
  readonly channel: IntakeChannel;
  readonly applicant: ApplicantDetails;
  /** Số lượng hồ sơ: sets handed in. */
  readonly sets: number;
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

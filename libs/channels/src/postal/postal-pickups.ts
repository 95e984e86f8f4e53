import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { AGENCY_DIRECTORY, type AgencyDirectory } from '@lien-thong/agencies';
import { CLOCK, type Clock, type ProblemDetail } from '@lien-thong/contracts';
import {
  BoundProcedures,
  ReceiveDossierCommand,
  vietnamIso,
  type AcceptIntakeInput,
  type ReceiptView,
} from '@lien-thong/dossiers';
import {
  PERSONAL_DATA_VAULT,
  checkApplicantDetails,
  type ApplicantDetails,
  type PersonalDataVault,
} from '@lien-thong/personal-data';
import { PG_POOL, runMigrations, type Migration } from '@lien-thong/postgres';
import { isChannelReference, newChannelReference } from '../channel-references';
import { channelError } from '../channels-errors';
import { ChannelUnavailable } from '../http-json';
import type { PostalClient, PostalTrackingStatus } from './postal-client';

export const POSTAL_CLIENT = Symbol.for('lien-thong.PostalClient');
export const POSTAL_PICKUPS_MIGRATIONS_COMPONENT = 'postal-pickups';

/**
 * Dossiers the public postal service picks up at the applicant's address and brings to the desk (thu
 * gom hồ sơ tại nhà, issue 24). The applicant's details are sealed in the vault under the tracking
 * number (the dossier's intake reference, so erasing the dossier's data erases them too); the row keeps
 * the tracking number and, once the desk has received it, the dossier's code.
 */
export const postalPickupsMigrations: readonly Migration[] = [
  {
    id: '0001-postal-pickups',
    sql: `CREATE TABLE postal_pickups (
            pickup_ref          text        PRIMARY KEY,
            receiving_unit_code text        NOT NULL,
            procedure_code      text        NOT NULL,
            applicant_ref       text        NOT NULL,
            tracking_number     text        NOT NULL UNIQUE,
            requested_at        timestamptz NOT NULL,
            -- When the desk first confirmed it has the paper (kept, so a retried receipt is the same request).
            handed_over_at      timestamptz,
            dossier_code        text
          );
          CREATE INDEX postal_pickups_waiting_idx ON postal_pickups (receiving_unit_code, requested_at)
            WHERE dossier_code IS NULL`,
  },
];

export interface PickupInput {
  readonly procedureCode: string;
  readonly receivingUnitCode: string;
  readonly applicant: ApplicantDetails;
}

export interface PickupView {
  readonly pickupRef: string;
  /** Số hiệu bưu gửi: the applicant follows the pick-up with it at the postal service. */
  readonly trackingNumber: string;
  readonly requestedAt: string;
}

/** A pick-up in the desk's list: the applicant (personal data), and where the postal service has it. */
export interface WaitingPickup extends PickupView {
  /** The procedure, with the documents it asks for (what the desk checks when the paper arrives). */
  readonly procedure: {
    readonly code: string;
    readonly name: { vi: string; en?: string } | null;
    readonly requiredDocuments: readonly {
      code: string;
      name: { vi: string; en?: string };
      copies: number;
      original: boolean;
    }[];
  };
  readonly receivingUnitCode: string;
  readonly applicant: ApplicantDetails | 'erased';
  /** What the postal service says now (null when it did not answer). */
  readonly postalStatus: PostalTrackingStatus | null;
}

interface PickupRow {
  pickup_ref: string;
  receiving_unit_code: string;
  procedure_code: string;
  applicant_ref: string;
  tracking_number: string;
  requested_at: Date;
  handed_over_at: Date | null;
  dossier_code: string | null;
}

/**
 * Thu gom hồ sơ tại nhà: the applicant asks for a pick-up (the postal service is booked at once and gives
 * the tracking number), the desk lists the pick-ups of its unit with where each is, and receives the
 * dossier when the paper arrives: as a postal intake (channel `post`, the tracking number as the intake
 * reference), with the pick-up recorded in `DossierReceived`.
 */
@Injectable()
export class PostalPickups {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENCY_DIRECTORY) private readonly agencies: AgencyDirectory,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(POSTAL_CLIENT) private readonly postal: PostalClient | null,
    private readonly procedures: BoundProcedures,
    private readonly commands: CommandBus,
  ) {}

  async migrate(): Promise<void> {
    await runMigrations(this.pool, POSTAL_PICKUPS_MIGRATIONS_COMPONENT, postalPickupsMigrations);
  }

  /** Books a pick-up. Checked first; the postal service booked next (503 if it is down: nothing kept). */
  async request(input: PickupInput): Promise<PickupView> {
    const postal = this.connected();
    const problems: ProblemDetail[] = checkApplicantDetails(input.applicant).map((p) => ({
      ...p,
      path: `applicant.${p.path}`,
    }));
    if (!input.applicant.phone)
      problems.push({
        path: 'applicant.phone',
        code: 'REQUIRED',
        message: 'the postman calls before coming: a phone number is required',
        messageVi: 'cần số điện thoại để nhân viên bưu chính liên hệ trước khi đến',
      });
    const directory = await this.agencies.snapshot();
    if (!directory.exists(input.receivingUnitCode))
      problems.push({
        path: 'receivingUnitCode',
        code: 'UNKNOWN_AGENCY',
        message: `no active unit ${input.receivingUnitCode}`,
      });
    const { definition } = await this.procedures.forIntake(input.procedureCode);
    if (!definition.intakeChannels.includes('post'))
      throw channelError(
        'PICKUP_CHANNEL_NOT_ALLOWED',
        `Procedure ${input.procedureCode} is not received by post (its channels: ${definition.intakeChannels.join(', ')})`,
        `Thủ tục ${input.procedureCode} không tiếp nhận qua bưu chính`,
      );
    if (problems.length > 0)
      throw channelError(
        'PICKUP_INVALID',
        `The pick-up cannot be booked: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}; nothing was kept`,
        'Yêu cầu thu gom chưa hợp lệ (xem danh sách lỗi); chưa có gì được lưu',
        problems,
      );
    const now = this.clock.now();
    const pickupRef = newChannelReference('BC', now);
    const booked = await this.unavailableAs503(() =>
      postal.book({
        reference: pickupRef,
        kind: 'pickup',
        sender: {
          name: input.applicant.fullName,
          address: input.applicant.address,
          phone: input.applicant.phone,
        },
        recipient: { unitCode: input.receivingUnitCode },
      }),
    );
    // Under the tracking number, the dossier's intake reference: erasing the dossier's data erases it too.
    const applicantRef = await this.vault.seal(booked.trackingNumber, input.applicant);
    await this.pool.query(
      `INSERT INTO postal_pickups (pickup_ref, receiving_unit_code, procedure_code, applicant_ref,
                                   tracking_number, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [pickupRef, input.receivingUnitCode, input.procedureCode, applicantRef, booked.trackingNumber, now],
    );
    return { pickupRef, trackingNumber: booked.trackingNumber, requestedAt: vietnamIso(now.getTime()) };
  }

  /** The unit's pick-ups not received yet, oldest first, each with what the postal service says now. */
  async waiting(unitCode: string): Promise<WaitingPickup[]> {
    const { rows } = await this.pool.query<PickupRow>(
      `SELECT * FROM postal_pickups WHERE receiving_unit_code = $1 AND dossier_code IS NULL
        ORDER BY requested_at, pickup_ref LIMIT 200`,
      [unitCode],
    );
    const procedures = new Map<string, Promise<WaitingPickup['procedure']>>();
    const procedureOf = (code: string) => {
      if (!procedures.has(code))
        procedures.set(
          code,
          this.procedures.forIntake(code).then(
            ({ definition }) => ({
              code,
              name: definition.name,
              requiredDocuments: definition.requiredDocuments.map((d) => ({
                code: d.code,
                name: d.name,
                copies: d.copies,
                original: d.original,
              })),
            }),
            () => ({ code, name: null, requiredDocuments: [] }),
          ),
        );
      return procedures.get(code)!;
    };
    return Promise.all(
      rows.map(async (row) => ({
        ...viewOf(row),
        procedure: await procedureOf(row.procedure_code),
        receivingUnitCode: row.receiving_unit_code,
        applicant: await this.vault.open(row.applicant_ref),
        postalStatus: await (
          this.postal?.track(row.tracking_number) ?? Promise.reject(new Error('no postal'))
        )
          .then((v) => v.status)
          .catch(() => null),
      })),
    );
  }

  async unitOf(pickupRef: string): Promise<string> {
    return (await this.existing(pickupRef)).receiving_unit_code;
  }

  /**
   * The paper has arrived: the desk receives the dossier (what it checked of the documents, as at the
   * counter), with the tracking number as the intake reference (a retry answers the same dossier) and the
   * pick-up recorded. Handed over when the postal service says it delivered, or now when it does not say.
   */
  async receive(
    pickupRef: string,
    officer: string,
    desk: Pick<AcceptIntakeInput, 'documents' | 'stepOwners' | 'collectAtUnitCode' | 'applicantCommuneCode'>,
  ): Promise<ReceiptView> {
    const row = await this.existing(pickupRef);
    const applicant = await this.vault.open(row.applicant_ref);
    if (applicant === 'erased')
      throw channelError(
        'PICKUP_ERASED',
        `The applicant's personal data of pick-up ${pickupRef} was erased; receive the dossier at the counter`,
        `Dữ liệu cá nhân của yêu cầu thu gom ${pickupRef} đã bị xóa; hãy tiếp nhận tại quầy`,
      );
    let handedOverAt = row.handed_over_at;
    if (handedOverAt === null) {
      const tracked = await this.postal?.track(row.tracking_number).catch(() => undefined);
      const at = tracked?.status === 'delivered' ? new Date(tracked.at) : this.clock.now();
      const { rows } = await this.pool.query<{ handed_over_at: Date }>(
        `UPDATE postal_pickups SET handed_over_at = coalesce(handed_over_at, $2) WHERE pickup_ref = $1
         RETURNING handed_over_at`,
        [pickupRef, at],
      );
      handedOverAt = rows[0]!.handed_over_at;
    }
    const receipt = await this.commands.execute(
      new ReceiveDossierCommand({
        intakeRef: row.tracking_number,
        procedureCode: row.procedure_code,
        channel: 'post',
        receivingUnitCode: row.receiving_unit_code,
        applicant,
        officer,
        ...desk,
        postalPickup: {
          trackingNumber: row.tracking_number,
          requestedAt: vietnamIso(row.requested_at.getTime()),
          handedOverAt: vietnamIso(handedOverAt.getTime()),
        },
      }),
    );
    await this.pool.query('UPDATE postal_pickups SET dossier_code = $2 WHERE pickup_ref = $1', [
      pickupRef,
      receipt.dossierCode,
    ]);
    return receipt;
  }

  private connected(): PostalClient {
    if (!this.postal)
      throw channelError(
        'POSTAL_NOT_CONNECTED',
        'This system is not connected to a postal service (LIEN_THONG_POSTAL_URL is not set)',
        'Hệ thống chưa kết nối dịch vụ bưu chính công ích',
      );
    return this.postal;
  }

  private async unavailableAs503<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ChannelUnavailable)
        throw channelError(
          'POSTAL_UNAVAILABLE',
          `${error.message}; nothing was kept, try again later`,
          'Không kết nối được dịch vụ bưu chính; chưa có gì được lưu, vui lòng thử lại sau',
        );
      throw error;
    }
  }

  private async existing(pickupRef: string): Promise<PickupRow> {
    const { rows } = isChannelReference('BC', pickupRef)
      ? await this.pool.query<PickupRow>('SELECT * FROM postal_pickups WHERE pickup_ref = $1', [pickupRef])
      : { rows: [] };
    if (!rows[0])
      throw channelError(
        'PICKUP_NOT_FOUND',
        `No postal pick-up ${pickupRef}`,
        `Không có yêu cầu thu gom ${pickupRef}`,
      );
    return rows[0];
  }
}

function viewOf(row: PickupRow): PickupView {
  return {
    pickupRef: row.pickup_ref,
    trackingNumber: row.tracking_number,
    requestedAt: vietnamIso(row.requested_at.getTime()),
  };
}

import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL, type Migration } from '@lien-thong/postgres';

/**
 * Which dossier code an intake reference (portal submission id, counter ticket) was given. It makes a
 * retried intake (the desk's client timed out, the API died after allocating the code) finish the
 * same dossier instead of creating a second one.
 */
export const dossierIntakeMigrations: readonly Migration[] = [
  {
    id: '0001-create-dossier-intakes',
    sql: `CREATE TABLE IF NOT EXISTS dossier_intakes (
            intake_ref   text PRIMARY KEY,
            dossier_code text NOT NULL UNIQUE,
            created_at   timestamptz NOT NULL DEFAULT now()
          )`,
  },
  {
    // Issue 16: a reference is replayed only for the same unit and the same request; before these
    // columns a replay returned the receipt (applicant included) to whoever sent the reference.
    id: '0002-dossier-intakes-owner',
    sql: `ALTER TABLE dossier_intakes ADD COLUMN receiving_unit_code text, ADD COLUMN fingerprint text`,
  },
];

/** The intake an intake reference was bound to: its code, and (since 0002) its unit and request digest. */
export interface BoundIntake {
  readonly dossierCode: string;
  /** Null for references bound before the unit was kept: the receipt's unit tells. */
  readonly receivingUnitCode: string | null;
  readonly fingerprint: string | null;
}

@Injectable()
export class DossierIntakes {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async find(intakeRef: string): Promise<BoundIntake | null> {
    const { rows } = await this.pool.query<IntakeRow>(
      'SELECT dossier_code, receiving_unit_code, fingerprint FROM dossier_intakes WHERE intake_ref = $1',
      [intakeRef],
    );
    return rows[0] ? bound(rows[0]) : null;
  }

  /**
   * Records the code for the reference, with the unit and the request's digest; returns what is
   * recorded, which is another request's intake when that one won the race.
   */
  async bind(
    intakeRef: string,
    intake: { dossierCode: string; receivingUnitCode: string; fingerprint: string },
  ): Promise<BoundIntake> {
    const { rows } = await this.pool.query<IntakeRow>(
      `INSERT INTO dossier_intakes (intake_ref, dossier_code, receiving_unit_code, fingerprint)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (intake_ref) DO UPDATE SET intake_ref = EXCLUDED.intake_ref
       RETURNING dossier_code, receiving_unit_code, fingerprint`,
      [intakeRef, intake.dossierCode, intake.receivingUnitCode, intake.fingerprint],
    );
    return bound(rows[0]!);
  }
}

interface IntakeRow {
  dossier_code: string;
  receiving_unit_code: string | null;
  fingerprint: string | null;
}

function bound(row: IntakeRow): BoundIntake {
  return {
    dossierCode: row.dossier_code,
    receivingUnitCode: row.receiving_unit_code,
    fingerprint: row.fingerprint,
  };
}

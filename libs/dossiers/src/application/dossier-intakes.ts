import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL, type Migration } from '@lien-thong/infrastructure';

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
];

@Injectable()
export class DossierIntakes {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async codeOf(intakeRef: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ dossier_code: string }>(
      'SELECT dossier_code FROM dossier_intakes WHERE intake_ref = $1',
      [intakeRef],
    );
    return rows[0]?.dossier_code ?? null;
  }

  /** Records the code for the reference; returns the code already recorded when another request won. */
  async bind(intakeRef: string, dossierCode: string): Promise<string> {
    const { rows } = await this.pool.query<{ dossier_code: string }>(
      `INSERT INTO dossier_intakes (intake_ref, dossier_code) VALUES ($1, $2)
       ON CONFLICT (intake_ref) DO UPDATE SET intake_ref = EXCLUDED.intake_ref
       RETURNING dossier_code`,
      [intakeRef, dossierCode],
    );
    return rows[0]!.dossier_code;
  }
}

import type { PoolClient } from 'pg';
import type { Migration } from '@lien-thong/postgres';

/**
 * The list of stranded dossiers: an intake met a finished workflow of another deployment (or of the
 * event store's earlier life), so the dossier is not coordinated until an operator acts. Written by
 * the dossier coordination process manager, counted by GET /health (administrators).
 */
export const STRANDED_DOSSIERS_TABLE = 'coordination_stranded_dossiers';

/**
 * The table, as first shipped. Applied as the migrations of the dossier coordination process manager
 * (scope `projection:dossier-coordination`), where deployments have recorded it: it stays there.
 */
export const strandedDossiersMigrations: readonly Migration[] = [
  {
    id: '0001-stranded-dossiers',
    sql: `CREATE TABLE ${STRANDED_DOSSIERS_TABLE} (
                dossier_code        text        PRIMARY KEY,
                received_at         timestamptz NOT NULL,
                workflow_started_at timestamptz NOT NULL,
                namespace           text        NOT NULL,
                detected_at         timestamptz NOT NULL DEFAULT now()
              )`,
  },
];

/** A dossier whose workflow id is taken by another dossier's finished workflow. */
export interface StrandedDossier {
  readonly dossierCode: string;
  /** When the dossier was received (ISO, as recorded). */
  readonly receivedAt: string;
  /** When the foreign workflow started (ISO). */
  readonly workflowStartedAt: string;
  /** The Temporal namespace that holds it. */
  readonly namespace: string;
}

export interface ListedStrandedDossier {
  readonly dossierCode: string;
  readonly receivedAt: Date;
  readonly workflowStartedAt: Date;
  readonly namespace: string;
  readonly detectedAt: Date;
}

/** A pool, or the connection the projection runner lends a process manager. */
export type StrandedDossiersConnection = Pick<PoolClient, 'query'>;

/** Owns `coordination_stranded_dossiers`: lists a stranded dossier, counts and lists them. */
export class StrandedDossiers {
  constructor(private readonly db: StrandedDossiersConnection) {}

  /** Lists a dossier once: a repeat (a replayed batch) changes nothing. */
  async record(dossier: StrandedDossier): Promise<void> {
    await this.db.query(
      `INSERT INTO ${STRANDED_DOSSIERS_TABLE} (dossier_code, received_at, workflow_started_at, namespace)
       VALUES ($1, $2, $3, $4) ON CONFLICT (dossier_code) DO NOTHING`,
      [dossier.dossierCode, dossier.receivedAt, dossier.workflowStartedAt, dossier.namespace],
    );
  }

  /** How many are listed; null while the table does not exist (no worker has created it yet). */
  async count(): Promise<number | null> {
    const { rows: found } = await this.db.query<{ present: boolean }>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [STRANDED_DOSSIERS_TABLE],
    );
    if (!found[0]?.present) return null;
    const { rows } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${STRANDED_DOSSIERS_TABLE}`,
    );
    return rows[0]?.n ?? null;
  }

  /** Every listed dossier, oldest detection first. */
  async list(): Promise<ListedStrandedDossier[]> {
    const { rows } = await this.db.query<{
      dossier_code: string;
      received_at: Date;
      workflow_started_at: Date;
      namespace: string;
      detected_at: Date;
    }>(
      `SELECT dossier_code, received_at, workflow_started_at, namespace, detected_at
         FROM ${STRANDED_DOSSIERS_TABLE} ORDER BY detected_at, dossier_code`,
    );
    return rows.map((r) => ({
      dossierCode: r.dossier_code,
      receivedAt: r.received_at,
      workflowStartedAt: r.workflow_started_at,
      namespace: r.namespace,
      detectedAt: r.detected_at,
    }));
  }
}

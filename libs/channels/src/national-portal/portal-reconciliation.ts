import type { Pool } from 'pg';
import type { PortalClient } from './portal-client';
import { portalDossiers } from './portal-status-outbox';
import type { PortalStatus } from './portal-statuses';

export interface PortalMismatch {
  readonly portalId: string;
  readonly dossierCode: string | null;
  /** The last status we hold for it (pushed or still to push); null: we have no such dossier. */
  readonly ours: { readonly status: PortalStatus; readonly sequence: number } | null;
  /** What the portal shows; null: the portal does not know the dossier. */
  readonly portal: { readonly status: PortalStatus | null; readonly sequence: number } | null;
  /** Our push of the missing status is still being retried (it may yet arrive). */
  readonly pushPending: boolean;
  /** Our push of it was given up (the portal refused it, or never answered in time). */
  readonly pushFailed: boolean;
}

export interface PortalReconciliationReport {
  readonly checkedAt: string;
  readonly dossiers: number;
  readonly mismatches: readonly PortalMismatch[];
}

/**
 * Compares what the portal shows of each dossier with what we hold (the last status of each portal
 * dossier, portal-status-outbox.ts), and lists every dossier where they differ: a status the portal
 * never got (a push given up, or lost on its side), a dossier one side does not know.
 */
export async function reconcilePortal(
  pool: Pool,
  portal: PortalClient,
  now: Date,
): Promise<PortalReconciliationReport> {
  const [ours, theirs] = await Promise.all([portalDossiers(pool), portal.dossiers()]);
  const outbox = await pool.query<{ portal_id: string; pending: boolean; failed: boolean }>(
    `SELECT portal_id, bool_or(state = 'pending') AS pending, bool_or(state = 'failed') AS failed
       FROM portal_status_outbox WHERE state <> 'delivered' GROUP BY portal_id`,
  );
  const undelivered = new Map(outbox.rows.map((r) => [r.portal_id, r]));
  const portalById = new Map(theirs.map((d) => [d.portalId, d]));
  const mismatches: PortalMismatch[] = [];
  for (const mine of ours) {
    const seen = portalById.get(mine.portalId);
    portalById.delete(mine.portalId);
    if (seen && seen.sequence === mine.sequence && seen.status === mine.status) continue;
    mismatches.push({
      portalId: mine.portalId,
      dossierCode: mine.dossierCode,
      ours: { status: mine.status, sequence: mine.sequence },
      portal: seen ? { status: seen.status, sequence: seen.sequence } : null,
      pushPending: undelivered.get(mine.portalId)?.pending ?? false,
      pushFailed: undelivered.get(mine.portalId)?.failed ?? false,
    });
  }
  // Dossiers the portal shows as taken in that we have no record of.
  for (const seen of portalById.values()) {
    if (seen.sequence === 0) continue;
    mismatches.push({
      portalId: seen.portalId,
      dossierCode: seen.dossierCode,
      ours: null,
      portal: { status: seen.status, sequence: seen.sequence },
      pushPending: false,
      pushFailed: false,
    });
  }
  return { checkedAt: now.toISOString(), dossiers: ours.length, mismatches };
}

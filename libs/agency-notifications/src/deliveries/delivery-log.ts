import { notificationError } from '../agency-notifications.errors';
import type { Pool } from 'pg';
import { type ProblemDetail } from '@lien-thong/contracts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One notification owed to the agency and what became of it. */
export interface DeliveryLogEntry {
  /** Also the `X-LienThong-Delivery` header and the body's `id`. */
  readonly deliveryId: string;
  readonly type: string;
  readonly dossierCode: string;
  readonly stepId: string | null;
  /** The dossier event it comes from. */
  readonly eventType: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly lastAttemptAt: string | null;
  /** When it is tried next (while pending; during an attempt, when the attempt's lease ends). */
  readonly nextAttemptAt: string | null;
  readonly deliveredAt: string | null;
  readonly createdAt: string;
}

export interface DeliveryLogQuery {
  readonly status?: string;
  readonly limit?: string | number;
}

export const DEFAULT_DELIVERY_LOG_LIMIT = 50;
export const MAX_DELIVERY_LOG_LIMIT = 500;

interface Row {
  id: string;
  kind: string;
  dossier_code: string;
  step_id: string | null;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
}

/** The newest first. */
export async function readDeliveryLog(
  pool: Pool,
  agencyCode: string,
  query: DeliveryLogQuery,
): Promise<DeliveryLogEntry[]> {
  const { status, limit } = parseDeliveryLogQuery(query);
  const { rows } = await pool.query<Row>(
    `SELECT id, kind, dossier_code, step_id, event_type, status, attempts, last_status_code, last_error,
            last_attempt_at, next_attempt_at, delivered_at, created_at
       FROM agency_notification_outbox
      WHERE agency_code = $1 AND ($2::text IS NULL OR status = $2)
      ORDER BY event_position DESC, id
      LIMIT $3`,
    [agencyCode, status, limit],
  );
  return rows.map((r) => ({
    deliveryId: r.id,
    type: r.kind,
    dossierCode: r.dossier_code,
    stepId: r.step_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}

export function parseDeliveryLogQuery(query: DeliveryLogQuery): {
  status: DeliveryStatus | null;
  limit: number;
} {
  const problems: ProblemDetail[] = [];
  let status: DeliveryStatus | null = null;
  if (query.status !== undefined && query.status !== '') {
    if ((DELIVERY_STATUSES as readonly string[]).includes(query.status))
      status = query.status as DeliveryStatus;
    else
      problems.push({
        path: 'status',
        code: 'INVALID',
        message: `status: must be one of ${DELIVERY_STATUSES.join(', ')}`,
      });
  }
  let limit = DEFAULT_DELIVERY_LOG_LIMIT;
  if (query.limit !== undefined && query.limit !== '') {
    const n = Number(query.limit);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_DELIVERY_LOG_LIMIT) limit = n;
    else
      problems.push({
        path: 'limit',
        code: 'INVALID',
        message: `limit: must be a whole number from 1 to ${MAX_DELIVERY_LOG_LIMIT}`,
      });
  }
  if (problems.length > 0)
    throw notificationError(
      'DELIVERY_LOG_QUERY_INVALID',
      problems.map((p) => p.message).join('; '),
      'Tham số tra cứu nhật ký gửi không hợp lệ',
      problems,
    );
  return { status, limit };
}

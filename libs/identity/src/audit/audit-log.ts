import { identityError } from '../identity.errors';
import type { Pool } from 'pg';
import { type ProblemDetail } from '@lien-thong/contracts';
import { runMigrations, type Migration } from '@lien-thong/postgres';

export const auditMigrations: readonly Migration[] = [
  {
    id: '0001-audit-log',
    sql: `CREATE TABLE audit_log (
            id            bigserial PRIMARY KEY,
            at            timestamptz NOT NULL,
            method        text NOT NULL,
            path          text NOT NULL,
            status        integer NOT NULL,
            kind          text NOT NULL,
            person_id     text,
            agency_code   text,
            correlation_id text,
            ip            text,
            duration_ms   integer NOT NULL
          );
          CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
          CREATE INDEX audit_log_agency ON audit_log (agency_code, at DESC);
          CREATE INDEX audit_log_person ON audit_log (person_id, at DESC)`,
  },
  {
    id: '0002-audit-log-claimed-id',
    sql: `ALTER TABLE audit_log ADD COLUMN claimed_id text`,
  },
];

export async function migrateAuditLog(pool: Pool): Promise<void> {
  await runMigrations(pool, 'identity-audit-log', auditMigrations);
}

export const AUDIT_KINDS = ['change', 'auth-failure', 'access-denied', 'personal-data-read'] as const;

export interface AuditEntry {
  readonly at: string;
  readonly method: string;
  /** The path as requested, without the query string (which may carry personal data). */
  readonly path: string;
  readonly status: number;
  /**
   * `change`: a state-changing request; `auth-failure`: a refused credential or token (401);
   * `access-denied`: a caller refused (403: role, unit or agency); `personal-data-read`: an answered
   * read of an applicant's personal data (forms, register, time travel).
   */
  readonly kind: (typeof AUDIT_KINDS)[number];
  readonly personId: string | null;
  /**
   * For a refused login or token request: the person id or client id it claimed (never the password
   * or secret), so that guessing at one account shows in the log.
   */
  readonly claimedId: string | null;
  readonly agencyCode: string | null;
  readonly correlationId: string | null;
  readonly ip: string | null;
  readonly durationMs: number;
}

export interface AuditQuery {
  readonly from?: string;
  readonly to?: string;
  readonly agencyCode?: string;
  readonly personId?: string;
  readonly kind?: string;
  readonly limit?: number;
}

/** The append-only audit log (nhật ký kiểm tra): who changed what, and who failed to authenticate. */
export class AuditLog {
  constructor(private readonly pool: Pool) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit_log (at, method, path, status, kind, person_id, agency_code, correlation_id, ip, duration_ms, claimed_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        entry.at,
        entry.method,
        entry.path.slice(0, 500),
        entry.status,
        entry.kind,
        entry.personId?.slice(0, 200) ?? null,
        entry.agencyCode?.slice(0, 50) ?? null,
        entry.correlationId?.slice(0, 100) ?? null,
        entry.ip,
        entry.durationMs,
        entry.claimedId?.slice(0, 200) ?? null,
      ],
    );
  }

  async list(q: AuditQuery): Promise<AuditEntry[]> {
    const problems: ProblemDetail[] = [];
    const instant = (value: string | undefined, path: string) => {
      if (value !== undefined && Number.isNaN(Date.parse(value)))
        problems.push({ path, code: 'INSTANT', message: `${path} must be an ISO 8601 instant` });
    };
    instant(q.from, 'from');
    instant(q.to, 'to');
    if (q.kind !== undefined && !(AUDIT_KINDS as readonly string[]).includes(q.kind))
      problems.push({
        path: 'kind',
        code: 'UNKNOWN',
        message: `kind must be one of ${AUDIT_KINDS.join(', ')}`,
      });
    const limit = q.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      problems.push({ path: 'limit', code: 'RANGE', message: 'limit must be a whole number from 1 to 1000' });
    if (problems.length > 0)
      throw identityError(
        'AUDIT_QUERY_INVALID',
        'The audit query is not valid',
        'Điều kiện tra cứu nhật ký không hợp lệ',
        problems,
      );
    const rows = await this.pool.query<{
      at: Date;
      method: string;
      path: string;
      status: number;
      kind: AuditEntry['kind'];
      person_id: string | null;
      claimed_id: string | null;
      agency_code: string | null;
      correlation_id: string | null;
      ip: string | null;
      duration_ms: number;
    }>(
      `SELECT * FROM audit_log
        WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
          AND ($3::text IS NULL OR agency_code = $3) AND ($4::text IS NULL OR person_id = $4)
          AND ($5::text IS NULL OR kind = $5)
        ORDER BY at DESC, id DESC LIMIT $6`,
      [q.from ?? null, q.to ?? null, q.agencyCode ?? null, q.personId ?? null, q.kind ?? null, limit],
    );
    return rows.rows.map((r) => ({
      at: r.at.toISOString(),
      method: r.method,
      path: r.path,
      status: r.status,
      kind: r.kind,
      personId: r.person_id,
      claimedId: r.claimed_id,
      agencyCode: r.agency_code,
      correlationId: r.correlation_id,
      ip: r.ip,
      durationMs: r.duration_ms,
    }));
  }
}

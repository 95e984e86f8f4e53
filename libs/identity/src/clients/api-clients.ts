import { agencyNotFound } from '@lien-thong/agencies';
import { identityError } from '../identity.errors';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { type DomainError } from '@lien-thong/contracts';
import type { AgencyDirectory } from '@lien-thong/agencies';
import { runMigrations, type Migration } from '@lien-thong/postgres';
import { digestClientSecret, verifyClientSecret } from '../hashing/client-secret-digests';
import type { TokenRevocations } from '../tokens/token-revocations';

const SECRET_PREFIX = 'lts_';
/** After a rotation the previous secret keeps working this long, so the agency can switch over. */
export const DEFAULT_ROTATION_GRACE_MS = 24 * 3_600_000;

export const apiClientMigrations: readonly Migration[] = [
  {
    id: '0001-api-clients',
    sql: `CREATE TABLE api_clients (
            client_id            text PRIMARY KEY,
            agency_code          text NOT NULL,
            description          text NOT NULL,
            secret_salt          bytea NOT NULL,
            secret_hash          bytea NOT NULL,
            previous_salt        bytea,
            previous_hash        bytea,
            previous_valid_until timestamptz,
            created_at           timestamptz NOT NULL DEFAULT now(),
            rotated_at           timestamptz,
            revoked_at           timestamptz
          );
          CREATE INDEX api_clients_agency ON api_clients (agency_code)`,
  },
  {
    // Self-describing digests instead of a salt and a hash whose parameters were implied (Node's scrypt
    // defaults, written out here). New ones are SHA-256 (client-secret-digests.ts); these verify until
    // their next use, which replaces them.
    id: '0002-api-clients-secret-digests',
    sql: `ALTER TABLE api_clients ADD COLUMN secret_digest text, ADD COLUMN previous_digest text;
          UPDATE api_clients SET
            secret_digest = 'scrypt$16384$8$1$' || translate(encode(secret_salt, 'base64'), E'\\n', '')
              || '$' || translate(encode(secret_hash, 'base64'), E'\\n', ''),
            previous_digest = 'scrypt$16384$8$1$' || translate(encode(previous_salt, 'base64'), E'\\n', '')
              || '$' || translate(encode(previous_hash, 'base64'), E'\\n', '');
          ALTER TABLE api_clients ALTER COLUMN secret_digest SET NOT NULL;
          ALTER TABLE api_clients DROP COLUMN secret_salt, DROP COLUMN secret_hash,
            DROP COLUMN previous_salt, DROP COLUMN previous_hash`,
  },
  {
    // The roles a client's tokens carry: agency-officer (every client, as before), and agency-head for
    // the agency's software that signs for its head (form 04), chosen by the administrator.
    id: '0003-api-clients-roles',
    sql: `ALTER TABLE api_clients ADD COLUMN roles text[] NOT NULL DEFAULT ARRAY['agency-officer']`,
  },
];

/** The roles an agency's software may act in: every client is an officer; some sign for the head. */
export const API_CLIENT_ROLES = ['agency-officer', 'agency-head'] as const;
export type ApiClientRole = (typeof API_CLIENT_ROLES)[number];

export async function migrateApiClients(pool: Pool): Promise<void> {
  await runMigrations(pool, 'identity-api-clients', apiClientMigrations);
}

export interface ApiClientView {
  readonly clientId: string;
  readonly agencyCode: string;
  readonly description: string;
  /** What its tokens carry: agency-officer, and agency-head when it signs for the agency's head. */
  readonly roles: readonly ApiClientRole[];
  readonly createdAt: string;
  readonly rotatedAt: string | null;
  readonly revokedAt: string | null;
  /** Until when the secret before the last rotation is still accepted. */
  readonly previousSecretValidUntil: string | null;
}

export interface IssuedSecret {
  readonly clientId: string;
  /** Shown this once: only its digest is kept. */
  readonly clientSecret: string;
}

interface ClientRow {
  client_id: string;
  agency_code: string;
  description: string;
  roles: ApiClientRole[];
  secret_digest: string;
  previous_digest: string | null;
  previous_valid_until: Date | null;
  created_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/**
 * Agency API clients (phần mềm của cơ quan): an id and a secret per connected system, for one agency.
 * Secrets are random (256 bits), shown once, stored as SHA-256 digests (client-secret-digests.ts)
 * and compared in constant time. Rotation issues a new secret and keeps the previous one valid for a grace
 * period; revocation ends both at once. A client belongs to its agency: deactivating the agency revokes
 * it, re-coding the agency moves it to the new code.
 */
export class ApiClients {
  constructor(
    private readonly pool: Pool,
    private readonly directory: AgencyDirectory,
    private readonly now: () => number = Date.now,
    /** Told of a revocation, so that this process refuses the client's tokens at once. */
    private readonly revocations?: TokenRevocations,
  ) {}

  async create(agencyCode: string, description: string, roles: unknown = undefined): Promise<IssuedSecret> {
    const problems = [];
    const granted = clientRoles(roles);
    if (granted === null)
      problems.push({
        path: 'roles',
        code: 'ROLES',
        message: `roles, when given, is a list of ${API_CLIENT_ROLES.join(', ')} (agency-officer is always held)`,
      });
    if (typeof agencyCode !== 'string' || agencyCode.trim() === '')
      problems.push({ path: 'agencyCode', code: 'REQUIRED', message: 'agencyCode is required' });
    if (typeof description !== 'string' || description.trim() === '' || description.length > 200)
      problems.push({
        path: 'description',
        code: 'REQUIRED',
        message: 'description is required (what system connects, at most 200 characters)',
      });
    if (problems.length > 0)
      throw identityError(
        'API_CLIENT_INVALID',
        'The API client is not valid; nothing was created',
        'Thông tin ứng dụng kết nối không hợp lệ; chưa tạo',
        problems,
      );
    if (!(await this.directory.snapshot()).get(agencyCode)) throw agencyNotFound(agencyCode);
    const clientId = `ltc_${randomUUID().replaceAll('-', '')}`;
    const secret = newSecret();
    await this.pool.query(
      `INSERT INTO api_clients (client_id, agency_code, description, secret_digest, created_at, roles)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [clientId, agencyCode, description.trim(), digestClientSecret(secret), new Date(this.now()), granted],
    );
    return { clientId, clientSecret: secret };
  }

  /**
   * The client, when the id and secret match an active client (the current or, in grace, the previous
   * secret) of an agency that is active and has not been deactivated or re-coded since the client was
   * registered (the directory decides, even if the revocation that follows such a change was lost).
   */
  async authenticate(clientId: string, secret: string): Promise<ApiClientView | null> {
    if (typeof clientId !== 'string' || typeof secret !== 'string' || !secret.startsWith(SECRET_PREFIX))
      return null;
    const row = await this.row(clientId);
    // Computed for an unknown or revoked client too: the timing does not tell which client ids exist.
    const current = await verifyClientSecret(secret, row?.secret_digest ?? null);
    if (!row || row.revoked_at !== null) return null;
    let matched: 'secret_digest' | 'previous_digest' | null = current.ok ? 'secret_digest' : null;
    let upgrade = current.upgrade;
    const inGrace = row.previous_valid_until !== null && row.previous_valid_until.getTime() > this.now();
    if (!matched && inGrace && row.previous_digest !== null) {
      const previous = await verifyClientSecret(secret, row.previous_digest);
      if (previous.ok) [matched, upgrade] = ['previous_digest', previous.upgrade];
    }
    if (!matched || !(await this.agencyStillHolds(row))) return null;
    if (upgrade)
      // Only if the digest is still the one checked: a rotation meanwhile wins.
      await this.pool.query(
        `UPDATE api_clients SET ${matched} = $3 WHERE client_id = $1 AND ${matched} = $2`,
        [clientId, row[matched], digestClientSecret(secret)],
      );
    return view(row);
  }

  async rotate(clientId: string, graceMs = DEFAULT_ROTATION_GRACE_MS): Promise<IssuedSecret> {
    if (!Number.isInteger(graceMs) || graceMs < 0 || graceMs > 30 * 24 * 3_600_000)
      throw identityError(
        'API_CLIENT_INVALID',
        'graceSeconds must be a whole number from 0 to 30 days',
        'Thời gian chuyển tiếp không hợp lệ',
        [{ path: 'graceSeconds', code: 'RANGE', message: 'from 0 to 2592000' }],
      );
    const secret = newSecret();
    const result = await this.pool.query(
      `UPDATE api_clients
          SET previous_digest = secret_digest, previous_valid_until = $2, secret_digest = $3, rotated_at = $4
        WHERE client_id = $1 AND revoked_at IS NULL`,
      [clientId, new Date(this.now() + graceMs), digestClientSecret(secret), new Date(this.now())],
    );
    if (result.rowCount === 0) throw await this.missing(clientId);
    return { clientId, clientSecret: secret };
  }

  async revoke(clientId: string): Promise<ApiClientView> {
    const result = await this.pool.query<ClientRow>(
      `UPDATE api_clients SET revoked_at = COALESCE(revoked_at, $2), previous_valid_until = NULL
        WHERE client_id = $1 RETURNING *`,
      [clientId, new Date(this.now())],
    );
    const row = result.rows[0];
    if (!row) throw await this.missing(clientId);
    this.revocations?.forget('client', clientId);
    return view(row);
  }

  /** The agency was deactivated: every client of it is revoked, and its tokens refused. */
  async revokeAgency(agencyCode: string): Promise<void> {
    const revoked = await this.pool.query<{ client_id: string }>(
      `UPDATE api_clients SET revoked_at = $2, previous_valid_until = NULL
        WHERE agency_code = $1 AND revoked_at IS NULL RETURNING client_id`,
      [agencyCode, new Date(this.now())],
    );
    for (const { client_id } of revoked.rows) this.revocations?.forget('client', client_id);
  }

  /**
   * The agency was re-coded: its clients keep their secrets and act for it under the new code. Their
   * tokens carry the old code and are refused (TokenRevocations); the next token carries the new one.
   */
  async moveAgency(from: string, to: string): Promise<void> {
    const moved = await this.pool.query<{ client_id: string }>(
      'UPDATE api_clients SET agency_code = $2 WHERE agency_code = $1 RETURNING client_id',
      [from, to],
    );
    for (const { client_id } of moved.rows) this.revocations?.forget('client', client_id);
  }

  async list(agencyCode?: string): Promise<ApiClientView[]> {
    const result = await this.pool.query<ClientRow>(
      `SELECT * FROM api_clients WHERE ($1::text IS NULL OR agency_code = $1) ORDER BY created_at, client_id`,
      [agencyCode ?? null],
    );
    return result.rows.map(view);
  }

  private async row(clientId: string): Promise<ClientRow | undefined> {
    return (await this.pool.query<ClientRow>('SELECT * FROM api_clients WHERE client_id = $1', [clientId]))
      .rows[0];
  }

  private async agencyStillHolds(row: ClientRow): Promise<boolean> {
    const directory = await this.directory.snapshot();
    const retired = directory.retirement(row.agency_code);
    return (
      directory.get(row.agency_code) !== undefined &&
      (retired === undefined || Date.parse(retired.at) < row.created_at.getTime())
    );
  }

  private missing(clientId: string): Promise<DomainError> {
    return Promise.resolve(
      identityError(
        'API_CLIENT_NOT_FOUND',
        `No active API client ${clientId}`,
        `Không có ứng dụng kết nối ${clientId} đang hoạt động`,
      ),
    );
  }
}

/** The roles asked for, agency-officer always among them; null when `roles` is not a list of them. */
function clientRoles(roles: unknown): ApiClientRole[] | null {
  if (roles === undefined) return ['agency-officer'];
  if (!Array.isArray(roles) || roles.length > API_CLIENT_ROLES.length) return null;
  if (!roles.every((r) => (API_CLIENT_ROLES as readonly unknown[]).includes(r))) return null;
  return API_CLIENT_ROLES.filter((r) => r === 'agency-officer' || roles.includes(r));
}

function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function view(row: ClientRow): ApiClientView {
  return {
    clientId: row.client_id,
    agencyCode: row.agency_code,
    description: row.description,
    roles: row.roles,
    createdAt: row.created_at.toISOString(),
    rotatedAt: row.rotated_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    previousSecretValidUntil: row.previous_valid_until?.toISOString() ?? null,
  };
}

import { randomBytes, randomUUID, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Pool } from 'pg';
import { DomainError } from '@lien-thong/contracts';
import type { AgencyDirectory } from '@lien-thong/agencies';
import { runMigrations, type Migration } from '@lien-thong/infrastructure';
import type { TokenRevocations } from '../tokens/token-revocations';

const scrypt = promisify(scryptCallback) as (secret: string, salt: Buffer, length: number) => Promise<Buffer>;
const HASH_BYTES = 32;
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
];

export async function migrateApiClients(pool: Pool): Promise<void> {
  await runMigrations(pool, 'identity-api-clients', apiClientMigrations);
}

export interface ApiClientView {
  readonly clientId: string;
  readonly agencyCode: string;
  readonly description: string;
  readonly createdAt: string;
  readonly rotatedAt: string | null;
  readonly revokedAt: string | null;
  /** Until when the secret before the last rotation is still accepted. */
  readonly previousSecretValidUntil: string | null;
}

export interface IssuedSecret {
  readonly clientId: string;
  /** Shown this once: only its scrypt hash is kept. */
  readonly clientSecret: string;
}

interface ClientRow {
  client_id: string;
  agency_code: string;
  description: string;
  secret_salt: Buffer;
  secret_hash: Buffer;
  previous_salt: Buffer | null;
  previous_hash: Buffer | null;
  previous_valid_until: Date | null;
  created_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/**
 * Agency API clients (phần mềm của cơ quan): an id and a secret per connected system, for one agency.
 * Secrets are random (256 bits), shown once, stored as scrypt hashes with a salt each and compared in
 * constant time. Rotation issues a new secret and keeps the previous one valid for a grace period;
 * revocation ends both at once.
 */
export class ApiClients {
  constructor(
    private readonly pool: Pool,
    private readonly directory: AgencyDirectory,
    private readonly now: () => number = Date.now,
    /** Told of a revocation, so that this process refuses the client's tokens at once. */
    private readonly revocations?: TokenRevocations,
  ) {}

  async create(agencyCode: string, description: string): Promise<IssuedSecret> {
    const problems = [];
    if (typeof agencyCode !== 'string' || agencyCode.trim() === '')
      problems.push({ path: 'agencyCode', code: 'REQUIRED', message: 'agencyCode is required' });
    if (typeof description !== 'string' || description.trim() === '' || description.length > 200)
      problems.push({
        path: 'description',
        code: 'REQUIRED',
        message: 'description is required (what system connects, at most 200 characters)',
      });
    if (problems.length > 0)
      throw new DomainError(
        'validation',
        'API_CLIENT_INVALID',
        'The API client is not valid; nothing was created',
        'Thông tin ứng dụng kết nối không hợp lệ; chưa tạo',
        problems,
      );
    if (!(await this.directory.snapshot()).get(agencyCode))
      throw new DomainError(
        'not-found',
        'AGENCY_NOT_FOUND',
        `No active agency ${agencyCode} in the directory`,
        `Không có cơ quan ${agencyCode} trong danh mục`,
      );
    const clientId = `ltc_${randomUUID().replaceAll('-', '')}`;
    const secret = newSecret();
    const salt = randomBytes(16);
    await this.pool.query(
      `INSERT INTO api_clients (client_id, agency_code, description, secret_salt, secret_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [clientId, agencyCode, description.trim(), salt, await hash(secret, salt), new Date(this.now())],
    );
    return { clientId, clientSecret: secret };
  }

  /** The client, when the id and secret match an active client (the current or, in grace, the previous secret). */
  async authenticate(clientId: string, secret: string): Promise<ApiClientView | null> {
    if (typeof clientId !== 'string' || typeof secret !== 'string' || !secret.startsWith(SECRET_PREFIX))
      return null;
    const row = await this.row(clientId);
    if (!row || row.revoked_at !== null) {
      // As long as a real check: the answer's timing does not tell which client ids exist.
      await hash(secret, randomBytes(16));
      return null;
    }
    if (await matches(secret, row.secret_salt, row.secret_hash)) return view(row);
    const inGrace = row.previous_valid_until !== null && row.previous_valid_until.getTime() > this.now();
    if (
      inGrace &&
      row.previous_salt &&
      row.previous_hash &&
      (await matches(secret, row.previous_salt, row.previous_hash))
    )
      return view(row);
    return null;
  }

  async rotate(clientId: string, graceMs = DEFAULT_ROTATION_GRACE_MS): Promise<IssuedSecret> {
    if (!Number.isInteger(graceMs) || graceMs < 0 || graceMs > 30 * 24 * 3_600_000)
      throw new DomainError(
        'validation',
        'API_CLIENT_INVALID',
        'graceSeconds must be a whole number from 0 to 30 days',
        'Thời gian chuyển tiếp không hợp lệ',
        [{ path: 'graceSeconds', code: 'RANGE', message: 'from 0 to 2592000' }],
      );
    const secret = newSecret();
    const salt = randomBytes(16);
    const result = await this.pool.query(
      `UPDATE api_clients
          SET previous_salt = secret_salt, previous_hash = secret_hash, previous_valid_until = $2,
              secret_salt = $3, secret_hash = $4, rotated_at = $5
        WHERE client_id = $1 AND revoked_at IS NULL`,
      [clientId, new Date(this.now() + graceMs), salt, await hash(secret, salt), new Date(this.now())],
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

  private missing(clientId: string): Promise<DomainError> {
    return Promise.resolve(
      new DomainError(
        'not-found',
        'API_CLIENT_NOT_FOUND',
        `No active API client ${clientId}`,
        `Không có ứng dụng kết nối ${clientId} đang hoạt động`,
      ),
    );
  }
}

function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

function hash(secret: string, salt: Buffer): Promise<Buffer> {
  return scrypt(secret, salt, HASH_BYTES);
}

async function matches(secret: string, salt: Buffer, expected: Buffer): Promise<boolean> {
  const actual = await hash(secret, salt);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function view(row: ClientRow): ApiClientView {
  return {
    clientId: row.client_id,
    agencyCode: row.agency_code,
    description: row.description,
    createdAt: row.created_at.toISOString(),
    rotatedAt: row.rotated_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    previousSecretValidUntil: row.previous_valid_until?.toISOString() ?? null,
  };
}

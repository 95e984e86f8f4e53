import { identityError } from '../identity.errors';
import type { Pool } from 'pg';
import { DomainError, type ProblemDetail } from '@lien-thong/contracts';
import type { AgencyDirectory } from '@lien-thong/agencies';
import { ROLES, type Role } from '@lien-thong/access';
import { runMigrations, type Migration } from '@lien-thong/postgres';
import type { TokenRevocations } from '../tokens/token-revocations';
import { hashPassword, verifyPassword } from '../hashing/password-hashing';

const MIN_PASSWORD = 12;
/** Person ids are references in the record (events name them): plain, and never like a client's. */
const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;
/** Roles held for one agency (or unit): a user holding one must belong to an agency. */
const AGENCY_ROLES: readonly Role[] = ['reception-officer', 'agency-officer', 'agency-head'];

export const staffMigrations: readonly Migration[] = [
  {
    id: '0001-staff-users',
    sql: `CREATE TABLE staff_users (
            person_id     text PRIMARY KEY,
            display_name  text NOT NULL,
            agency_code   text,
            roles         text[] NOT NULL,
            password_salt bytea NOT NULL,
            password_hash bytea NOT NULL,
            created_at    timestamptz NOT NULL DEFAULT now(),
            disabled_at   timestamptz
          )`,
  },
  {
    // Tokens issued before a password change stop working (see TokenRevocations).
    id: '0002-staff-users-password-changed-at',
    sql: `ALTER TABLE staff_users ADD COLUMN password_changed_at timestamptz`,
  },
  {
    // One self-describing hash (scrypt$N$r$p$salt$hash) instead of a salt and a hash whose parameters
    // were implied: the earlier ones were Node's defaults, written out here. They keep verifying and
    // are re-hashed at today's cost at their next login (password-hashing.ts).
    id: '0003-staff-users-self-describing-password-hash',
    sql: `ALTER TABLE staff_users ADD COLUMN password text;
          UPDATE staff_users SET password = 'scrypt$16384$8$1$'
            || translate(encode(password_salt, 'base64'), E'\\n', '') || '$'
            || translate(encode(password_hash, 'base64'), E'\\n', '');
          ALTER TABLE staff_users ALTER COLUMN password SET NOT NULL;
          ALTER TABLE staff_users DROP COLUMN password_salt, DROP COLUMN password_hash;
          ALTER TABLE staff_users RENAME COLUMN password TO password_hash`,
  },
];

export async function migrateStaffUsers(pool: Pool): Promise<void> {
  await runMigrations(pool, 'identity-staff-users', staffMigrations);
}

export interface StaffUserView {
  readonly personId: string;
  readonly displayName: string;
  readonly agencyCode: string | null;
  readonly roles: readonly Role[];
  readonly createdAt: string;
  readonly disabledAt: string | null;
}

export interface NewStaffUser {
  readonly personId?: unknown;
  readonly displayName?: unknown;
  readonly agencyCode?: unknown;
  readonly roles?: unknown;
  readonly password?: unknown;
}

interface Row {
  person_id: string;
  display_name: string;
  agency_code: string | null;
  roles: Role[];
  /** `scrypt$N$r$p$salt$hash` (password-hashing.ts). */
  password_hash: string;
  created_at: Date;
  disabled_at: Date | null;
}

/** Staff users (cán bộ): a person id, the roles they hold, the agency they work for, a password hash. */
export class StaffUsers {
  constructor(
    private readonly pool: Pool,
    /** Without one (bootstrap), agency codes are not checked against the directory. */
    private readonly directory?: AgencyDirectory,
    /** Told of a disabled account or a new password, so that this process refuses old tokens at once. */
    private readonly revocations?: TokenRevocations,
    private readonly now: () => number = Date.now,
  ) {}

  async create(input: NewStaffUser): Promise<StaffUserView> {
    const problems: ProblemDetail[] = [];
    const text = (v: unknown, path: string, max: number) => {
      if (typeof v !== 'string' || v.trim() === '' || v.length > max)
        problems.push({
          path,
          code: 'REQUIRED',
          message: `${path} is required (at most ${max} characters)`,
          messageVi: `không được để trống (tối đa ${max} ký tự)`,
        });
    };
    if (typeof input.personId !== 'string' || !PERSON_ID.test(input.personId))
      problems.push({
        path: 'personId',
        code: 'FORMAT',
        message:
          'personId: letters, digits and . _ @ - only, at most 100 characters, not starting with a sign',
        messageVi: 'chỉ gồm chữ, chữ số và . _ @ -, tối đa 100 ký tự, không bắt đầu bằng ký hiệu',
      });
    text(input.displayName, 'displayName', 200);
    const agencyCode = input.agencyCode ?? null;
    if (agencyCode !== null) text(agencyCode, 'agencyCode', 50);
    const roles = Array.isArray(input.roles) ? (input.roles as unknown[]) : [];
    if (roles.length === 0)
      problems.push({
        path: 'roles',
        code: 'REQUIRED',
        message: `roles: one or more of ${ROLES.join(', ')}`,
        messageVi: `chọn ít nhất một vai trò: ${ROLES.join(', ')}`,
      });
    roles.forEach((r, i) => {
      if (!(ROLES as readonly unknown[]).includes(r))
        problems.push({
          path: `roles[${i}]`,
          code: 'UNKNOWN',
          message: `unknown role (known: ${ROLES.join(', ')})`,
          messageVi: `vai trò không tồn tại (có: ${ROLES.join(', ')})`,
        });
    });
    const agencyRoles = roles.filter((r) => (AGENCY_ROLES as readonly unknown[]).includes(r));
    if (agencyRoles.length > 0 && agencyCode === null)
      problems.push({
        path: 'agencyCode',
        code: 'REQUIRED',
        message: `agencyCode is required for ${agencyRoles.join(', ')} (they act for one agency)`,
        messageVi: `cần mã cơ quan cho vai trò ${agencyRoles.join(', ')} (làm việc cho một cơ quan)`,
      });
    else if (
      typeof agencyCode === 'string' &&
      this.directory &&
      !(await this.directory.snapshot()).get(agencyCode)
    )
      problems.push({
        path: 'agencyCode',
        code: 'UNKNOWN',
        message: `no active agency ${agencyCode} in the directory`,
        messageVi: `danh bạ không có cơ quan ${agencyCode} đang hoạt động`,
      });
    if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD)
      problems.push({
        path: 'password',
        code: 'TOO_SHORT',
        message: `password must have at least ${MIN_PASSWORD} characters`,
        messageVi: `mật khẩu phải có ít nhất ${MIN_PASSWORD} ký tự`,
      });
    if (problems.length > 0)
      throw identityError(
        'STAFF_USER_INVALID',
        'The staff user is not valid; nothing was created',
        'Thông tin cán bộ không hợp lệ; chưa tạo',
        problems,
      );
    const hash = await hashPassword(input.password as string);
    const result = await this.pool.query<Row>(
      `INSERT INTO staff_users (person_id, display_name, agency_code, roles, password_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id) DO NOTHING RETURNING *`,
      [input.personId, (input.displayName as string).trim(), agencyCode, [...new Set(roles)], hash],
    );
    const row = result.rows[0];
    if (!row)
      throw identityError(
        'STAFF_USER_EXISTS',
        `Staff user ${String(input.personId)} already exists`,
        'Cán bộ này đã có tài khoản',
      );
    return view(row);
  }

  /**
   * The user, when the password matches an active account whose agency (if any) is active; null
   * otherwise (same time either way). A hash made with older parameters is replaced by one at today's
   * cost, now that the password is known.
   */
  async authenticate(personId: unknown, password: unknown): Promise<StaffUserView | null> {
    if (typeof personId !== 'string' || typeof password !== 'string') return null;
    const row = (await this.pool.query<Row>('SELECT * FROM staff_users WHERE person_id = $1', [personId]))
      .rows[0];
    const check = await verifyPassword(password, row?.password_hash ?? null);
    if (!row || row.disabled_at !== null || !check.ok) return null;
    // A deactivated or re-coded agency: its staff get no token for it (a reissue moves them first).
    if (row.agency_code !== null && this.directory && !(await this.directory.snapshot()).get(row.agency_code))
      return null;
    if (check.rehash)
      // Only if the hash is still the one checked: a new password set meanwhile wins.
      await this.pool.query(
        'UPDATE staff_users SET password_hash = $3 WHERE person_id = $1 AND password_hash = $2',
        [personId, row.password_hash, await hashPassword(password)],
      );
    return view(row);
  }

  /** Disables the account at once: no more logins, and its tokens are refused (TokenRevocations). */
  async disable(personId: string, at: Date): Promise<StaffUserView> {
    const row = (
      await this.pool.query<Row>(
        'UPDATE staff_users SET disabled_at = COALESCE(disabled_at, $2) WHERE person_id = $1 RETURNING *',
        [personId, at],
      )
    ).rows[0];
    if (!row) throw notFound(personId);
    this.revocations?.forget('staff', personId);
    return view(row);
  }

  /** A new password chosen by an administrator (at least 12 characters); the old one stops working. */
  async setPassword(personId: string, password: unknown): Promise<StaffUserView> {
    if (typeof password !== 'string' || password.length < MIN_PASSWORD)
      throw identityError(
        'STAFF_USER_INVALID',
        'The new password is not valid; nothing was changed',
        'Mật khẩu mới không hợp lệ; chưa thay đổi',
        [
          {
            path: 'password',
            code: 'TOO_SHORT',
            message: `password must have at least ${MIN_PASSWORD} characters`,
            messageVi: `mật khẩu phải có ít nhất ${MIN_PASSWORD} ký tự`,
          },
        ],
      );
    const row = (
      await this.pool.query<Row>(
        `UPDATE staff_users SET password_hash = $2, password_changed_at = $3
          WHERE person_id = $1 RETURNING *`,
        [personId, await hashPassword(password), new Date(this.now())],
      )
    ).rows[0];
    if (!row) throw notFound(personId);
    this.revocations?.forget('staff', personId);
    return view(row);
  }

  /**
   * The agency was re-coded: its staff now work for it under the new code. Their tokens carry the old
   * code and are refused (TokenRevocations), so they log in again and get the new one.
   */
  async moveAgency(from: string, to: string): Promise<void> {
    const moved = await this.pool.query<{ person_id: string }>(
      'UPDATE staff_users SET agency_code = $2 WHERE agency_code = $1 RETURNING person_id',
      [from, to],
    );
    for (const { person_id } of moved.rows) this.revocations?.forget('staff', person_id);
  }

  /** Display names by person id (the forms print them; StaffDirectory of @lien-thong/contracts). */
  async displayNames(personIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    if (personIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ person_id: string; display_name: string }>(
      'SELECT person_id, display_name FROM staff_users WHERE person_id = ANY($1)',
      [[...new Set(personIds)]],
    );
    return new Map(rows.map((r) => [r.person_id, r.display_name]));
  }

  async list(): Promise<StaffUserView[]> {
    return (await this.pool.query<Row>('SELECT * FROM staff_users ORDER BY person_id')).rows.map(view);
  }

  /** Creates the first administrator from LIEN_THONG_ADMIN_PASSWORD when there is none yet. */
  async ensureAdministrator(password: string | undefined): Promise<boolean> {
    if (!password) return false;
    const found = await this.pool.query(
      "SELECT 1 FROM staff_users WHERE 'administrator' = ANY(roles) LIMIT 1",
    );
    if ((found.rowCount ?? 0) > 0) return false;
    try {
      await this.create({
        personId: 'admin',
        displayName: 'Quản trị hệ thống',
        roles: ['administrator'],
        password,
      });
      return true;
    } catch (error) {
      // Another API process created it at the same moment.
      if (error instanceof DomainError && error.code === 'STAFF_USER_EXISTS') return false;
      throw error;
    }
  }
}

function notFound(personId: string): DomainError {
  return identityError(
    'STAFF_USER_NOT_FOUND',
    `No staff user ${personId}`,
    `Không có tài khoản cán bộ ${personId}`,
  );
}

function view(row: Row): StaffUserView {
  return {
    personId: row.person_id,
    displayName: row.display_name,
    agencyCode: row.agency_code,
    roles: row.roles,
    createdAt: row.created_at.toISOString(),
    disabledAt: row.disabled_at?.toISOString() ?? null,
  };
}

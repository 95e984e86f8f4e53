import type { Pool } from 'pg';
import type { AgencyDirectory, DirectorySnapshot } from '@lien-thong/agencies';
import type { VerifiedToken } from './access-tokens';

/** How long one answer is reused: the longest a revocation takes to reach another API process. */
export const REVOCATION_CACHE_MS = 5_000;

interface Standing {
  /** Every token of this subject is refused (client revoked, or unknown; staff disabled). */
  readonly refused: boolean;
  /** Tokens issued before this instant (ms) are refused (a staff password was changed). */
  readonly notBefore: number | null;
  readonly until: number;
}

/** Why a token that verifies is no longer honoured, in the caller's two languages. */
export interface TokenRefusal {
  readonly message: string;
  readonly messageVi: string;
}

/**
 * Whether a token that verifies is still honoured (thu hồi): a revoked API client's tokens and a
 * disabled staff user's tokens are refused at once, not only when they expire 15 minutes later, and a
 * password change ends the tokens issued before it. So does the agency the token acts for being
 * deactivated or re-coded (from the agency directory, the authority on it): every token naming the
 * agency issued before that is refused, and while the code is retired every token naming it.
 * One lookup per subject, and one directory snapshot, each reused for `REVOCATION_CACHE_MS`; a
 * revocation made through this process is seen at once (`forget`, `forgetAgencies`), one made through
 * another API process within that time.
 *
 * A staff token whose person has no account is honoured: only this service's key signs tokens, and
 * accounts are disabled, never deleted. An API client token whose client is unknown is refused. A
 * token naming an agency the directory has never known is honoured (only the token endpoints, which
 * check the directory, issue tokens).
 */
export class TokenRevocations {
  private readonly cache = new Map<string, Standing>();
  private directorySnapshot: {
    readonly snapshot: Promise<DirectorySnapshot>;
    readonly until: number;
  } | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
    /** Without one, agencies are not checked. */
    private readonly directory?: AgencyDirectory,
  ) {}

  /** Why the token is refused, or null when it is honoured. */
  async refusal(token: VerifiedToken): Promise<TokenRefusal | null> {
    const now = this.now();
    // The agency first: when it is the cause (its clients are revoked with it), say so.
    const agency = token.agency === null ? null : await this.agencyRefusal(token, token.agency, now);
    if (agency) return agency;
    const key = `${token.kind}:${token.sub}`;
    let standing = this.cache.get(key);
    if (!standing || standing.until <= now) {
      standing = await this.lookUp(token, now);
      if (this.cache.size > 10_000) this.prune(now);
      this.cache.set(key, standing);
    }
    if (!standing.refused && (standing.notBefore === null || issuedAt(token) >= standing.notBefore))
      return null;
    return token.kind === 'client'
      ? {
          message: 'The access token belongs to an API client that has been revoked',
          messageVi: 'Mã truy cập đã bị thu hồi',
        }
      : {
          message:
            'The access token was issued before the account was disabled or its password changed: log in again',
          messageVi: 'Mã truy cập đã bị thu hồi',
        };
  }

  /** After a revocation, a disabled account or a password change in this process: seen at once. */
  forget(kind: VerifiedToken['kind'], sub: string): void {
    this.cache.delete(`${kind}:${sub}`);
  }

  /** After an agency was deactivated or re-coded through this process: seen at once. */
  forgetAgencies(): void {
    this.directorySnapshot = null;
  }

  private async agencyRefusal(
    token: VerifiedToken,
    agency: string,
    now: number,
  ): Promise<TokenRefusal | null> {
    if (!this.directory) return null;
    if (!this.directorySnapshot || this.directorySnapshot.until <= now) {
      const snapshot = this.directory.snapshot();
      const cached = { snapshot, until: now + REVOCATION_CACHE_MS };
      this.directorySnapshot = cached;
      // A failed read is not kept: the next request reads again.
      snapshot.catch(() => {
        if (this.directorySnapshot === cached) this.directorySnapshot = null;
      });
    }
    const directory = await this.directorySnapshot.snapshot;
    const retired = directory.retirement(agency);
    if (!retired) return null;
    const stillRetired = directory.get(agency) === undefined;
    if (!stillRetired && issuedAt(token) >= Date.parse(retired.at)) return null;
    return retired.successor === null
      ? {
          message: `The access token acts for agency ${agency}, which has been deactivated`,
          messageVi: `Cơ quan ${agency} đã ngừng hoạt động; mã truy cập đã bị thu hồi`,
        }
      : {
          message:
            `The access token acts for agency ${agency}, which has been re-coded as ${retired.successor}: ` +
            'obtain a new token (POST /auth/token or /auth/login), which carries the new code',
          messageVi: `Cơ quan ${agency} đã đổi mã thành ${retired.successor}; vui lòng lấy mã truy cập mới`,
        };
  }

  private async lookUp(token: VerifiedToken, now: number): Promise<Standing> {
    const until = now + REVOCATION_CACHE_MS;
    if (token.kind === 'client') {
      const row = (
        await this.pool.query<{ revoked_at: Date | null }>(
          'SELECT revoked_at FROM api_clients WHERE client_id = $1',
          [token.sub],
        )
      ).rows[0];
      return { refused: !row || row.revoked_at !== null, notBefore: null, until };
    }
    const row = (
      await this.pool.query<{ disabled_at: Date | null; password_changed_at: Date | null }>(
        'SELECT disabled_at, password_changed_at FROM staff_users WHERE person_id = $1',
        [token.sub],
      )
    ).rows[0];
    return {
      refused: row?.disabled_at != null,
      notBefore: row?.password_changed_at?.getTime() ?? null,
      until,
    };
  }

  private prune(now: number): void {
    for (const [key, standing] of this.cache) if (standing.until <= now) this.cache.delete(key);
  }
}

/** `iat` in milliseconds (tokens carry them as a fraction, see AccessTokens.issue). */
function issuedAt(token: VerifiedToken): number {
  return Math.round(token.iat * 1000);
}

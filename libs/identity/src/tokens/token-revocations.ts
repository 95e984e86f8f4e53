import type { Pool } from 'pg';
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

/**
 * Whether a token that verifies is still honoured (thu hồi): a revoked API client's tokens and a
 * disabled staff user's tokens are refused at once, not only when they expire 15 minutes later, and a
 * password change ends the tokens issued before it. One lookup per subject, reused for
 * `REVOCATION_CACHE_MS`; a revocation made through this process is seen at once (`forget`), one made
 * through another API process within that time.
 *
 * A staff token whose person has no account is honoured: only this service's key signs tokens, and
 * accounts are disabled, never deleted. An API client token whose client is unknown is refused.
 */
export class TokenRevocations {
  private readonly cache = new Map<string, Standing>();

  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async isRevoked(token: VerifiedToken): Promise<boolean> {
    const key = `${token.kind}:${token.sub}`;
    const now = this.now();
    let standing = this.cache.get(key);
    if (!standing || standing.until <= now) {
      standing = await this.lookUp(token, now);
      if (this.cache.size > 10_000) this.prune(now);
      this.cache.set(key, standing);
    }
    if (standing.refused) return true;
    return standing.notBefore !== null && Math.round(token.iat * 1000) < standing.notBefore;
  }

  /** After a revocation, a disabled account or a password change in this process: seen at once. */
  forget(kind: VerifiedToken['kind'], sub: string): void {
    this.cache.delete(`${kind}:${sub}`);
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

import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto';

const HKDF_INFO = 'lien-thong/access-tokens/v1';
const ISSUER = 'lien-thong';
/** Access tokens are short-lived: 15 minutes by default. */
export const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;

/** Who a token speaks for. */
export interface AccessClaims {
  /** The API client id, or the staff person id. */
  readonly sub: string;
  readonly kind: 'client' | 'staff';
  /** The agency the bearer acts for (an API client always has one). */
  readonly agency: string | null;
  readonly roles: readonly string[];
}

export interface VerifiedToken extends AccessClaims {
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

export type TokenVerification =
  | { readonly ok: true; readonly token: VerifiedToken }
  | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' | 'expired' | 'wrong-issuer' };

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * Signed bearer tokens (JWT, HS256). The signing key is derived with HKDF-SHA256, under its own label,
 * from LIEN_THONG_TOKEN_KEY when it is set (so token keys can be rotated on their own: every token
 * signed with the old key becomes invalid at once), otherwise from the deployment's master key
 * LIEN_THONG_VAULT_KEY. Only HS256 with our header is accepted: a token naming another algorithm
 * (`none`, say) is malformed.
 */
export class AccessTokens {
  private readonly key: Buffer;

  constructor(
    rootKey: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    if (rootKey.length !== 32) throw new Error('The access-token key must be 32 bytes');
    this.key = Buffer.from(hkdfSync('sha256', rootKey, Buffer.alloc(0), HKDF_INFO, 32));
  }

  /** From LIEN_THONG_TOKEN_KEY, or else LIEN_THONG_VAULT_KEY (each the base64 of 32 bytes). */
  static fromConfig(
    config: { readonly tokenKey?: string | undefined; readonly vaultMasterKey?: string | undefined },
    now?: () => number,
  ): AccessTokens {
    const [name, base64] = config.tokenKey
      ? ['LIEN_THONG_TOKEN_KEY', config.tokenKey]
      : ['LIEN_THONG_VAULT_KEY', config.vaultMasterKey];
    if (!base64)
      throw new Error(
        'Neither LIEN_THONG_TOKEN_KEY nor LIEN_THONG_VAULT_KEY is set: access tokens are signed with a key ' +
          'derived from one of them (`npm start` creates both in the data directory; elsewhere: openssl rand -base64 32).',
      );
    const key = Buffer.from(base64.trim(), 'base64');
    if (key.length !== 32) throw new Error(`${name} must be the base64 of exactly 32 bytes`);
    return new AccessTokens(key, now);
  }

  issue(claims: AccessClaims, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS): { token: string; expiresIn: number } {
    // NumericDate with milliseconds (RFC 7519 allows fractions), so that a password change refuses
    // exactly the tokens issued before it (TokenRevocations).
    const now = Math.floor(this.now());
    const iat = now / 1000;
    const payload = b64(
      JSON.stringify({
        iss: ISSUER,
        sub: claims.sub,
        kind: claims.kind,
        agency: claims.agency,
        roles: [...claims.roles],
        iat,
        exp: Math.floor(now / 1000) + ttlSeconds,
        jti: randomUUID(),
      }),
    );
    return { token: `${HEADER}.${payload}.${this.sign(`${HEADER}.${payload}`)}`, expiresIn: ttlSeconds };
  }

  verify(token: string): TokenVerification {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'bad-signature' };
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (payload.iss !== ISSUER) return { ok: false, reason: 'wrong-issuer' };
    const { sub, kind, agency, roles, iat, exp, jti } = payload;
    if (
      typeof sub !== 'string' ||
      (kind !== 'client' && kind !== 'staff') ||
      (agency !== null && typeof agency !== 'string') ||
      !Array.isArray(roles) ||
      !roles.every((r) => typeof r === 'string') ||
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      typeof jti !== 'string'
    )
      return { ok: false, reason: 'malformed' };
    if (exp <= Math.floor(this.now() / 1000)) return { ok: false, reason: 'expired' };
    return { ok: true, token: { sub, kind, agency, roles: roles, iat, exp, jti } };
  }

  private sign(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

import { randomBytes } from 'node:crypto';
import { AccessTokens } from './access-tokens';

describe('access tokens (HS256, key derived from the master key)', () => {
  const key = randomBytes(32);
  let now = Date.parse('2026-11-23T09:00:00+07:00');
  const tokens = new AccessTokens(key, () => now);
  const claims = {
    sub: 'client-1',
    kind: 'client' as const,
    agency: '000.00.72.H29',
    roles: ['agency-officer'],
  };

  it('verifies what it issued, with the claims, for 15 minutes by default', () => {
    const { token, expiresIn } = tokens.issue(claims);
    expect(expiresIn).toBe(900);
    const verified = tokens.verify(token);
    expect(verified).toMatchObject({ ok: true, token: { ...claims, exp: Math.floor(now / 1000) + 900 } });
  });

  it('refuses an expired token', () => {
    const { token } = tokens.issue(claims, 60);
    now += 61_000;
    expect(tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a forged or altered token, another key, another algorithm, and junk', () => {
    const { token } = tokens.issue(claims);
    const [header, payload, signature] = token.split('.');
    const altered = Buffer.from(payload!, 'base64url').toString().replace('agency-officer', 'administrator');
    expect(tokens.verify(`${header}.${Buffer.from(altered).toString('base64url')}.${signature}`)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(new AccessTokens(randomBytes(32), () => now).verify(token)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(tokens.verify(`${none}.${payload}.`)).toEqual({ ok: false, reason: 'malformed' });
    for (const junk of ['', 'abc', 'a.b', 'a.b.c.d', `${header}.%%%.${signature}`])
      expect(tokens.verify(junk).ok).toBe(false);
  });

  it('refuses a key that is not 32 bytes, and starts without any key only with a clear message', () => {
    expect(() => new AccessTokens(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => AccessTokens.fromConfig({})).toThrow(/LIEN_THONG_TOKEN_KEY nor LIEN_THONG_VAULT_KEY/);
    expect(() => AccessTokens.fromConfig({ tokenKey: 'c2hvcnQ=' })).toThrow(/LIEN_THONG_TOKEN_KEY must be/);
  });

  it('signs with LIEN_THONG_TOKEN_KEY when set, so rotating it invalidates every token at once', () => {
    const vaultMasterKey = randomBytes(32).toString('base64');
    const claims = { sub: 'x', kind: 'staff', agency: null, roles: ['auditor'] } as const;
    const fromVault = AccessTokens.fromConfig({ vaultMasterKey }, () => now);
    const withKey = AccessTokens.fromConfig(
      { vaultMasterKey, tokenKey: randomBytes(32).toString('base64') },
      () => now,
    );
    const token = withKey.issue(claims).token;
    expect(withKey.verify(token).ok).toBe(true);
    expect(fromVault.verify(token)).toEqual({ ok: false, reason: 'bad-signature' });
  });
});

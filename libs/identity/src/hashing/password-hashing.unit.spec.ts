import { randomBytes, scryptSync } from 'node:crypto';
import { digestClientSecret, verifyClientSecret } from './client-secret-digests';
import {
  LEGACY_SCRYPT,
  PASSWORD_SCRYPT,
  formatScryptHash,
  hashPassword,
  parseScryptHash,
  verifyPassword,
} from './password-hashing';

/** What staff passwords and client secrets were stored as before: Node's default scrypt, 32 bytes. */
function legacyHash(secret: string): string {
  const salt = randomBytes(16);
  return formatScryptHash(LEGACY_SCRYPT, salt, scryptSync(secret, salt, 32));
}

describe('password hashes', () => {
  it('carry their parameters (OWASP: N=2^17, r=8, p=1), a 16-byte salt and a 32-byte hash', async () => {
    const stored = await hashPassword('mot-cua-lien-thong');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(parseScryptHash(stored)?.params).toEqual(PASSWORD_SCRYPT);
    expect(await hashPassword('mot-cua-lien-thong')).not.toBe(stored);
  });

  it('verify the right password, refuse a wrong one, and ask to re-hash only an older hash that matched', async () => {
    const current = await hashPassword('mot-cua-lien-thong');
    expect(await verifyPassword('mot-cua-lien-thong', current)).toEqual({ ok: true, rehash: false });
    expect(await verifyPassword('mot-cua-lien-thonG', current)).toEqual({ ok: false, rehash: false });
    const legacy = legacyHash('mot-cua-lien-thong');
    expect(await verifyPassword('mot-cua-lien-thong', legacy)).toEqual({ ok: true, rehash: true });
    expect(await verifyPassword('sai-mat-khau-roi', legacy)).toEqual({ ok: false, rehash: false });
  });

  it('refuse, without computing what it asks for, a stored hash outside sane parameters or not a hash at all', async () => {
    const salt = randomBytes(16).toString('base64');
    const hash = randomBytes(32).toString('base64');
    for (const bad of [
      `scrypt$1073741824$8$1$${salt}$${hash}`, // 2^30: 1 TiB
      `scrypt$131071$8$1$${salt}$${hash}`, // not a power of two
      `scrypt$1024$8$1$${salt}$${hash}`, // weaker than anything ever written
      `scrypt$131072$64$1$${salt}$${hash}`,
      `scrypt$131072$8$1$${salt}`,
      `scrypt$131072$8$1$${salt}$not base64!`,
      `scrypt$131072$8$1$c2FsdA==$${hash}`, // a 4-byte salt
      `bcrypt$10$${salt}$${hash}`,
      '',
    ])
      expect([bad, parseScryptHash(bad)]).toEqual([bad, null]);
    expect(await verifyPassword('anything-at-all', `scrypt$1073741824$8$1$${salt}$${hash}`)).toEqual({
      ok: false,
      rehash: false,
    });
    expect(await verifyPassword('anything-at-all', null)).toEqual({ ok: false, rehash: false });
  });
});

describe('API client secret digests', () => {
  const secret = `lts_${randomBytes(32).toString('base64url')}`;

  it('are the SHA-256 of the secret, compared in constant time: no salt, no key, no slow KDF for 256 random bits', async () => {
    const stored = digestClientSecret(secret);
    expect(stored).toMatch(/^sha256\$[A-Za-z0-9+/]{43}=$/);
    expect(digestClientSecret(secret)).toBe(stored);
    expect(await verifyClientSecret(secret, stored)).toEqual({ ok: true, upgrade: false });
    expect(await verifyClientSecret(`${secret}x`, stored)).toEqual({ ok: false, upgrade: false });
    expect(await verifyClientSecret(secret, null)).toEqual({ ok: false, upgrade: false });
    expect(await verifyClientSecret(secret, 'md5$whatever')).toEqual({ ok: false, upgrade: false });
  });

  it('still verify a secret stored as an scrypt hash, and ask for it to be replaced', async () => {
    const legacy = legacyHash(secret);
    expect(await verifyClientSecret(secret, legacy)).toEqual({ ok: true, upgrade: true });
    expect(await verifyClientSecret(`${secret}x`, legacy)).toEqual({ ok: false, upgrade: false });
  });
});

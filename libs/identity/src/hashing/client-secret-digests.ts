import { createHash, timingSafeEqual } from 'node:crypto';
import { verifyPassword } from './password-hashing';

const SHA256_PREFIX = 'sha256$';

export interface SecretCheck {
  readonly ok: boolean;
  /** The secret matched a digest of an older kind: store `digestClientSecret()` instead. */
  readonly upgrade: boolean;
}

/**
 * Stored form of an API client secret: `sha256$<base64>`. A secret is 256 random bits, so no guess
 * list helps against it and its SHA-256 gives nothing away: a slow, salted KDF (what passwords need)
 * would only cost every token request, and a server-side key (an HMAC) would add nothing but a key
 * whose rotation voids every client (the deployment's master key is rotatable). Digests written
 * before (scrypt, `scrypt$N$r$p$salt$hash`) still verify and are replaced on their next use.
 */
export function digestClientSecret(secret: string): string {
  return `${SHA256_PREFIX}${createHash('sha256').update(secret, 'utf8').digest('base64')}`;
}

/**
 * Whether `secret` matches `stored`, in constant time. Without a stored digest (no such client) the
 * digest is still computed, so the answer takes as long.
 */
export async function verifyClientSecret(secret: string, stored: string | null): Promise<SecretCheck> {
  const actual = Buffer.from(digestClientSecret(secret));
  if (stored === null || stored.startsWith(SHA256_PREFIX)) {
    const expected = Buffer.from(stored ?? '');
    const ok = expected.length === actual.length && timingSafeEqual(expected, actual);
    return { ok, upgrade: false };
  }
  if (stored.startsWith('scrypt$')) {
    const { ok } = await verifyPassword(secret, stored);
    return { ok, upgrade: ok };
  }
  return { ok: false, upgrade: false };
}

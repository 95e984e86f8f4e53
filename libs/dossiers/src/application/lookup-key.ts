import { createHash, timingSafeEqual } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so a key read aloud or copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 10;

/**
 * The lookup key printed on the receipt (form 01) beside the dossier code (mã tra cứu): the public
 * lookup answers only to both, so sequential codes can no longer be walked. 10 characters of base 32
 * are 50 bits; with misses throttled per address, guessing one is hopeless. Derived from a fresh id
 * (the injected id generator), so tests are repeatable.
 */
export function lookupKeyFrom(seed: string): string {
  const bytes = createHash('sha256').update(`lookup-key:${seed}`).digest();
  let bits = 0n;
  for (const byte of bytes.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte);
  let key = '';
  for (let i = 0; i < LENGTH; i += 1) key += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return `${key.slice(0, 5)}-${key.slice(5)}`;
}

/** The key as typed by a person (any case, dashes and spaces, O for 0, I or L for 1), or null. */
export function normalizeLookupKey(text: string): string | null {
  const key = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return key.length === LENGTH && [...key].every((c) => ALPHABET.includes(c)) ? key : null;
}

/** What the public read model keeps of the key: its digest, never the key. */
export function lookupKeyDigest(key: string): string {
  return createHash('sha256')
    .update(normalizeLookupKey(key) ?? key)
    .digest('hex');
}

/** Compares a typed key with a stored digest in constant time. */
export function matchesLookupKey(typed: string, digest: string | null | undefined): boolean {
  const normalized = normalizeLookupKey(typed);
  if (normalized === null || typeof digest !== 'string' || digest.length !== 64) return false;
  return timingSafeEqual(Buffer.from(lookupKeyDigest(normalized), 'hex'), Buffer.from(digest, 'hex'));
}

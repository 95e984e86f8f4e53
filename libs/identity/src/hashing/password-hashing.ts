import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  /** CPU and memory cost (a power of two). */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
}

/**
 * New password hashes: OWASP's recommendation for scrypt (Password Storage Cheat Sheet), 128 MiB and
 * about 0.4 s of one core each. Raising it later needs no migration: every hash names its parameters
 * and an older one is re-hashed at its next successful login.
 */
export const PASSWORD_SCRYPT: ScryptParameters = { N: 2 ** 17, r: 8, p: 1 };
/** Node's defaults, which staff passwords were hashed with before the parameters were stored. */
export const LEGACY_SCRYPT: ScryptParameters = { N: 2 ** 14, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/**
 * Hashes computed at once in this process. Each holds 128 MiB, and they run on libuv's thread pool
 * (4 threads), which file and DNS work share: a burst of logins waits here instead.
 */
const CONCURRENT_HASHES = 2;

/** What a stored hash may ask for: anything else is refused unread, never computed. */
const LIMITS = { N: [2 ** 14, 2 ** 20], r: [1, 32], p: [1, 16], memory: 1024 * 1024 * 1024 } as const;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

interface ParsedHash {
  readonly params: ScryptParameters;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64): a hash that says how to check it. */
export function formatScryptHash(params: ScryptParameters, salt: Buffer, hash: Buffer): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** The parts of a stored hash, or null when it is not one this service writes or accepts. */
export function parseScryptHash(text: string): ParsedHash | null {
  const parts = text.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, N, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const params = { N: whole(N), r: whole(r), p: whole(p) };
  const within = (n: number, [low, high]: readonly [number, number]) => n >= low && n <= high;
  if (
    !within(params.N, LIMITS.N) ||
    (params.N & (params.N - 1)) !== 0 ||
    !within(params.r, LIMITS.r) ||
    !within(params.p, LIMITS.p) ||
    memoryOf(params) > LIMITS.memory ||
    !BASE64.test(salt) ||
    !BASE64.test(hash)
  )
    return null;
  const parsed = { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  return parsed.salt.length >= 16 && parsed.hash.length >= 16 && parsed.hash.length <= 64 ? parsed : null;
}

/** A new hash of `password` with the current parameters and a fresh salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return formatScryptHash(PASSWORD_SCRYPT, salt, await scrypt(password, salt, KEY_BYTES, PASSWORD_SCRYPT));
}

export interface PasswordCheck {
  readonly ok: boolean;
  /** The password matched a hash with other parameters than today's: store `hashPassword()` instead. */
  readonly rehash: boolean;
}

/**
 * Whether `password` matches `stored`, compared in constant time. Without a stored hash (no such
 * account), or with one that is not valid, a hash is still computed at today's cost, so the answer
 * takes as long as a real check.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<PasswordCheck> {
  const parsed = stored === null ? null : parseScryptHash(stored);
  if (!parsed) {
    await scrypt(password, randomBytes(SALT_BYTES), KEY_BYTES, PASSWORD_SCRYPT);
    return { ok: false, rehash: false };
  }
  const actual = await scrypt(password, parsed.salt, parsed.hash.length, parsed.params);
  const ok = timingSafeEqual(actual, parsed.hash);
  const current =
    parsed.params.N === PASSWORD_SCRYPT.N &&
    parsed.params.r === PASSWORD_SCRYPT.r &&
    parsed.params.p === PASSWORD_SCRYPT.p &&
    parsed.hash.length === KEY_BYTES;
  return { ok, rehash: ok && !current };
}

/** A positive whole number written plainly (no sign, exponent or leading zero), else NaN. */
function whole(text: string): number {
  return /^[1-9]\d{0,8}$/.test(text) ? Number(text) : Number.NaN;
}

/** What OpenSSL allocates for these parameters (its `maxmem` check): 128·r·(N + 2) + 128·r·p bytes. */
function memoryOf({ N, r, p }: ScryptParameters): number {
  return 128 * r * (N + 2) + 128 * r * p;
}

let running = 0;
const waiting: (() => void)[] = [];

async function scrypt(
  secret: string,
  salt: Buffer,
  length: number,
  params: ScryptParameters,
): Promise<Buffer> {
  if (running < CONCURRENT_HASHES) running += 1;
  // A finished hash hands its slot straight to the next in line (see below).
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    // Node's default maxmem (32 MiB) refuses N = 2^17 with r = 8: allow exactly what is needed.
    const options: ScryptOptions = { ...params, maxmem: memoryOf(params) };
    return await new Promise<Buffer>((resolve, reject) =>
      scryptCallback(secret, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
    );
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The personal-data vault's master key for a local system: LIEN_THONG_VAULT_KEY when set, otherwise a
 * random key kept in `<data dir>/vault.key` (mode 0600), created on the first start. Losing that file
 * makes the personal data of every dossier unreadable, exactly as erasure does; in production the key
 * comes from the environment (a secret store), never from the data directory.
 */
export function localVaultKey(dataRoot: string, log: (m: string) => void): string {
  const fromEnv = process.env.LIEN_THONG_VAULT_KEY;
  if (fromEnv) return fromEnv;
  const file = path.join(dataRoot, 'vault.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataRoot, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  log(`created the personal-data vault key ${file} (keep it: without it personal data cannot be read)`);
  return key;
}

/**
 * The key that signs access tokens for a local system: LIEN_THONG_TOKEN_KEY when set, otherwise a random
 * key kept in `<data dir>/token.key` (mode 0600). Replacing the file invalidates every token at once
 * (clients simply take new ones); in production the key comes from a secret store.
 */
export function localTokenKey(dataRoot: string, log: (m: string) => void): string {
  const fromEnv = process.env.LIEN_THONG_TOKEN_KEY;
  if (fromEnv) return fromEnv;
  const file = path.join(dataRoot, 'token.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataRoot, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  log(`created the access-token signing key ${file}`);
  return key;
}

/**
 * The first administrator's password for a local system: LIEN_THONG_ADMIN_PASSWORD when set, otherwise a
 * random one kept in `<data dir>/admin-password` (mode 0600), created on the first start. The API creates
 * the staff user `admin` with it when no administrator exists yet.
 */
export function localAdminPassword(dataRoot: string, log: (m: string) => void): string {
  const fromEnv = process.env.LIEN_THONG_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  const file = path.join(dataRoot, 'admin-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataRoot, { recursive: true });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  log(`created the administrator's password in ${file} (log in as "admin": POST /auth/login)`);
  return password;
}

import { InfrastructureError } from '@lien-thong/postgres';
import type { RuntimeConfig } from './runtime-config';

/** The id of a master key configured without one: every key wrapped before rotation existed carries it. */
export const DEFAULT_VAULT_KEY_ID = 'master-1';

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * The master keys of the personal-data vault, by id: the current one wraps every new data key (and
 * webhook signing secret); the others are only read, for what was wrapped under them. Rotation adds a
 * new current key, re-wraps everything under it (`npm run vault:rotate-master-key`), then drops the old.
 */
export class VaultKeyring {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    readonly currentId: string,
    keys: ReadonlyMap<string, Buffer>,
  ) {
    if (!KEY_ID.test(currentId)) throw new InfrastructureError(`Invalid vault key id "${currentId}"`);
    for (const [id, key] of keys) {
      if (!KEY_ID.test(id)) throw new InfrastructureError(`Invalid vault key id "${id}"`);
      if (key.length !== 32) throw new InfrastructureError(`The vault master key "${id}" must be 32 bytes`);
    }
    if (!keys.has(currentId))
      throw new InfrastructureError(`The current vault key "${currentId}" is not among the keys`);
    this.keys = new Map(keys);
  }

  /** One key, as a deployment that never rotated has it. */
  static single(key: Buffer, id = DEFAULT_VAULT_KEY_ID): VaultKeyring {
    return new VaultKeyring(id, new Map([[id, key]]));
  }

  /**
   * From `LIEN_THONG_VAULT_KEY` (current key, base64 of 32 bytes), `LIEN_THONG_VAULT_KEY_ID` (its id,
   * default `master-1`) and `LIEN_THONG_VAULT_READ_KEYS` (`id:base64,…`: keys read but never written).
   */
  static fromConfig(
    config: Pick<RuntimeConfig, 'vaultMasterKey' | 'vaultKeyId' | 'vaultReadKeys'>,
  ): VaultKeyring {
    if (!config.vaultMasterKey)
      throw new InfrastructureError(
        'LIEN_THONG_VAULT_KEY is not set: the personal-data vault and the webhook signing secrets are ' +
          'encrypted under this 32-byte master key in base64 (`npm start` creates one in the data directory; ' +
          'elsewhere: openssl rand -base64 32).',
      );
    const currentId = config.vaultKeyId || DEFAULT_VAULT_KEY_ID;
    if (!KEY_ID.test(currentId))
      throw new InfrastructureError(
        `LIEN_THONG_VAULT_KEY_ID must be 1-64 letters, digits, '.', '_' or '-', got "${currentId}"`,
      );
    const keys = new Map<string, Buffer>([
      [currentId, parseVaultKey(config.vaultMasterKey, 'LIEN_THONG_VAULT_KEY')],
    ]);
    for (const entry of (config.vaultReadKeys ?? '').split(',').map((e) => e.trim())) {
      if (entry === '') continue;
      const colon = entry.indexOf(':');
      const id = colon > 0 ? entry.slice(0, colon) : '';
      if (!KEY_ID.test(id))
        throw new InfrastructureError(
          'LIEN_THONG_VAULT_READ_KEYS must be a comma-separated list of id:base64 (e.g. master-1:AbC…=); ' +
            `an entry has no valid id before ':'`,
        );
      const key = parseVaultKey(entry.slice(colon + 1), `LIEN_THONG_VAULT_READ_KEYS (key "${id}")`);
      const known = keys.get(id);
      if (known && !known.equals(key))
        throw new InfrastructureError(`Two different vault master keys have the id "${id}"`);
      keys.set(id, key);
    }
    return new VaultKeyring(currentId, keys);
  }

  get current(): Buffer {
    return this.keys.get(this.currentId)!;
  }

  /** The key with this id, if configured. */
  key(id: string): Buffer | undefined {
    return this.keys.get(id);
  }

  /** Every configured id, the current one first. */
  get ids(): readonly string[] {
    return [this.currentId, ...[...this.keys.keys()].filter((id) => id !== this.currentId)];
  }
}

/** Parses a base64 master key of exactly 32 bytes; `name` says which setting in the error. */
export function parseVaultKey(base64: string, name = 'LIEN_THONG_VAULT_KEY'): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== base64.trim())
    throw new InfrastructureError(
      `${name} must be the base64 of exactly 32 bytes (make one with: openssl rand -base64 32)`,
    );
  return key;
}

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { VaultKeyring, type RuntimeConfig } from '@lien-thong/config';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'lien-thong/agency-webhook-secrets/v1';

/**
 * Webhook signing secrets at rest. The dispatcher must sign with them, so they are stored encrypted
 * (AES-256-GCM, fresh IV each, the agency code as additional data so a ciphertext cannot be moved to
 * another agency), not hashed. The keys are derived with HKDF-SHA256 from the personal-data vault's
 * master keys (LIEN_THONG_VAULT_KEY and the read-only ones), so the one secret the deployment already
 * keeps protects these too without the two uses sharing a key. Each ciphertext is stored with the id of
 * the master key it was sealed under, so a master-key rotation re-seals them like the vault's data keys.
 */
export class WebhookSecretCipher {
  private readonly keys: VaultKeyring;
  private readonly derived = new Map<string, Buffer>();

  /** @param keys the vault's master keys (a single 32-byte key is `master-1`). */
  constructor(keys: VaultKeyring | Buffer) {
    if (Buffer.isBuffer(keys) && keys.length !== 32)
      throw new Error('The webhook secret master key must be 32 bytes');
    this.keys = Buffer.isBuffer(keys) ? VaultKeyring.single(keys) : keys;
  }

  /** Parses the vault's base64 master key (32 bytes), as `master-1`. */
  static fromBase64(base64: string | undefined): WebhookSecretCipher {
    return WebhookSecretCipher.fromConfig({ vaultMasterKey: base64 });
  }

  /** From the vault's key settings (LIEN_THONG_VAULT_KEY, …_KEY_ID, …_READ_KEYS). */
  static fromConfig(
    config: Pick<RuntimeConfig, 'vaultMasterKey' | 'vaultKeyId' | 'vaultReadKeys'>,
  ): WebhookSecretCipher {
    return new WebhookSecretCipher(VaultKeyring.fromConfig(config));
  }

  /** The master key new ciphertexts are sealed under; store it beside each one. */
  get keyId(): string {
    return this.keys.currentId;
  }

  /** Whether a ciphertext sealed under this master key can be opened here. */
  knows(keyId: string): boolean {
    return this.keys.key(keyId) !== undefined;
  }

  /** Every master key this cipher can open with, the current one first. */
  knownKeyIds(): string[] {
    return [...this.keys.ids];
  }

  seal(secret: string, agencyCode: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.derivedKey(this.keyId), iv);
    cipher.setAAD(Buffer.from(`webhook|${agencyCode}`, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }

  /** Opens a ciphertext sealed under the master key `keyId` (default: the current one). */
  open(sealed: Buffer, agencyCode: string, keyId = this.keyId): string {
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.derivedKey(keyId), iv);
    decipher.setAAD(Buffer.from(`webhook|${agencyCode}`, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  private derivedKey(keyId: string): Buffer {
    let key = this.derived.get(keyId);
    if (!key) {
      const master = this.keys.key(keyId);
      if (!master) throw new Error(`the vault master key "${keyId}" is not configured`);
      key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), HKDF_INFO, 32));
      this.derived.set(keyId, key);
    }
    return key;
  }
}

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'lien-thong/agency-webhook-secrets/v1';

/**
 * Webhook signing secrets at rest. The dispatcher must sign with them, so they are stored encrypted
 * (AES-256-GCM, fresh IV each, the agency code as additional data so a ciphertext cannot be moved to
 * another agency), not hashed. The key is derived with HKDF-SHA256 from the personal-data vault's master
 * key (LIEN_THONG_VAULT_KEY), so the one secret the deployment already keeps protects these too without
 * the two uses sharing a key.
 */
export class WebhookSecretCipher {
  private readonly key: Buffer;

  constructor(
    masterKey: Buffer,
    /** Names the master key, stored with each ciphertext, for a later rotation. */
    readonly keyId = 'master-1',
  ) {
    if (masterKey.length !== 32) throw new Error('The webhook secret master key must be 32 bytes');
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), HKDF_INFO, 32));
  }

  /** Parses the vault's base64 master key (32 bytes). */
  static fromBase64(base64: string | undefined): WebhookSecretCipher {
    if (!base64)
      throw new Error(
        'LIEN_THONG_VAULT_KEY is not set: webhook signing secrets are stored encrypted under a key derived from it ' +
          '(`npm start` creates one in the data directory; elsewhere: openssl rand -base64 32).',
      );
    const key = Buffer.from(base64.trim(), 'base64');
    if (key.length !== 32) throw new Error('LIEN_THONG_VAULT_KEY must be the base64 of exactly 32 bytes');
    return new WebhookSecretCipher(key);
  }

  seal(secret: string, agencyCode: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(`webhook|${agencyCode}`, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }

  open(sealed: Buffer, agencyCode: string): string {
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(`webhook|${agencyCode}`, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}

import { randomBytes } from 'node:crypto';
import { VaultKeyring } from '@lien-thong/config';
import { WebhookSecretCipher } from './webhook-secret-cipher';

describe('webhook secret cipher', () => {
  const master = randomBytes(32);

  it('opens what it sealed, never stores the plaintext, and uses a fresh IV each time', () => {
    const cipher = new WebhookSecretCipher(master);
    const a = cipher.seal('whsec_abc', '000.00.71.H29');
    const b = cipher.seal('whsec_abc', '000.00.71.H29');
    expect(a.toString('latin1')).not.toContain('whsec_abc');
    expect(a.equals(b)).toBe(false);
    expect(new WebhookSecretCipher(master).open(a, '000.00.71.H29')).toBe('whsec_abc');
  });

  it('refuses another master key, another agency, or altered bytes', () => {
    const sealed = new WebhookSecretCipher(master).seal('whsec_abc', '000.00.71.H29');
    expect(() => new WebhookSecretCipher(randomBytes(32)).open(sealed, '000.00.71.H29')).toThrow();
    expect(() => new WebhookSecretCipher(master).open(sealed, '000.00.72.H29')).toThrow();
    const altered = Buffer.from(sealed);
    altered[14] = altered[14]! ^ 1;
    expect(() => new WebhookSecretCipher(master).open(altered, '000.00.71.H29')).toThrow();
  });

  it('derives its key from the vault master key rather than using it directly', () => {
    expect(() => WebhookSecretCipher.fromBase64(undefined)).toThrow(/LIEN_THONG_VAULT_KEY/);
    expect(() => WebhookSecretCipher.fromBase64(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    const cipher = WebhookSecretCipher.fromBase64(master.toString('base64'));
    expect(cipher.open(cipher.seal('whsec_x', 'A'), 'A')).toBe('whsec_x');
  });
});

describe('webhook secret cipher under several master keys', () => {
  const old = randomBytes(32);
  const next = randomBytes(32);
  const rotated = new WebhookSecretCipher(
    new VaultKeyring(
      'master-2',
      new Map([
        ['master-2', next],
        ['master-1', old],
      ]),
    ),
  );

  it('seals under the current key and opens under the key the ciphertext names', () => {
    const before = new WebhookSecretCipher(old).seal('whsec_old', 'A');
    expect(rotated.keyId).toBe('master-2');
    expect(rotated.open(before, 'A', 'master-1')).toBe('whsec_old');
    const after = rotated.seal('whsec_new', 'A');
    expect(new WebhookSecretCipher(VaultKeyring.single(next, 'master-2')).open(after, 'A', 'master-2')).toBe(
      'whsec_new',
    );
    expect(() => new WebhookSecretCipher(old).open(after, 'A', 'master-2')).toThrow(
      /"master-2" is not configured/,
    );
    expect(rotated.knows('master-1')).toBe(true);
    expect(rotated.knows('master-0')).toBe(false);
  });
});

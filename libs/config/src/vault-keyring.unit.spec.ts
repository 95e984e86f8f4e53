import { randomBytes } from 'node:crypto';
import { runtimeConfigFromEnv } from './runtime-config';
import { DEFAULT_VAULT_KEY_ID, VaultKeyring } from './vault-keyring';

const base = { DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233' };
const a = randomBytes(32);
const b = randomBytes(32);
const keyring = (env: Record<string, string>) =>
  VaultKeyring.fromConfig(runtimeConfigFromEnv({ ...base, ...env }));

describe('vault master keys (configuration)', () => {
  it('names a lone key master-1, as every data key wrapped before rotation existed says', () => {
    const keys = keyring({ LIEN_THONG_VAULT_KEY: a.toString('base64') });
    expect(keys.currentId).toBe(DEFAULT_VAULT_KEY_ID);
    expect(keys.current).toEqual(a);
    expect(keys.ids).toEqual(['master-1']);
  });

  it('takes the current key with its id and the keys it only reads', () => {
    const keys = keyring({
      LIEN_THONG_VAULT_KEY: b.toString('base64'),
      LIEN_THONG_VAULT_KEY_ID: 'master-2',
      LIEN_THONG_VAULT_READ_KEYS: ` master-1:${a.toString('base64')} , `,
    });
    expect(keys.currentId).toBe('master-2');
    expect(keys.current).toEqual(b);
    expect(keys.key('master-1')).toEqual(a);
    expect(keys.key('master-3')).toBeUndefined();
    expect(keys.ids).toEqual(['master-2', 'master-1']);
  });

  it('refuses a missing, short or ill-named key, and one id for two keys, saying which setting', () => {
    expect(() => keyring({})).toThrow(/LIEN_THONG_VAULT_KEY is not set/);
    expect(() => keyring({ LIEN_THONG_VAULT_KEY: 'c2hvcnQ=' })).toThrow(
      // The settings schema catches it first (settings.ts), naming the setting.
      /LIEN_THONG_VAULT_KEY="c2hvcnQ=": must be the base64 of 32 bytes/,
    );
    expect(() =>
      keyring({ LIEN_THONG_VAULT_KEY: a.toString('base64'), LIEN_THONG_VAULT_KEY_ID: 'a b' }),
    ).toThrow(/LIEN_THONG_VAULT_KEY_ID/);
    expect(() =>
      keyring({
        LIEN_THONG_VAULT_KEY: a.toString('base64'),
        LIEN_THONG_VAULT_READ_KEYS: a.toString('base64'),
      }),
    ).toThrow(/id:base64/);
    expect(() =>
      keyring({ LIEN_THONG_VAULT_KEY: a.toString('base64'), LIEN_THONG_VAULT_READ_KEYS: 'old:c2hvcnQ=' }),
    ).toThrow(/LIEN_THONG_VAULT_READ_KEYS \(key "old"\)/);
    expect(() =>
      keyring({
        LIEN_THONG_VAULT_KEY: a.toString('base64'),
        LIEN_THONG_VAULT_READ_KEYS: `master-1:${b.toString('base64')}`,
      }),
    ).toThrow(/Two different vault master keys have the id "master-1"/);
  });
});

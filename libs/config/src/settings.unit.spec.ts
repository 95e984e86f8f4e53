import { loadSettings, SETTINGS_SCHEMA } from './settings';
import { runtimeConfigFromEnv } from './runtime-config';

const BASE = { DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

describe('settings: one schema, read once', () => {
  it('keeps the settings given, checked, and leaves the unset ones out', () => {
    const { settings, unknown } = loadSettings({
      ...BASE,
      LIEN_THONG_LOG_LEVEL: 'debug',
      LIEN_THONG_SEED: ' ',
      HOME: '/root',
    });
    expect(settings).toEqual({ ...BASE, LIEN_THONG_LOG_LEVEL: 'debug' });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(unknown).toEqual([]);
  });

  it('names every setting that is wrong, all at once, and stops', () => {
    let message = '';
    try {
      loadSettings({
        ...BASE,
        PORT: '70000',
        LIEN_THONG_REMINDER_SHARE: '1.5',
        LIEN_THONG_WEBHOOK_TIMEOUT_MS: 'soon',
        LIEN_THONG_SMTP_URL: 'http://mail',
        LIEN_THONG_VAULT_KEY: 'short',
        LIEN_THONG_APOLOGY_NOTICE: '1 day',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'PORT',
      'LIEN_THONG_REMINDER_SHARE',
      'LIEN_THONG_WEBHOOK_TIMEOUT_MS',
      'LIEN_THONG_SMTP_URL',
      'LIEN_THONG_VAULT_KEY',
      'LIEN_THONG_APOLOGY_NOTICE',
    ])
      expect({ name, named: message.includes(`${name}=`) }).toEqual({ name, named: true });
    expect(message).toContain('docs/operations.md#settings');
  });

  it('points at LIEN_THONG_* variables no process reads (a typo), without stopping', () => {
    expect(
      loadSettings({ ...BASE, LIEN_THONG_SMTP_UR: 'smtp://x', LIEN_THONG_DATA_DIR: '/d' }).unknown,
    ).toEqual(['LIEN_THONG_SMTP_UR']);
  });

  it('is what the runtime configuration is read from, once', () => {
    const env: Record<string, string> = { ...BASE, LIEN_THONG_CLIENT_BURST: '7' };
    const config = runtimeConfigFromEnv(env);
    env.LIEN_THONG_CLIENT_BURST = '9'; // read once: a later change is not seen
    expect(config.settings?.LIEN_THONG_CLIENT_BURST).toBe('7');
    expect(Object.keys(SETTINGS_SCHEMA.shape).length).toBeGreaterThan(50);
  });
});

import { DEFAULT_BACKOFF } from './delivery-backoff';
import { webhookDispatcherOptionsFromEnv } from './webhook-dispatcher-options';

describe('webhook dispatcher settings from the environment', () => {
  it('keeps the defaults when nothing is set', () => {
    expect(webhookDispatcherOptionsFromEnv({})).toEqual({ backoff: DEFAULT_BACKOFF });
  });

  it('reads the timeout (with a lease longer than it), attempts, age and poll interval', () => {
    expect(
      webhookDispatcherOptionsFromEnv({
        LIEN_THONG_WEBHOOK_TIMEOUT_MS: '30000',
        LIEN_THONG_WEBHOOK_MAX_ATTEMPTS: '5',
        LIEN_THONG_WEBHOOK_MAX_AGE_HOURS: '6',
        LIEN_THONG_WEBHOOK_POLL_MS: '250',
      }),
    ).toEqual({
      requestTimeoutMs: 30_000,
      leaseMs: 90_000,
      pollIntervalMs: 250,
      backoff: { ...DEFAULT_BACKOFF, maxAttempts: 5, maxAgeMs: 6 * 3_600_000 },
    });
  });

  it('refuses a value that is not a positive whole number, naming the variable', () => {
    expect(() => webhookDispatcherOptionsFromEnv({ LIEN_THONG_WEBHOOK_MAX_ATTEMPTS: 'many' })).toThrow(
      'LIEN_THONG_WEBHOOK_MAX_ATTEMPTS must be a positive whole number, got "many"',
    );
  });
});

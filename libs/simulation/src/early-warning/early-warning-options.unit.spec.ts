import { DEFAULT_EARLY_WARNING, earlyWarningOptionsFromEnv } from './early-warning.assessor';

describe('early warning settings', () => {
  it('takes the defaults, and the values given', () => {
    expect(earlyWarningOptionsFromEnv({})).toEqual(DEFAULT_EARLY_WARNING);
    expect(
      earlyWarningOptionsFromEnv({
        LIEN_THONG_EARLY_WARNING_THRESHOLD: '0.75',
        LIEN_THONG_EARLY_WARNING_INTERVAL_SECONDS: '60',
        LIEN_THONG_EARLY_WARNING_HISTORY_DAYS: '28',
      }),
    ).toEqual({ threshold: 0.75, intervalMs: 60_000, historyDays: 28 });
  });

  it('stops the start on a bad value, naming the setting', () => {
    expect(() => earlyWarningOptionsFromEnv({ LIEN_THONG_EARLY_WARNING_THRESHOLD: '75' })).toThrow(
      'LIEN_THONG_EARLY_WARNING_THRESHOLD must be a probability above 0 and at most 1, not "75"',
    );
    expect(() => earlyWarningOptionsFromEnv({ LIEN_THONG_EARLY_WARNING_INTERVAL_SECONDS: 'soon' })).toThrow(
      'LIEN_THONG_EARLY_WARNING_INTERVAL_SECONDS',
    );
    expect(() => earlyWarningOptionsFromEnv({ LIEN_THONG_EARLY_WARNING_HISTORY_DAYS: '2.5' })).toThrow(
      'LIEN_THONG_EARLY_WARNING_HISTORY_DAYS',
    );
  });
});

// Every end-to-end test calls from one address (127.0.0.1), often thousands of times without a token
// (the authorization matrix, the fuzz test): the per-address limits are raised for them unless a test
// sets its own. `test/e2e/identity-clients.e2e-spec.ts` tests those limits with small buckets.
const GENEROUS: Record<string, string> = {
  LIEN_THONG_ANONYMOUS_RATE_PER_SECOND: '100000',
  LIEN_THONG_ANONYMOUS_BURST: '100000',
  LIEN_THONG_CREDENTIALS_RATE_PER_SECOND: '100000',
  LIEN_THONG_CREDENTIALS_BURST: '100000',
};
for (const [name, value] of Object.entries(GENEROUS)) process.env[name] ??= value;

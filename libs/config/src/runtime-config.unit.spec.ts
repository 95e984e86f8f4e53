import { runtimeConfigFromEnv } from './runtime-config';

const base = { DATABASE_URL: 'postgres://localhost/x', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

describe('runtime configuration: trusted proxies', () => {
  it('trusts no proxy by default, and takes a hop count or addresses', () => {
    expect(runtimeConfigFromEnv(base).trustProxy).toBeUndefined();
    expect(runtimeConfigFromEnv({ ...base, LIEN_THONG_TRUST_PROXY: 'false' }).trustProxy).toBeUndefined();
    expect(runtimeConfigFromEnv({ ...base, LIEN_THONG_TRUST_PROXY: ' 2 ' }).trustProxy).toBe(2);
    expect(runtimeConfigFromEnv({ ...base, LIEN_THONG_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('refuses to trust every proxy, which would let a client forge its address', () => {
    expect(() => runtimeConfigFromEnv({ ...base, LIEN_THONG_TRUST_PROXY: 'true' })).toThrow(
      /hops or their addresses/,
    );
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { temporalConnectionFromEnv, temporalConnectionOptions } from './temporal-connection';

describe('Temporal connection settings (TLS, mTLS, API key)', () => {
  let dir: string;
  let pem: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'temporal-settings-'));
    pem = path.join(dir, 'a.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is plain when nothing is set', () => {
    expect(temporalConnectionFromEnv({})).toEqual({});
    expect(temporalConnectionOptions({ temporalAddress: 'h:7233' })).toEqual({ address: 'h:7233' });
  });

  it('reads the client pair and the CA, and names the server', () => {
    const settings = temporalConnectionFromEnv({
      TEMPORAL_TLS_CLIENT_CERT_PATH: pem,
      TEMPORAL_TLS_CLIENT_KEY_PATH: pem,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: pem,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(settings.tls?.clientCertPair?.crt.toString()).toContain('BEGIN CERTIFICATE');
    expect(settings.tls?.serverRootCACertificate).toBeDefined();
    expect(settings.tls?.serverNameOverride).toBe('temporal.internal');
    expect(settings.apiKey).toBeUndefined();
  });

  it('turns TLS on for an API key (Temporal Cloud) or TEMPORAL_TLS=true', () => {
    expect(temporalConnectionFromEnv({ TEMPORAL_API_KEY: 'k' })).toEqual({ tls: {}, apiKey: 'k' });
    expect(temporalConnectionFromEnv({ TEMPORAL_TLS: 'true' })).toEqual({ tls: {} });
    expect(
      temporalConnectionOptions({ temporalAddress: 'x:7233', temporalConnection: { tls: {}, apiKey: 'k' } }),
    ).toEqual({ address: 'x:7233', tls: {}, apiKey: 'k' });
  });

  it('stops the start with the setting named when a value is wrong', () => {
    expect(() => temporalConnectionFromEnv({ TEMPORAL_TLS_CLIENT_CERT_PATH: pem })).toThrow(
      /TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH go together/,
    );
    expect(() =>
      temporalConnectionFromEnv({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'missing.pem') }),
    ).toThrow(/TEMPORAL_TLS_SERVER_CA_CERT_PATH names a file that cannot be read/);
    expect(() => temporalConnectionFromEnv({ TEMPORAL_TLS: 'yes' })).toThrow(/TEMPORAL_TLS must be/);
    expect(() => temporalConnectionFromEnv({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' })).toThrow(
      /contradicts/,
    );
  });
});

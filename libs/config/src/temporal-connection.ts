import { readFileSync } from 'node:fs';
import { InfrastructureError } from '@lien-thong/postgres';

/**
 * How the API and the worker reach a real Temporal cluster (issue 22): TLS with a client certificate
 * (mTLS, a self-hosted cluster or Temporal Cloud) and / or an API key (Temporal Cloud), beside
 * TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE. The names are Temporal's own environment settings (as the
 * `temporal` CLI reads them), so one set of variables serves both.
 *
 * - TEMPORAL_TLS: `true` for TLS with the system's trusted roots and no client certificate; implied
 *   by any setting below.
 * - TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH: the client's certificate and key
 *   (PEM), both or neither.
 * - TEMPORAL_TLS_SERVER_CA_CERT_PATH: the CA that signed the server's certificate, when it is not one
 *   the system trusts.
 * - TEMPORAL_TLS_SERVER_NAME: the name to check the server's certificate against, when it is not the
 *   address's host.
 * - TEMPORAL_API_KEY: sent as a bearer token on every call (TLS on).
 *
 * The files are read when the settings are read, so a wrong path stops the start with the setting's name.
 */
export interface TemporalConnectionSettings {
  readonly tls?: {
    readonly clientCertPair?: { readonly crt: Buffer; readonly key: Buffer };
    readonly serverRootCACertificate?: Buffer;
    readonly serverNameOverride?: string;
  };
  readonly apiKey?: string;
}

export function temporalConnectionFromEnv(env: NodeJS.ProcessEnv): TemporalConnectionSettings {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const file = (name: string): Buffer | undefined => {
    const p = value(name);
    if (p === undefined) return undefined;
    try {
      return readFileSync(p);
    } catch (error) {
      throw new InfrastructureError(
        `${name} names a file that cannot be read (${p}): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const tlsFlag = value('TEMPORAL_TLS');
  if (tlsFlag !== undefined && tlsFlag !== 'true' && tlsFlag !== 'false')
    throw new InfrastructureError(`TEMPORAL_TLS must be "true" or "false", got "${tlsFlag}"`);
  const crt = file('TEMPORAL_TLS_CLIENT_CERT_PATH');
  const key = file('TEMPORAL_TLS_CLIENT_KEY_PATH');
  if ((crt === undefined) !== (key === undefined))
    throw new InfrastructureError(
      'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH go together: set both (mTLS) or neither',
    );
  const ca = file('TEMPORAL_TLS_SERVER_CA_CERT_PATH');
  const serverName = value('TEMPORAL_TLS_SERVER_NAME');
  const apiKey = value('TEMPORAL_API_KEY');
  const tlsWanted = tlsFlag === 'true' || crt !== undefined || ca !== undefined || serverName !== undefined;
  if (tlsFlag === 'false' && (tlsWanted || apiKey !== undefined))
    throw new InfrastructureError(
      'TEMPORAL_TLS=false contradicts the TLS settings or TEMPORAL_API_KEY given (an API key is only sent over TLS)',
    );
  if (!tlsWanted && apiKey === undefined) return {};
  return {
    tls: {
      ...(crt && key ? { clientCertPair: { crt, key } } : {}),
      ...(ca ? { serverRootCACertificate: ca } : {}),
      ...(serverName ? { serverNameOverride: serverName } : {}),
    },
    ...(apiKey ? { apiKey } : {}),
  };
}

/** What both Temporal SDK connections (the client's `Connection`, the worker's `NativeConnection`) take. */
export function temporalConnectionOptions(config: {
  readonly temporalAddress: string;
  readonly temporalConnection?: TemporalConnectionSettings;
}): {
  address: string;
  tls?: NonNullable<TemporalConnectionSettings['tls']>;
  apiKey?: string;
} {
  const settings = config.temporalConnection ?? {};
  return {
    address: config.temporalAddress,
    ...(settings.tls ? { tls: settings.tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}

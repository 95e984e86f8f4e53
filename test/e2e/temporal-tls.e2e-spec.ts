import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { callerAt, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { freePort } from '../support/free-port';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';
import { handedOff, publishRoomyTestProcedure, roomyIntake } from '../support/quick-procedures';

/**
 * Temporal over mutual TLS (issue 22). The dev server speaks plain gRPC, so a TLS front (Node's tls,
 * requiring a client certificate signed by the test's CA, ALPN h2) stands before it, as a cluster's
 * frontend or a load balancer would. The API and the worker reach Temporal only through that front,
 * with TEMPORAL_TLS_* settings (certificates made by openssl for this run), and carry a dossier to its
 * first handoff; a worker without a client certificate is turned away.
 */
const DESK = '000.00.71.H29';

function makeCertificates(
  dir: string,
): Record<'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey', string> {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=lien-thong test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  // X.509 v3 (rustls, in the worker's native connection, takes nothing older): extensions for both.
  writeFileSync(
    file('server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  writeFileSync(file('client.ext'), 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
  for (const [name, cn] of [
    ['server', 'localhost'],
    ['client', 'lien-thong-worker'],
  ] as const) {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
  }
  return {
    ca: file('ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    clientCert: file('client.pem'),
    clientKey: file('client.key'),
  };
}

describe('Temporal over mutual TLS', () => {
  let t: ApiTestApp;
  let dir: string;
  let front: tls.Server;
  let frontAddress: string;
  let certs: ReturnType<typeof makeCertificates>;
  const handshakes = { accepted: 0, refused: 0 };
  let api: ApiProcess | undefined;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    t = await startApiTestApp('e2e_temporal_tls', { overrides: { seed: 'sample', calendar: 'always-open' } });
    dir = mkdtempSync(path.join(tmpdir(), 'lien-thong-tls-'));
    certs = makeCertificates(dir);
    const [host, port] = t.temporal.address.split(':') as [string, string];
    front = tls.createServer(
      {
        key: readFileSync(certs.serverKey),
        cert: readFileSync(certs.serverCert),
        ca: readFileSync(certs.ca),
        requestCert: true,
        rejectUnauthorized: true,
        ALPNProtocols: ['h2'],
      },
      (socket) => {
        handshakes.accepted += 1;
        const upstream = net.connect(Number(port), host);
        socket.pipe(upstream).pipe(socket);
        const close = () => {
          socket.destroy();
          upstream.destroy();
        };
        socket.on('error', close);
        upstream.on('error', close);
      },
    );
    front.on('tlsClientError', () => (handshakes.refused += 1));
    const frontPort = await freePort();
    await new Promise<void>((resolve) => front.listen(frontPort, '127.0.0.1', resolve));
    frontAddress = `127.0.0.1:${frontPort}`;
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await new Promise((resolve) => front?.close(resolve));
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs API and worker through the TLS front with a client certificate; without one, the worker is refused', async () => {
    await publishRoomyTestProcedure(() => t.as('procedure-designer', null, 'designer'));

    const config = t.config({ calendar: 'always-open', temporalAddress: frontAddress });
    const mtls = {
      TEMPORAL_TLS_CLIENT_CERT_PATH: certs.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: certs.clientKey,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca,
      TEMPORAL_TLS_SERVER_NAME: 'localhost',
    };

    // Without a client certificate the front refuses the handshake: the worker does not start.
    await expect(
      startWorkerProcess(config, 60_000, ['temporal'], {
        env: { TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.ca, TEMPORAL_TLS_SERVER_NAME: 'localhost' },
      }),
    ).rejects.toThrow(/exited|did not start/);
    expect(handshakes.refused).toBeGreaterThan(0);
    expect(handshakes.accepted).toBe(0);

    worker = await startWorkerProcess(config, 120_000, undefined, { env: mtls });
    api = await startApiProcess(config, await freePort(), 120_000, { env: mtls });
    const received = await callerAt(api.url, t.token('reception-officer', DESK, 'can-bo-1'))
      .post('/dossiers')
      .send(roomyIntake({ fullName: 'Lê Văn Mã Hoá', address: '4 Nguyễn Huệ', idNumber: '079000000004' }))
      .expect(201);
    const code = received.body.dossierCode as string;
    await handedOff(t.db.pool, code, 'a', 60_000, () => worker!.output());
    expect(handshakes.accepted).toBeGreaterThan(0);
    // The API's health sees Temporal through the front too.
    const health = await callerAt(api.url, t.token('administrator', null, 'admin')).get('/health');
    expect(health.status).toBe(200);
  }, 300_000);
});

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDevClients, type DevClient } from '../../apps/launcher/src/dev-clients';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/**
 * `npm start` logs in as the seeded administrator and registers one API client per agency, kept in
 * the data directory; the next start reuses the clients that still work and replaces revoked ones.
 */
describe('the launcher’s dev API clients', () => {
  const ADMIN_PASSWORD = 'mat-khau-quan-tri-dev-1';
  let t: ApiTestApp;
  let apiUrl: string;
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'lien-thong-dev-clients-'));

  beforeAll(async () => {
    process.env.LIEN_THONG_ADMIN_PASSWORD = ADMIN_PASSWORD;
    try {
      t = await startApiTestApp('e2e_launcher_dev_clients', { overrides: { seed: 'sample' } });
    } finally {
      delete process.env.LIEN_THONG_ADMIN_PASSWORD;
    }
    await t.app.listen(0, '127.0.0.1');
    apiUrl = `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  it('registers a working client per agency once, keeps the file private, and replaces a revoked one', async () => {
    const lines: string[] = [];
    const file = await ensureDevClients(apiUrl, dataRoot, ADMIN_PASSWORD, (l) => lines.push(l));
    expect(file).toBe(path.join(dataRoot, 'dev-clients.json'));
    expect(statSync(file!).mode & 0o777).toBe(0o600);
    const first = JSON.parse(readFileSync(file!, 'utf8')) as Record<string, DevClient>;
    const agencies = (await t.http().get('/agencies').expect(200)).body as { code: string }[];
    expect(Object.keys(first).sort()).toEqual(agencies.map((a) => a.code).sort());
    const police = first['000.00.72.H29']!;
    const token = await t
      .anonymous()
      .post('/auth/token')
      .send({
        grant_type: 'client_credentials',
        client_id: police.clientId,
        client_secret: police.clientSecret,
      })
      .expect(200);
    await t
      .anonymous()
      .get('/agencies/000.00.72.H29/inbox')
      .set('authorization', `Bearer ${token.body.access_token as string}`)
      .expect((r) => expect([200, 503]).toContain(r.status));

    await t.http().post(`/admin/clients/${police.clientId}/revoke`).expect(200);
    await ensureDevClients(apiUrl, dataRoot, ADMIN_PASSWORD, (l) => lines.push(l));
    const second = JSON.parse(readFileSync(file!, 'utf8')) as Record<string, DevClient>;
    expect(second['000.00.72.H29']!.clientId).not.toBe(police.clientId);
    expect(second['000.00.71.H29']).toEqual(first['000.00.71.H29']);
    expect(lines.at(-1)).toMatch(/registered 1 dev API client/);

    expect(
      await ensureDevClients(apiUrl, dataRoot, 'wrong-password-123', (l) => lines.push(l)),
    ).toBeUndefined();
    expect(lines.at(-1)).toMatch(/could not log in as "admin" \(401\)/);
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface DevClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Registered with agency-head too, so that the agency simulator can sign apologies (form 04). */
  readonly signsForHead?: boolean;
}

/**
 * One API client per active agency for a local system, so that agency software (or the agency
 * simulator) can take tokens at once, as officers and as the agency's head (the simulator answers
 * apology requests, form 04, which the head signs): kept in `<data dir>/dev-clients.json` (mode 0600; the secrets
 * are shown only when a client is created). A client whose secret no longer works (revoked, or a new
 * database) is replaced. Logs in as the administrator `admin` to create them.
 */
export async function ensureDevClients(
  apiUrl: string,
  dataRoot: string,
  adminPassword: string,
  log: (m: string) => void,
): Promise<string | undefined> {
  const file = path.join(dataRoot, 'dev-clients.json');
  const post = async (route: string, body: unknown, token?: string) => {
    const res = await fetch(new URL(route, apiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json().catch(() => null)) as Record<string, unknown> | null,
    };
  };
  const login = await post('/auth/login', { personId: 'admin', password: adminPassword });
  if (login.status !== 200 || typeof login.body?.access_token !== 'string') {
    log(`could not log in as "admin" (${login.status}): no dev API clients registered`);
    return undefined;
  }
  const admin = login.body.access_token;
  const agencies = (await (
    await fetch(new URL('/agencies', apiUrl), { headers: { authorization: `Bearer ${admin}` } })
  ).json()) as { code: string }[];
  const known = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, DevClient | undefined>)
    : {};
  const clients: Record<string, DevClient> = {};
  let created = 0;
  for (const { code } of agencies) {
    const existing = known[code];
    // A client kept from before clients could sign for the head is replaced (and revoked) below.
    if (existing?.signsForHead) {
      const check = await post('/auth/token', {
        grant_type: 'client_credentials',
        client_id: existing.clientId,
        client_secret: existing.clientSecret,
      });
      // Replaced only when refused (401: revoked, or a new database); a rate-limited check keeps it.
      if (check.status !== 401 && check.status !== 400) {
        clients[code] = existing;
        continue;
      }
    }
    if (existing && !existing.signsForHead)
      await post(`/admin/clients/${encodeURIComponent(existing.clientId)}/revoke`, {}, admin);
    const issued = await post(
      '/admin/clients',
      {
        agencyCode: code,
        description: 'Dev client registered by npm start',
        roles: ['agency-officer', 'agency-head'],
      },
      admin,
    );
    if (issued.status !== 201 || !issued.body) {
      log(`could not register a dev API client for ${code} (${issued.status})`);
      continue;
    }
    clients[code] = {
      clientId: issued.body.clientId as string,
      clientSecret: issued.body.clientSecret as string,
      signsForHead: true,
    };
    created += 1;
  }
  writeFileSync(file, `${JSON.stringify(clients, null, 2)}\n`, { mode: 0o600 });
  if (created > 0) log(`registered ${created} dev API client(s) in ${file}`);
  return file;
}

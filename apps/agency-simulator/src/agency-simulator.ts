import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AgencyNotificationV1 } from '@lien-thong/contracts';
import { vietnameseCalendar, type WorkingTimeCalendar } from '@lien-thong/calendar';
import { LOCAL_WEBHOOK_RECEIVER_PORTS, verifyWebhookSignature } from '@lien-thong/agency-notifications';

/**
 * An agency's software, simulated over HTTP only (phần mềm của cơ quan): it registers its webhook,
 * verifies every delivery's signature, and acts on the dossier API the way a connected agency does:
 * accepts each step handed to it, works on it, completes it (late on purpose where told), and answers
 * an apology request with a letter and a new date. It also reads its inbox now and then, so a
 * missed webhook only delays it. Used by the end-to-end tests and for demos (`npm run agency:simulate`).
 */
export interface AgencySimulatorOptions {
  /** The API's base URL, e.g. http://127.0.0.1:3000. */
  readonly apiUrl: string;
  readonly agencyCode: string;
  /** The agency's API client; without it the simulator identifies itself with headers only. */
  /** The agency's API client: every call carries a bearer token taken with it. */
  readonly credentials: { readonly clientId: string; readonly clientSecret: string };
  /**
   * The webhook receiver: port (0 = any free one; default: the first free one of
   * LOCAL_WEBHOOK_RECEIVER_PORTS) and the URL the API should call (default: local).
   */
  readonly webhook?: { readonly host?: string; readonly port?: number; readonly publicUrl?: string };
  /** Time spent on each step before completing it (default 200 ms). */
  readonly workMs?: number;
  /** Steps this agency completes only after their deadline (+ `lateByMs`, default 1 s). */
  readonly lateSteps?: readonly string[];
  readonly lateByMs?: number;
  /**
   * Answer apology requests (default yes): the new appointment is `delayMs` of working time after the
   * current one (or now, if later), on `calendar`. The API client must hold the agency-head role: the
   * apology (form 04) is signed for the agency's head.
   */
  readonly apology?: { readonly reason: string; readonly delayMs: number } | false;
  /** The calendar the new appointment is counted on (default: the Vietnamese civil-service calendar). */
  readonly calendar?: WorkingTimeCalendar;
  /** How often the inbox is read for steps no webhook announced (default 5 s; 0 = never). */
  readonly inboxPollMs?: number;
  readonly log?: (line: string) => void;
}

export interface SimulatorAction {
  readonly at: string;
  readonly action: 'accept' | 'complete' | 'apology';
  readonly dossierCode: string;
  readonly stepId: string | null;
  readonly status: number;
}

interface InboxItem {
  readonly dossierCode: string;
  readonly stepId: string;
  readonly deadline: string;
  readonly acceptedAt: string | null;
}

const DEFAULT_APOLOGY = {
  reason: 'Cần thêm thời gian xác minh hồ sơ',
  delayMs: 60_000,
};

export class AgencySimulator {
  /** Every verified delivery, in arrival order (duplicates by delivery id dropped). */
  readonly received: AgencyNotificationV1[] = [];
  /** Deliveries refused because their signature did not verify. */
  readonly refused: { readonly reason: string; readonly deliveryId: string | undefined }[] = [];
  readonly actions: SimulatorAction[] = [];
  private server: Server | undefined;
  private secret: string | undefined;
  private token: { value: string; expiresAt: number } | undefined;
  private readonly seen = new Set<string>();
  private readonly working = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private poller: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly log: (line: string) => void;

  constructor(private readonly options: AgencySimulatorOptions) {
    this.log = options.log ?? (() => undefined);
  }

  /**
   * Listens on the port asked for (0: any free one), or by default on the first free port of the local
   * receivers' range, the only loopback ports `npm start` lets webhooks reach.
   */
  private async listen(host: string): Promise<number> {
    const server = this.server!;
    const tryPort = (port: number) =>
      new Promise<boolean>((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException) => {
          server.off('listening', onListening);
          if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
          else reject(error);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve(true);
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(port, host);
      });
    const asked = this.options.webhook?.port;
    const ports =
      asked !== undefined
        ? [asked]
        : Array.from(
            { length: LOCAL_WEBHOOK_RECEIVER_PORTS.to - LOCAL_WEBHOOK_RECEIVER_PORTS.from + 1 },
            (_, i) => LOCAL_WEBHOOK_RECEIVER_PORTS.from + i,
          );
    for (const port of ports) if (await tryPort(port)) return (server.address() as AddressInfo).port;
    throw new Error(
      asked !== undefined
        ? `the webhook receiver cannot listen on ${host}:${asked}`
        : `no free port for the webhook receiver in ${LOCAL_WEBHOOK_RECEIVER_PORTS.from}-${LOCAL_WEBHOOK_RECEIVER_PORTS.to}`,
    );
  }

  /** Starts the receiver, registers the webhook (a new secret each start) and reads the inbox once. */
  async start(): Promise<{ webhookUrl: string }> {
    this.server = createServer((req, res) => void this.receive(req, res));
    const host = this.options.webhook?.host ?? '127.0.0.1';
    const port = await this.listen(host);
    const webhookUrl = this.options.webhook?.publicUrl ?? `http://${host}:${port}/lien-thong/webhook`;
    const code = encodeURIComponent(this.options.agencyCode);
    // Re-registering keeps the secret unshown: delete first so this run knows the secret it verifies with.
    await this.call('DELETE', `/agencies/${code}/webhook`);
    const registered = await this.call('PUT', `/agencies/${code}/webhook`, { url: webhookUrl });
    if (registered.status !== 201)
      throw new Error(
        `webhook registration for ${this.options.agencyCode}: ${registered.status} ${registered.text}`,
      );
    this.secret = (registered.body as { secret: string }).secret;
    this.log(`${this.options.agencyCode}: webhook registered at ${webhookUrl}`);
    await this.readInbox();
    const every = this.options.inboxPollMs ?? 5_000;
    if (every > 0) this.poller = setInterval(() => this.track(this.readInbox()), every);
    return { webhookUrl };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
    await Promise.allSettled([...this.pending]);
  }

  /** Resolves once nothing the simulator started is still running. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const deliveryId = header('x-lienthong-delivery');
    const check = verifyWebhookSignature({
      body,
      timestamp: header('x-lienthong-timestamp'),
      signature: header('x-lienthong-signature'),
      secret: this.secret ?? '',
    });
    if (!check.ok) {
      this.refused.push({ reason: check.reason, deliveryId });
      res.writeHead(401).end(check.reason);
      return;
    }
    // Answer at once; the work happens afterwards. A repeated delivery is acknowledged and ignored.
    res.writeHead(204).end();
    if (deliveryId === undefined || this.seen.has(deliveryId)) return;
    this.seen.add(deliveryId);
    const notification = JSON.parse(body.toString('utf8')) as AgencyNotificationV1;
    this.received.push(notification);
    this.log(
      `${this.options.agencyCode}: ${notification.type} ${notification.dossierCode} ${notification.stepId ?? ''}`,
    );
    if (notification.type === 'step.handed-off' && notification.stepId !== null)
      this.track(this.work(notification.dossierCode, notification.stepId, notification.deadline));
    if (notification.type === 'apology.requested') this.track(this.apologise(notification));
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.log(`${this.options.agencyCode}: ${String(error)}`));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private async readInbox(): Promise<void> {
    if (this.stopped) return;
    const res = await this.call(
      'GET',
      `/agencies/${encodeURIComponent(this.options.agencyCode)}/inbox?limit=200`,
    );
    if (res.status !== 200) return;
    for (const item of (res.body as { items: InboxItem[] }).items)
      this.track(this.work(item.dossierCode, item.stepId, item.deadline));
  }

  /** Accept, work, complete: once per step handoff (a webhook and the inbox may both announce it). */
  private async work(dossierCode: string, stepId: string, deadline: string | null): Promise<void> {
    const key = `${dossierCode}/${stepId}/${deadline ?? ''}`;
    if (this.working.has(key) || this.stopped) return;
    this.working.add(key);
    const base = `/dossiers/${encodeURIComponent(dossierCode)}/steps/${encodeURIComponent(stepId)}`;
    const agencyCode = this.options.agencyCode;
    await this.act('accept', dossierCode, stepId, `${base}/receive`, { agencyCode }, `${key}/accept`);
    const late = this.options.lateSteps?.includes(stepId) && deadline !== null;
    const wait = late
      ? Date.parse(deadline) - Date.now() + (this.options.lateByMs ?? 1_000)
      : (this.options.workMs ?? 200);
    await sleep(Math.max(0, wait));
    if (this.stopped) return;
    await this.act(
      'complete',
      dossierCode,
      stepId,
      `${base}/complete`,
      { agencyCode, resultSummary: late ? 'Hoàn thành (trễ hạn)' : 'Đã xử lý xong' },
      `${key}/complete`,
    );
  }

  private async apologise(n: Extract<AgencyNotificationV1, { type: 'apology.requested' }>): Promise<void> {
    const apology = this.options.apology === undefined ? DEFAULT_APOLOGY : this.options.apology;
    if (apology === false) return;
    // Within working time, so that it falls on a working day the applicant can come.
    const calendar = this.options.calendar ?? vietnameseCalendar();
    const newAppointmentAt = new Date(
      calendar.addWorkingTime(Math.max(Date.parse(n.details.appointmentAt), Date.now()), apology.delayMs),
    ).toISOString();
    await this.act(
      'apology',
      n.dossierCode,
      null,
      `/dossiers/${encodeURIComponent(n.dossierCode)}/apology`,
      {
        agencyCode: this.options.agencyCode,
        reason: apology.reason,
        newAppointmentAt,
      },
      `apology/${n.id}`,
    );
  }

  /** One action, retried on a race with the coordinator (409 DOSSIER_CHANGED); the key makes retries safe. */
  private async act(
    action: SimulatorAction['action'],
    dossierCode: string,
    stepId: string | null,
    path: string,
    body: object,
    idempotencyKey: string,
  ): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const res = await this.call('POST', path, body, { 'Idempotency-Key': idempotencyKey });
      const code = (res.body as { code?: string } | null)?.code;
      if (res.status === 409 && code === 'DOSSIER_CHANGED' && attempt < 5) continue;
      this.actions.push({ at: new Date().toISOString(), action, dossierCode, stepId, status: res.status });
      this.log(`${this.options.agencyCode}: ${action} ${dossierCode} ${stepId ?? ''} → ${res.status}`);
      return;
    }
  }

  private async call(
    method: string,
    path: string,
    body?: object,
    extra: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown; text: string }> {
    const headers: Record<string, string> = {
      ...(await this.authHeaders()),
      ...extra,
      ...(body ? { 'content-type': 'application/json' } : {}),
    };
    const res = await fetch(new URL(path, this.options.apiUrl), {
      method,
      headers,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, text };
  }

  /** A bearer token from the client credentials (renewed before it expires). */
  private async authHeaders(): Promise<Record<string, string>> {
    const credentials = this.options.credentials;
    if (!this.token || this.token.expiresAt - Date.now() < 30_000) {
      const res = await fetch(new URL('/auth/token', this.options.apiUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
        }),
      });
      if (!res.ok) throw new Error(`token for ${credentials.clientId}: ${res.status} ${await res.text()}`);
      const token = (await res.json()) as { access_token: string; expires_in: number };
      this.token = { value: token.access_token, expiresAt: Date.now() + token.expires_in * 1000 };
    }
    return { authorization: `Bearer ${this.token.value}` };
  }
}

import { callChannel, ChannelUnavailable } from '../http-json';
import type { PortalStatusMessage, PortalStatus } from './portal-statuses';

/** A dossier an applicant filed on the portal, waiting for a desk to take it in. */
export interface PortalSubmission {
  /** The portal's dossier id (mã hồ sơ trên Cổng): our intake reference. */
  readonly portalId: string;
  readonly submittedAt: string;
  readonly procedureCode: string;
  readonly receivingUnitCode: string;
  readonly applicantCommuneCode?: string;
  readonly stepOwners?: Readonly<Record<string, string>>;
  readonly applicant: {
    readonly fullName: string;
    readonly address: string;
    readonly phone?: string | null;
    readonly email?: string | null;
    readonly idNumber: string;
    readonly dateOfBirth?: string | null;
  };
  readonly documents: readonly { code: string; copies: number; original?: boolean }[];
}

/** What the portal shows of one dossier (for the reconciliation). */
export interface PortalDossierView {
  readonly portalId: string;
  readonly dossierCode: string | null;
  readonly status: PortalStatus | null;
  readonly sequence: number;
}

/**
 * The national portal's side of the connection, as its simulator (and this adapter) define it:
 * `GET /api/submissions?unit=` (dossiers filed and not yet taken in), `GET /api/submissions/{id}`,
 * `PUT /api/dossiers/{id}/status`, `GET /api/dossiers`. Bearer token; JSON; every call with a timeout.
 * docs/channels.md describes the messages, and what to change for a real portal (its LGSP gateway).
 */
export class PortalClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async pendingSubmissions(unit?: string): Promise<PortalSubmission[]> {
    const query = unit ? `?unit=${encodeURIComponent(unit)}` : '';
    return (await this.json<{ items: PortalSubmission[] }>('GET', `/api/submissions${query}`)).items;
  }

  async submission(portalId: string): Promise<PortalSubmission | undefined> {
    return this.json<PortalSubmission | undefined>(
      'GET',
      `/api/submissions/${encodeURIComponent(portalId)}`,
      undefined,
      true,
    );
  }

  /** Pushes one status; resolves with the HTTP status (2xx: taken), throws when unreachable. */
  async pushStatus(message: PortalStatusMessage): Promise<number> {
    const res = await this.call(
      'PUT',
      `/api/dossiers/${encodeURIComponent(message.portalId)}/status`,
      message,
    );
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  }

  async dossiers(): Promise<PortalDossierView[]> {
    return (await this.json<{ items: PortalDossierView[] }>('GET', '/api/dossiers')).items;
  }

  private async json<T>(
    method: string,
    path: string,
    body?: unknown,
    notFoundIsUndefined = false,
  ): Promise<T> {
    const res = await this.call(method, path, body);
    if (notFoundIsUndefined && res.status === 404) return undefined as T;
    if (!res.ok) throw new ChannelUnavailable(`the portal answered ${res.status} to ${method} ${path}`);
    return (await res.json()) as T;
  }

  private call(method: string, path: string, body?: unknown): Promise<Response> {
    return callChannel('the portal', this.baseUrl, this.token, this.timeoutMs, method, path, body);
  }
}

import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
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
  readonly documents: readonly {
    code: string;
    copies: number;
    original?: boolean;
    /** The scans the applicant uploaded on the portal: fetched with `PortalClient.document` when taken in. */
    files?: readonly PortalFile[];
  }[];
}

/** A file of a submission, as the portal describes it (its bytes at `GET /api/submissions/{id}/files/{fileId}`). */
export interface PortalFile {
  readonly fileId: string;
  readonly name: string;
}

/** A document's bytes as the portal serves them. */
export interface PortalDocument {
  readonly body: Readable;
  readonly contentType: string | undefined;
  readonly contentLength: string | undefined;
}

const text = z.string().trim().min(1).max(500);
/** What a submission must look like before anything of ours reads it (the portal is outside). */
export const PORTAL_SUBMISSION_SCHEMA = z.object({
  portalId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash, underscore (1 to 64)'),
  submittedAt: z.string().max(40),
  procedureCode: text,
  receivingUnitCode: text,
  applicantCommuneCode: text.optional(),
  stepOwners: z.record(z.string(), text).optional(),
  applicant: z.object({
    fullName: text,
    address: text,
    phone: z.string().max(40).nullable().optional(),
    email: z.string().max(200).nullable().optional(),
    idNumber: text,
    dateOfBirth: z.string().max(20).nullable().optional(),
  }),
  documents: z
    .array(
      z.object({
        code: text,
        copies: z.number().int().min(1).max(100),
        original: z.boolean().optional(),
        files: z
          .array(
            z.object({
              fileId: z
                .string()
                .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash, underscore (1 to 64)'),
              name: z.string().trim().min(1).max(200),
            }),
          )
          .max(10)
          .optional(),
      }),
    )
    .max(100),
});

/** The submission if it has the shape of one; else what is wrong with it, field by field. */
export function readSubmission(
  value: unknown,
): { ok: true; submission: PortalSubmission } | { ok: false; problems: { path: string; message: string }[] } {
  const parsed = PORTAL_SUBMISSION_SCHEMA.safeParse(value);
  if (parsed.success) return { ok: true, submission: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  };
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
 * `GET /api/submissions/{id}/files/{fileId}` (a document's bytes),
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

  /** One submission as the portal sent it (unchecked: `readSubmission`), or undefined when unknown. */
  async submission(portalId: string): Promise<unknown> {
    return this.json<unknown>('GET', `/api/submissions/${encodeURIComponent(portalId)}`, undefined, true);
  }

  /**
   * The bytes of one of a submission's files, streamed (the caller checks and keeps them as any upload),
   * or undefined when the portal has no such file. Only from the portal's own address: a submission names
   * its files by id, never by URL, so nothing it says makes this process connect elsewhere.
   */
  async document(portalId: string, fileId: string): Promise<PortalDocument | undefined> {
    const path = `/api/submissions/${encodeURIComponent(portalId)}/files/${encodeURIComponent(fileId)}`;
    const res = await this.call('GET', path);
    if (res.status === 404) {
      await res.arrayBuffer().catch(() => undefined);
      return undefined;
    }
    if (!res.ok || !res.body) {
      await res.arrayBuffer().catch(() => undefined);
      throw new ChannelUnavailable(`the portal answered ${res.status} to GET ${path}`);
    }
    const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    // The call's time limit still runs while the body is read, and aborts it after: a body left unread
    // (an upload refused on its type, before reading) then errors with no one reading it. Whoever reads
    // it gets the error as usual; unread, it must not take the process down. The caller destroys it.
    body.on('error', () => undefined);
    return {
      body,
      contentType: res.headers.get('content-type') ?? undefined,
      contentLength: res.headers.get('content-length') ?? undefined,
    };
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

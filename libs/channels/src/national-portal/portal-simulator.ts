import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonBody, LoopbackJsonServer, send } from '../http-json';
import type { PortalSubmission, PortalDossierView } from './portal-client';
import { PORTAL_STATUSES, type PortalStatus, type PortalStatusMessage } from './portal-statuses';

/** A document's file as filed on the simulator: its bytes given (in JSON, `contentBase64`). */
interface FiledFile {
  readonly name: string;
  readonly mediaType: string;
  readonly content?: Buffer;
  readonly contentBase64?: string;
}

type SubmissionInput = Omit<PortalSubmission, 'portalId' | 'submittedAt' | 'documents'> & {
  readonly portalId?: string;
  readonly documents: readonly {
    code: string;
    copies: number;
    original?: boolean;
    files?: readonly FiledFile[];
  }[];
};

interface PortalDossier {
  submission: PortalSubmission;
  /** The documents' bytes, by file id. */
  files: Map<string, { mediaType: string; content: Buffer }>;
  dossierCode: string | null;
  status: PortalStatus | null;
  sequence: number;
  /** Every status message taken, in the order it came. */
  history: PortalStatusMessage[];
}

/**
 * A stand-in for the national public-service portal (Cổng Dịch vụ công quốc gia), for tests and for
 * `npm start` (never a real endpoint): applicants' dossiers filed on it (`file`, or `POST
 * /api/submissions`), the queue the desks take them from, and the statuses we push, kept per dossier
 * (the highest sequence wins). It can be told to fail (`failNext`: 503) or to lose messages silently
 * (`dropNext`: 204, not kept), so the retries and the reconciliation can be seen at work.
 *
 * Its API, under a bearer token: `GET /api/submissions[?unit=]` (filed, not yet received), `GET
 * /api/submissions/{id}`, `GET /api/submissions/{id}/files/{fileId}` (a document's bytes), `POST
 * /api/submissions` (file one; a document's files with `name`, `mediaType` and `contentBase64`), `PUT /api/dossiers/{id}/status`, `GET
 * /api/dossiers`, `GET /api/dossiers/{id}` (with its history).
 */
export class PortalSimulator extends LoopbackJsonServer {
  private readonly dossiers = new Map<string, PortalDossier>();
  private counter = 0;
  private failing = 0;
  private dropping = 0;
  /** Status messages lost on purpose (`dropNext`). */
  readonly dropped: PortalStatusMessage[] = [];

  constructor(
    token: string,
    private readonly year = new Date().getFullYear(),
  ) {
    super(token);
  }

  /** An applicant files a dossier on the portal; its portal id (a repeat of an id keeps the first). */
  file(input: SubmissionInput): string {
    this.counter += 1;
    const portalId = input.portalId ?? `G22.${this.year}.${String(this.counter).padStart(6, '0')}`;
    if (!this.dossiers.has(portalId)) {
      const files = new Map<string, { mediaType: string; content: Buffer }>();
      const documents = input.documents.map(({ files: filed, ...document }) => ({
        ...document,
        ...(filed?.length
          ? {
              files: filed.map((f) => {
                const fileId = `F${files.size + 1}`;
                files.set(fileId, {
                  mediaType: f.mediaType,
                  content: f.content ?? Buffer.from(f.contentBase64 ?? '', 'base64'),
                });
                return { fileId, name: f.name };
              }),
            }
          : {}),
      }));
      this.dossiers.set(portalId, {
        submission: { ...input, documents, portalId, submittedAt: new Date().toISOString() },
        files,
        dossierCode: null,
        status: null,
        sequence: 0,
        history: [],
      });
    }
    return portalId;
  }

  /** The next `n` status pushes are answered 503 (the portal is down). */
  failNext(n: number): void {
    this.failing = n;
  }

  /** The next `n` status pushes are answered 204 and lost (the portal's own fault). */
  dropNext(n: number): void {
    this.dropping = n;
  }

  view(portalId: string): (PortalDossierView & { history: PortalStatusMessage[] }) | undefined {
    const d = this.dossiers.get(portalId);
    return d && { ...viewOf(d), history: [...d.history] };
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://portal');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'api') return send(res, 404, { error: 'not found' });
    const [, collection, id, tail] = parts;
    if (collection === 'submissions' && req.method === 'GET' && id === undefined) {
      const unit = url.searchParams.get('unit');
      const items = [...this.dossiers.values()]
        .filter((d) => d.sequence === 0 && (!unit || d.submission.receivingUnitCode === unit))
        .map((d) => d.submission);
      return send(res, 200, { items });
    }
    if (collection === 'submissions' && req.method === 'GET' && id !== undefined && tail === 'files') {
      const file = this.dossiers.get(id)?.files.get(parts[4] ?? '');
      if (!file) return send(res, 404, { error: 'no such file' });
      res.writeHead(200, { 'content-type': file.mediaType, 'content-length': file.content.length });
      res.end(file.content);
      return;
    }
    if (collection === 'submissions' && req.method === 'GET' && id !== undefined) {
      const d = this.dossiers.get(id);
      return d ? send(res, 200, d.submission) : send(res, 404, { error: 'no such submission' });
    }
    if (collection === 'submissions' && req.method === 'POST') {
      const portalId = this.file((await jsonBody(req)) as SubmissionInput);
      return send(res, 201, { portalId });
    }
    if (collection === 'dossiers' && req.method === 'PUT' && id !== undefined && tail === 'status') {
      const message = (await jsonBody(req)) as PortalStatusMessage;
      const d = this.dossiers.get(id);
      if (!d) return send(res, 404, { error: 'no such dossier' });
      if (!PORTAL_STATUSES.includes(message.status) || !Number.isInteger(message.sequence))
        return send(res, 400, { error: 'bad status message' });
      if (this.failing > 0) {
        this.failing -= 1;
        return send(res, 503, { error: 'the portal is down (simulated)' });
      }
      if (this.dropping > 0) {
        this.dropping -= 1;
        this.dropped.push(message);
        return send(res, 204);
      }
      d.history.push(message);
      if (message.sequence > d.sequence) {
        d.sequence = message.sequence;
        d.status = message.status;
        d.dossierCode = message.dossierCode;
      }
      return send(res, 204);
    }
    if (collection === 'dossiers' && req.method === 'GET' && id === undefined)
      return send(res, 200, { items: [...this.dossiers.values()].map(viewOf) });
    if (collection === 'dossiers' && req.method === 'GET' && id !== undefined) {
      const view = this.view(id);
      return view ? send(res, 200, view) : send(res, 404, { error: 'no such dossier' });
    }
    return send(res, 404, { error: 'not found' });
  }
}

function viewOf(d: PortalDossier): PortalDossierView {
  return {
    portalId: d.submission.portalId,
    dossierCode: d.dossierCode,
    status: d.status,
    sequence: d.sequence,
  };
}

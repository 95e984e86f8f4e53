import { callChannel, ChannelUnavailable } from '../http-json';

/** Where a shipment stands at the postal service. */
export type PostalTrackingStatus = 'accepted' | 'in-transit' | 'delivered' | 'returned-to-sender';

/** Someone the postal service goes to: a name, an address and a phone number. */
export interface PostalParty {
  readonly name: string;
  readonly address: string;
  readonly phone: string | null;
}

/**
 * A shipment to book: a result mailed from the desk to the applicant (reference: the dossier code), or
 * a dossier picked up at the applicant's address and brought to the desk (thu gom hồ sơ tại nhà;
 * reference: our pick-up reference). Asking again with the same reference answers the same shipment.
 */
export type PostalShipmentRequest =
  | {
      readonly reference: string;
      readonly kind: 'result';
      readonly sender: { readonly unitCode: string };
      readonly recipient: PostalParty;
    }
  | {
      readonly reference: string;
      readonly kind: 'pickup';
      readonly sender: PostalParty;
      readonly recipient: { readonly unitCode: string };
    };

export interface PostalShipmentView {
  readonly trackingNumber: string;
  readonly reference: string;
  readonly status: PostalTrackingStatus;
  /** When it reached its status. */
  readonly at: string;
}

/**
 * The public postal service's side (bưu chính công ích), as its simulator and this adapter define it:
 * `POST /api/shipments` (book a shipment; idempotent on `reference`), `GET /api/shipments/{tracking}`.
 * Bearer token; JSON; every call with a timeout. docs/channels.md.
 */
export class PostalClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async book(request: PostalShipmentRequest): Promise<PostalShipmentView> {
    return this.json<PostalShipmentView>('POST', '/api/shipments', request);
  }

  async track(trackingNumber: string): Promise<PostalShipmentView> {
    return this.json<PostalShipmentView>('GET', `/api/shipments/${encodeURIComponent(trackingNumber)}`);
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await callChannel(
      'the postal service',
      this.baseUrl,
      this.token,
      this.timeoutMs,
      method,
      path,
      body,
    );
    if (!res.ok)
      throw new ChannelUnavailable(`the postal service answered ${res.status} to ${method} ${path}`);
    return (await res.json()) as T;
  }
}

/**
 * The postal connection from the settings: `LIEN_THONG_POSTAL_URL` and `LIEN_THONG_POSTAL_TOKEN`.
 * Unset: no postal service (results returned by post are then handed over by hand, untracked).
 */
export function postalClientFromSettings(
  settings: Readonly<Record<string, string | undefined>>,
): PostalClient | null {
  const url = settings['LIEN_THONG_POSTAL_URL']?.trim();
  if (!url) return null;
  const token = settings['LIEN_THONG_POSTAL_TOKEN']?.trim();
  if (!token) throw new Error('LIEN_THONG_POSTAL_URL is set but LIEN_THONG_POSTAL_TOKEN is not');
  return new PostalClient(url, token);
}

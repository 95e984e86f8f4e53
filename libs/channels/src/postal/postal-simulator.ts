import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonBody, LoopbackJsonServer, send } from '../http-json';
import type { PostalShipmentRequest, PostalShipmentView, PostalTrackingStatus } from './postal-client';

interface Shipment {
  request: PostalShipmentRequest;
  view: PostalShipmentView;
}

/**
 * A stand-in for the public postal service (bưu chính công ích), for tests and for `npm start` (never
 * a real operator): shipments (results mailed, dossiers picked up at home) booked by reference (a repeat
 * answers the same tracking number), then picked up, delivered or returned to sender when told
 * (`pickUp`, `deliver`, `returnToSender`). `failNext` makes the next
 * calls answer 503.
 */
export class PostalSimulator extends LoopbackJsonServer {
  private readonly byTracking = new Map<string, Shipment>();
  private readonly byReference = new Map<string, string>();
  private counter = 0;
  private failing = 0;

  failNext(n: number): void {
    this.failing = n;
  }

  /** The shipment booked for `reference` (a dossier code), if any. */
  shipmentFor(
    reference: string,
  ): (PostalShipmentView & Pick<PostalShipmentRequest, 'kind' | 'sender' | 'recipient'>) | undefined {
    const tracking = this.byReference.get(reference);
    const s = tracking ? this.byTracking.get(tracking) : undefined;
    return s && { ...s.view, kind: s.request.kind, sender: s.request.sender, recipient: s.request.recipient };
  }

  /** A pick-up on its way: the postman has the dossier. */
  pickUp(trackingNumber: string, at = new Date()): void {
    this.move(trackingNumber, 'in-transit', at);
  }

  deliver(trackingNumber: string, at = new Date()): void {
    this.move(trackingNumber, 'delivered', at);
  }

  returnToSender(trackingNumber: string, at = new Date()): void {
    this.move(trackingNumber, 'returned-to-sender', at);
  }

  private move(trackingNumber: string, status: PostalTrackingStatus, at: Date): void {
    const s = this.byTracking.get(trackingNumber);
    if (!s) throw new Error(`no shipment ${trackingNumber}`);
    s.view = { ...s.view, status, at: at.toISOString() };
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.failing > 0) {
      this.failing -= 1;
      return send(res, 503, { error: 'the postal service is down (simulated)' });
    }
    const parts = new URL(req.url ?? '/', 'http://post').pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    if (parts[0] !== 'api' || parts[1] !== 'shipments') return send(res, 404, { error: 'not found' });
    if (req.method === 'POST' && parts.length === 2) {
      const request = (await jsonBody(req)) as PostalShipmentRequest;
      const address = request.kind === 'pickup' ? request.sender?.address : request.recipient?.address;
      if (!request.reference || !address) return send(res, 400, { error: 'reference and address' });
      const known = this.byReference.get(request.reference);
      if (known) return send(res, 200, this.byTracking.get(known)!.view);
      this.counter += 1;
      // Số hiệu bưu gửi: 2 letters, 9 digits, VN.
      const trackingNumber = `RR${String(100_000_000 + this.counter).slice(-9)}VN`;
      const view: PostalShipmentView = {
        trackingNumber,
        reference: request.reference,
        status: 'accepted',
        at: new Date().toISOString(),
      };
      this.byTracking.set(trackingNumber, { request, view });
      this.byReference.set(request.reference, trackingNumber);
      return send(res, 201, view);
    }
    if (req.method === 'GET' && parts.length === 3) {
      const s = this.byTracking.get(parts[2]!);
      return s ? send(res, 200, s.view) : send(res, 404, { error: 'no such shipment' });
    }
    return send(res, 404, { error: 'not found' });
  }
}

import type { Pool } from 'pg';
import type { RecordedEvent } from '@lien-thong/event-store';
import type { Migration } from '@lien-thong/postgres';
import type { Projection, ProjectionConnection } from '@lien-thong/projections';
import { PollLoop, retryDelayMs, type BackoffPolicy } from '@lien-thong/agency-notifications';
import { dossierStream, type DossierState, type PostalShipmentUpdatedData } from '@lien-thong/dossier-model';
import type { PersonalDataVault } from '@lien-thong/personal-data';
import type { PostalClient } from './postal-client';

export const POSTAL_SHIPMENTS_PROJECTION = 'postal-shipments';

const migrations: readonly Migration[] = [
  {
    id: '0001-postal-shipments',
    sql: `
      -- Each result returned by post: booked with the postal service, then tracked to its end.
      CREATE TABLE postal_shipments (
        dossier_code    text PRIMARY KEY,
        state           text NOT NULL DEFAULT 'requested'
                        CHECK (state IN ('requested', 'mailed', 'delivered', 'returned-to-sender')),
        tracking_number text,
        requested_at    text NOT NULL,
        failures        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error      text
      );
      CREATE INDEX postal_shipments_due ON postal_shipments (next_attempt_at)
        WHERE state IN ('requested', 'mailed');`,
  },
];

const ORDER = ['requested', 'mailed', 'delivered', 'returned-to-sender'];

/**
 * The results to send by post (issue 24), as a read model: a `ResultReturned` by post asks for a
 * shipment; each `PostalShipmentUpdated` moves it on (never back). The postal dispatcher books and
 * tracks what it lists.
 */
export function postalShipmentsProjection(): Projection {
  return {
    name: POSTAL_SHIPMENTS_PROJECTION,
    filter: { categories: ['dossier'], eventTypes: ['ResultReturned', 'PostalShipmentUpdated'] },
    migrations,
    async handle(event: RecordedEvent, tx: ProjectionConnection): Promise<void> {
      const code = event.streamName.slice('dossier-'.length);
      if (event.type === 'ResultReturned') {
        const data = event.data as { channel: string; returnedAt: string };
        if (data.channel !== 'post') return;
        await tx.query(
          'INSERT INTO postal_shipments (dossier_code, requested_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [code, data.returnedAt],
        );
        return;
      }
      const data = event.data as PostalShipmentUpdatedData;
      await tx.query(
        `UPDATE postal_shipments SET state = $2, tracking_number = $3
          WHERE dossier_code = $1 AND array_position($4::text[], state) < array_position($4::text[], $2)`,
        [code, data.status, data.trackingNumber, ORDER],
      );
    },
    async reset(tx) {
      await tx.query('DELETE FROM postal_shipments');
    },
  };
}

/** What the dispatcher needs of the dossiers context. */
export interface PostalDossiers {
  stateOf(stream: string): Promise<DossierState>;
  recordPostalShipment(
    dossierCode: string,
    data: PostalShipmentUpdatedData,
    actor: { readonly system?: string },
  ): Promise<boolean>;
}

export interface PostalDispatcherOptions {
  readonly batchSize: number;
  /** How often a shipment on its way is asked about. */
  readonly trackEveryMs: number;
  /** The delay after failed calls (its base and cap; the attempts and age are not bounded here). */
  readonly backoff: Pick<BackoffPolicy, 'baseDelayMs' | 'maxDelayMs'>;
  readonly log: (message: string) => void;
}

export const DEFAULT_POSTAL_DISPATCH: Omit<PostalDispatcherOptions, 'log'> = {
  batchSize: 20,
  trackEveryMs: 10 * 60_000,
  backoff: { baseDelayMs: 10_000, maxDelayMs: 30 * 60_000 },
};

interface Due {
  dossier_code: string;
  state: 'requested' | 'mailed';
  tracking_number: string | null;
  failures: number;
}

/**
 * Books each result returned by post with the postal service (to the applicant's address, read from
 * the personal-data vault; the reference is the dossier code, so a repeat books nothing new) and
 * records it `mailed` with its tracking number; then asks after it every `trackEveryMs` and records
 * `delivered` or `returned-to-sender` when the postal service says so. Each status is a dossier event,
 * recorded once whatever the retries. Rows are claimed with `FOR UPDATE SKIP LOCKED` and a lease: any
 * number of workers.
 */
export class PostalDispatcher {
  private readonly loop: PollLoop;

  constructor(
    private readonly pool: Pool,
    private readonly postal: PostalClient,
    private readonly dossiers: PostalDossiers,
    private readonly vault: PersonalDataVault,
    private readonly options: PostalDispatcherOptions,
  ) {
    this.loop = new PollLoop(() => this.round(), {
      batchSize: options.batchSize,
      pollIntervalMs: Math.min(1000, options.trackEveryMs),
      what: 'postal shipments',
      log: options.log,
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  async round(): Promise<number> {
    const { rows } = await this.pool.query<Due>(
      `UPDATE postal_shipments SET next_attempt_at = now() + interval '5 minutes'
        WHERE dossier_code IN (
          SELECT dossier_code FROM postal_shipments
           WHERE state IN ('requested', 'mailed') AND next_attempt_at <= now()
           ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING dossier_code, state, tracking_number, failures`,
      [this.options.batchSize],
    );
    await Promise.all(rows.map((row) => this.work(row)));
    return rows.length;
  }

  private async work(row: Due): Promise<void> {
    try {
      if (row.state === 'requested') await this.book(row.dossier_code);
      else await this.track(row.dossier_code, row.tracking_number!);
      await this.pool.query(
        `UPDATE postal_shipments SET failures = 0, last_error = NULL,
                next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
          WHERE dossier_code = $1`,
        [row.dossier_code, this.options.trackEveryMs],
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const delay = retryDelayMs(
        {
          ...this.options.backoff,
          maxAttempts: Number.POSITIVE_INFINITY,
          maxAgeMs: Number.POSITIVE_INFINITY,
        },
        row.failures + 1,
      );
      this.options.log(
        `postal shipment of ${row.dossier_code}: ${message}; again in ${Math.round(delay / 1000)} s`,
      );
      await this.pool.query(
        `UPDATE postal_shipments SET failures = failures + 1, last_error = $2,
                next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
          WHERE dossier_code = $1`,
        [row.dossier_code, message.slice(0, 500), delay],
      );
    }
  }

  private async book(code: string): Promise<void> {
    const state = await this.dossiers.stateOf(dossierStream(code));
    if (state.applicantDataErased || state.applicantRef === null)
      throw new Error(
        "the applicant's address is no longer known (personal data erased): hand the result over by hand",
      );
    const applicant = await this.vault.open(state.applicantRef);
    if (applicant === 'erased') throw new Error("the applicant's personal data was erased");
    const shipment = await this.postal.book({
      reference: code,
      kind: 'result',
      sender: { unitCode: state.collectAtUnitCode ?? state.receivingUnitCode ?? '' },
      recipient: { name: applicant.fullName, address: applicant.address, phone: applicant.phone ?? null },
    });
    await this.dossiers.recordPostalShipment(
      code,
      { shipment: 'result', trackingNumber: shipment.trackingNumber, status: 'mailed', at: shipment.at },
      { system: 'postal' },
    );
  }

  private async track(code: string, trackingNumber: string): Promise<void> {
    const shipment = await this.postal.track(trackingNumber);
    if (shipment.status !== 'delivered' && shipment.status !== 'returned-to-sender') return;
    await this.dossiers.recordPostalShipment(
      code,
      { shipment: 'result', trackingNumber, status: shipment.status, at: shipment.at },
      { system: 'postal' },
    );
  }
}

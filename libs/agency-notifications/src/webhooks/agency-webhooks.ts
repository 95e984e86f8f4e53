import { agencyNotFound } from '@lien-thong/agencies';
import { notificationError } from '../agency-notifications.errors';
import type { Pool } from 'pg';
import {
  AGENCY_NOTIFICATION_KINDS,
  type DomainError,
  isAgencyNotificationKind,
  type AgencyNotificationKind,
  type ProblemDetail,
} from '@lien-thong/contracts';
import type { AgencyDirectory } from '@lien-thong/agencies';
import { newWebhookSecret } from '../signing/webhook-signature';
import { WebhookAddressPolicy } from './webhook-address-policy';
import type { WebhookSecretCipher } from './webhook-secret-cipher';
import { webhookUrlProblems } from './webhook-url';

/** An agency's webhook as shown to it: never the secret. */
export interface WebhookRegistrationView {
  readonly agencyCode: string;
  readonly url: string;
  /** The kinds subscribed; null means every kind, including kinds added later. */
  readonly events: readonly AgencyNotificationKind[] | null;
  readonly registeredAt: string;
  readonly updatedAt: string;
  readonly secretRotatedAt: string;
  /** Until then deliveries are also signed with the secret replaced by the last rotation. */
  readonly previousSecretValidUntil: string | null;
}

/** The answer that carries a signing secret: shown once, at registration and at each rotation. */
export interface WebhookSecretView extends WebhookRegistrationView {
  readonly secret: string;
}

export interface RegisterWebhookInput {
  readonly url: unknown;
  readonly events?: unknown;
}

export type RegisterWebhookResult =
  | { readonly created: true; readonly registration: WebhookSecretView }
  | { readonly created: false; readonly registration: WebhookRegistrationView };

/** The secrets a delivery is signed with: the current one first, the previous one while in grace. */
export interface SigningTarget {
  readonly url: string;
  readonly secrets: readonly string[];
}

interface WebhookRow {
  agency_code: string;
  url: string;
  events: string[] | null;
  registered_at: Date;
  updated_at: Date;
  secret_rotated_at: Date;
  previous_secret_until: Date | null;
}

const VIEW_COLUMNS =
  'agency_code, url, events, registered_at, updated_at, secret_rotated_at, previous_secret_until';

export const DEFAULT_SECRET_GRACE_MS = 24 * 60 * 60_000;

export interface AgencyWebhooksOptions {
  /** How long a rotated-out secret still signs deliveries (beside the new one). */
  readonly secretGraceMs?: number;
  /** Which hosts a URL may name (default: public addresses only). */
  readonly addressPolicy?: WebhookAddressPolicy;
}

/**
 * Webhook registrations, one per agency (`agency_webhooks`). Only an agency of the directory may have one.
 * The signing secret is generated here, returned once, and kept sealed by `WebhookSecretCipher`.
 */
export class AgencyWebhooks {
  private readonly secretGraceMs: number;
  private readonly addressPolicy: WebhookAddressPolicy;

  constructor(
    private readonly pool: Pool,
    private readonly cipher: WebhookSecretCipher,
    private readonly directory: AgencyDirectory,
    options: AgencyWebhooksOptions = {},
  ) {
    this.secretGraceMs = options.secretGraceMs ?? DEFAULT_SECRET_GRACE_MS;
    this.addressPolicy = options.addressPolicy ?? WebhookAddressPolicy.strict();
  }

  /** Creates (with a new secret, shown once) or updates the URL and kinds (the secret stays). */
  async register(agencyCode: string, input: RegisterWebhookInput): Promise<RegisterWebhookResult> {
    const { url, events } = parseRegistration(input, this.addressPolicy);
    await this.requireAgency(agencyCode);
    const secret = newWebhookSecret();
    const { rows } = await this.pool.query<WebhookRow & { inserted: boolean }>(
      `INSERT INTO agency_webhooks (agency_code, url, events, secret_key_id, secret_sealed)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (agency_code) DO UPDATE SET url = EXCLUDED.url, events = EXCLUDED.events, updated_at = now()
       RETURNING ${VIEW_COLUMNS}, (xmax = 0) AS inserted`,
      [agencyCode, url, events, this.cipher.keyId, this.cipher.seal(secret, agencyCode)],
    );
    const row = rows[0]!;
    return row.inserted
      ? { created: true, registration: { ...toView(row), secret } }
      : { created: false, registration: toView(row) };
  }

  async get(agencyCode: string): Promise<WebhookRegistrationView> {
    await this.requireAgency(agencyCode);
    const { rows } = await this.pool.query<WebhookRow>(
      `SELECT ${VIEW_COLUMNS} FROM agency_webhooks WHERE agency_code = $1`,
      [agencyCode],
    );
    if (!rows[0]) throw notRegistered(agencyCode);
    return toView(rows[0]);
  }

  /** A new secret, shown once; the old one keeps signing beside it for the grace period. */
  async rotateSecret(agencyCode: string): Promise<WebhookSecretView> {
    await this.requireAgency(agencyCode);
    const secret = newWebhookSecret();
    const { rows } = await this.pool.query<WebhookRow>(
      `UPDATE agency_webhooks
          SET previous_secret_sealed = secret_sealed,
              previous_secret_key_id = secret_key_id,
              previous_secret_until = now() + ($3 * interval '1 millisecond'),
              secret_sealed = $2, secret_key_id = $4, secret_rotated_at = now(), updated_at = now()
        WHERE agency_code = $1
        RETURNING ${VIEW_COLUMNS}`,
      [agencyCode, this.cipher.seal(secret, agencyCode), this.secretGraceMs, this.cipher.keyId],
    );
    if (!rows[0]) throw notRegistered(agencyCode);
    return { ...toView(rows[0]), secret };
  }

  /**
   * Removes the registration. Notifications already owed and not delivered are cancelled (they stay in
   * the delivery log); nothing new is owed to the agency until it registers again.
   */
  async remove(agencyCode: string): Promise<void> {
    await this.requireAgency(agencyCode);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const deleted = await client.query('DELETE FROM agency_webhooks WHERE agency_code = $1', [agencyCode]);
      if (deleted.rowCount === 0) throw notRegistered(agencyCode);
      await client.query(
        `UPDATE agency_notification_outbox
            SET status = 'cancelled', claim_token = NULL, last_error = 'webhook registration deleted'
          WHERE agency_code = $1 AND status = 'pending'`,
        [agencyCode],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async requireAgency(agencyCode: string): Promise<void> {
    if (!(await this.directory.snapshot()).exists(agencyCode)) throw agencyNotFound(agencyCode);
  }
}

function parseRegistration(
  input: RegisterWebhookInput,
  addressPolicy: WebhookAddressPolicy,
): {
  url: string;
  events: AgencyNotificationKind[] | null;
} {
  const problems: ProblemDetail[] = [...webhookUrlProblems(input.url, 'url', addressPolicy)];
  let events: AgencyNotificationKind[] | null = null;
  if (input.events !== undefined && input.events !== null) {
    if (!Array.isArray(input.events) || input.events.length === 0) {
      problems.push({
        path: 'events',
        code: 'INVALID',
        message: 'events: must be a non-empty list of kinds (omit it for every kind)',
      });
    } else {
      input.events.forEach((kind: unknown, i) => {
        if (!isAgencyNotificationKind(kind))
          problems.push({
            path: `events[${i}]`,
            code: 'UNKNOWN_KIND',
            message: `events[${i}]: must be one of ${AGENCY_NOTIFICATION_KINDS.join(', ')}`,
          });
      });
      events = [...new Set(input.events.filter(isAgencyNotificationKind))];
    }
  }
  if (problems.length > 0)
    throw notificationError(
      'WEBHOOK_REGISTRATION_INVALID',
      problems.map((p) => p.message).join('; '),
      problems.some((p) => p.code === 'ADDRESS_NOT_ALLOWED')
        ? 'Đăng ký webhook không hợp lệ: URL phải trỏ tới một địa chỉ công khai trên Internet, không được trỏ tới máy cục bộ hay mạng nội bộ'
        : 'Đăng ký webhook không hợp lệ',
      problems,
    );
  return { url: input.url as string, events };
}

function toView(row: WebhookRow): WebhookRegistrationView {
  return {
    agencyCode: row.agency_code,
    url: row.url,
    events: row.events ? row.events.filter(isAgencyNotificationKind) : null,
    registeredAt: row.registered_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    secretRotatedAt: row.secret_rotated_at.toISOString(),
    previousSecretValidUntil: row.previous_secret_until?.toISOString() ?? null,
  };
}

function notRegistered(agencyCode: string): DomainError {
  return notificationError(
    'WEBHOOK_NOT_REGISTERED',
    `Agency ${agencyCode} has no webhook registered`,
    `Cơ quan ${agencyCode} chưa đăng ký webhook`,
  );
}

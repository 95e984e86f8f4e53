import type { Pool } from 'pg';
import type { WebhookSecretCipher } from './webhook-secret-cipher';

interface SecretRow {
  agency_code: string;
  secret_key_id: string;
  secret_sealed: Buffer;
  previous_secret_key_id: string | null;
  previous_secret_sealed: Buffer | null;
}

/**
 * Re-seals, under the cipher's current vault master key, up to `limit` webhook registrations whose
 * secret (or previous secret, during a secret rotation's grace) is sealed under another master key the
 * cipher knows; returns how many. Part of a master-key rotation (`npm run vault:rotate-master-key`).
 * The rows are locked while re-sealed: a registration or a secret rotation at the same moment waits for
 * the batch, then writes over its result with its own (current-key) ciphertext.
 */
export async function resealWebhookSecrets(
  pool: Pool,
  cipher: WebhookSecretCipher,
  limit: number,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<SecretRow>(
      `SELECT agency_code, secret_key_id, secret_sealed, previous_secret_key_id, previous_secret_sealed
         FROM agency_webhooks
        WHERE (secret_key_id <> $1 AND secret_key_id = ANY($2))
           OR (previous_secret_sealed IS NOT NULL AND previous_secret_key_id <> $1
               AND previous_secret_key_id = ANY($2))
        ORDER BY agency_code LIMIT $3
        FOR UPDATE`,
      [cipher.keyId, cipher.knownKeyIds(), limit],
    );
    for (const row of rows) {
      // A secret under a key this process does not know stays as it is (and is reported as such).
      const reseal = (sealed: Buffer, keyId: string): [Buffer, string] =>
        cipher.knows(keyId)
          ? [cipher.seal(cipher.open(sealed, row.agency_code, keyId), row.agency_code), cipher.keyId]
          : [sealed, keyId];
      const [secret, secretKeyId] = reseal(row.secret_sealed, row.secret_key_id);
      const [previous, previousKeyId] = row.previous_secret_sealed
        ? reseal(row.previous_secret_sealed, row.previous_secret_key_id ?? row.secret_key_id)
        : [null, null];
      await client.query(
        `UPDATE agency_webhooks
            SET secret_sealed = $2, secret_key_id = $3, previous_secret_sealed = $4, previous_secret_key_id = $5
          WHERE agency_code = $1`,
        [row.agency_code, secret, secretKeyId, previous, previousKeyId],
      );
    }
    await client.query('COMMIT');
    return rows.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** How many webhook signing secrets (current and previous) each vault master key seals. */
export async function webhookSecretKeyUsage(pool: Pool): Promise<Readonly<Record<string, number>>> {
  const { rows } = await pool.query<{ key_id: string; n: number }>(
    `SELECT key_id, count(*)::int AS n FROM (
       SELECT secret_key_id AS key_id FROM agency_webhooks
       UNION ALL
       SELECT coalesce(previous_secret_key_id, secret_key_id) FROM agency_webhooks
        WHERE previous_secret_sealed IS NOT NULL
     ) k GROUP BY key_id ORDER BY key_id`,
  );
  return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
}

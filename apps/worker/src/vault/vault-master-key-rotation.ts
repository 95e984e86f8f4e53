import type { Pool } from 'pg';
import {
  resealWebhookSecrets,
  WebhookSecretCipher,
  webhookSecretKeyUsage,
} from '@lien-thong/agency-notifications';
import type { VaultKeyring } from '@lien-thong/config';
import { PostgresPersonalDataVault } from '@lien-thong/personal-data';

export interface RotationOptions {
  /** Rows per transaction; each batch commits on its own, so an interrupted run loses nothing. */
  readonly batchSize?: number;
  /** Only report which master keys are in use; change nothing. */
  readonly statusOnly?: boolean;
  readonly log?: (line: string) => void;
}

export interface RotationReport {
  readonly currentKeyId: string;
  readonly statusOnly: boolean;
  readonly rewrappedDataKeys: number;
  readonly resealedWebhookSecrets: number;
  /** Live data keys per master key id, after the run. */
  readonly dataKeys: Readonly<Record<string, number>>;
  /** Webhook signing secrets per master key id, after the run. */
  readonly webhookSecrets: Readonly<Record<string, number>>;
  /** Configured read-only keys that nothing uses any more: they may be removed, then destroyed. */
  readonly unusedKeyIds: readonly string[];
  /** Keys other than the current one that something still uses (unknown here, or written meanwhile). */
  readonly stillUsedKeyIds: readonly string[];
}

export const DEFAULT_ROTATION_BATCH = 500;

/**
 * Re-wraps every personal-data key and re-seals every webhook signing secret under the keyring's current
 * master key, batch by batch, then says which master keys nothing uses any more. Safe beside running API
 * and worker processes that already know the current key (see docs/dossiers.md, "Rotating the master
 * key"); resumable: a second run continues with what the first left.
 */
export async function rotateVaultMasterKey(
  pool: Pool,
  keyring: VaultKeyring,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH;
  const log = options.log ?? (() => undefined);
  const vault = new PostgresPersonalDataVault(pool, keyring);
  const cipher = new WebhookSecretCipher(keyring);
  let rewrappedDataKeys = 0;
  let resealedWebhookSecrets = 0;
  if (!options.statusOnly) {
    for (let n = await vault.rewrapDataKeys(batchSize); n > 0; n = await vault.rewrapDataKeys(batchSize)) {
      rewrappedDataKeys += n;
      log(`re-wrapped ${rewrappedDataKeys} personal-data keys under "${keyring.currentId}"`);
    }
    for (let n = await resealWebhookSecrets(pool, cipher, batchSize); n > 0;) {
      resealedWebhookSecrets += n;
      log(`re-sealed ${resealedWebhookSecrets} webhook registrations under "${keyring.currentId}"`);
      n = await resealWebhookSecrets(pool, cipher, batchSize);
    }
  }
  const dataKeys = await vault.masterKeyUsage();
  const webhookSecrets = await webhookSecretKeyUsage(pool);
  const used = new Set([...Object.keys(dataKeys), ...Object.keys(webhookSecrets)]);
  used.delete(keyring.currentId);
  return {
    currentKeyId: keyring.currentId,
    statusOnly: options.statusOnly === true,
    rewrappedDataKeys,
    resealedWebhookSecrets,
    dataKeys,
    webhookSecrets,
    unusedKeyIds: keyring.ids.filter((id) => id !== keyring.currentId && !used.has(id)),
    stillUsedKeyIds: [...used].sort(),
  };
}

/** The report as the operator reads it. */
export function describeRotation(report: RotationReport, knownKeyIds: readonly string[]): string[] {
  const counts = (usage: Readonly<Record<string, number>>) =>
    Object.entries(usage)
      .map(([id, n]) => `"${id}" ${n}`)
      .join(', ') || 'none';
  const lines = [
    `current master key: "${report.currentKeyId}"`,
    `personal-data keys by master key: ${counts(report.dataKeys)}`,
    `webhook signing secrets by master key: ${counts(report.webhookSecrets)}`,
  ];
  for (const id of report.stillUsedKeyIds)
    lines.push(
      !knownKeyIds.includes(id)
        ? `master key "${id}" is used but not configured here: add it to LIEN_THONG_VAULT_READ_KEYS and run this again`
        : report.statusOnly
          ? `master key "${id}" is still used: run this without --status to re-wrap under "${report.currentKeyId}"`
          : `master key "${id}" is still used: a process still has it as its current key (LIEN_THONG_VAULT_KEY_ID); switch every process to "${report.currentKeyId}" and run this again`,
    );
  if (report.stillUsedKeyIds.length === 0)
    lines.push(
      report.unusedKeyIds.length > 0
        ? `nothing uses ${report.unusedKeyIds.map((id) => `"${id}"`).join(', ')} any more: remove it from LIEN_THONG_VAULT_READ_KEYS in every process, then destroy it once no backup you keep needs it (docs/dossiers.md, "What erasure guarantees")`
        : `everything is under "${report.currentKeyId}"`,
    );
  return lines;
}

import path from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { migrateAgencyNotifications } from '@lien-thong/agency-notifications';
import { defaultDataRoot, ensureDatabase, runMigrations, startPostgres } from '@lien-thong/postgres';
import { VaultKeyring } from '@lien-thong/config';
import { DEFAULT_ROTATION_BATCH, describeRotation, rotateVaultMasterKey } from './vault-master-key-rotation';
import { vaultMigrations } from '@lien-thong/personal-data';

const USAGE =
  'usage: LIEN_THONG_VAULT_KEY=<new> LIEN_THONG_VAULT_KEY_ID=<new id> LIEN_THONG_VAULT_READ_KEYS=<old id>:<old key> \\\n' +
  `       npm run vault:rotate-master-key [-- --batch-size ${DEFAULT_ROTATION_BATCH}] [--status]`;

/**
 * `npm run vault:rotate-master-key`: re-wraps every personal-data key and webhook signing secret under
 * the current master key (LIEN_THONG_VAULT_KEY / LIEN_THONG_VAULT_KEY_ID), reading the old ones from
 * LIEN_THONG_VAULT_READ_KEYS, then says whether an old key is still used. Exit status 0 when nothing uses
 * any key but the current one, 1 otherwise. Uses DATABASE_URL, or the embedded PostgreSQL of `npm start`.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'batch-size': { type: 'string', default: String(DEFAULT_ROTATION_BATCH) },
      status: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize <= 0 || batchSize > 100_000) {
    console.error(`--batch-size must be a whole number from 1 to 100000\n${USAGE}`);
    return 2;
  }
  const keyring = VaultKeyring.fromConfig({
    vaultMasterKey: process.env.LIEN_THONG_VAULT_KEY,
    vaultKeyId: process.env.LIEN_THONG_VAULT_KEY_ID,
    vaultReadKeys: process.env.LIEN_THONG_VAULT_READ_KEYS,
  });
  const pg = await startPostgres({ dataDir: path.join(defaultDataRoot(), 'postgres') });
  const databaseUrl = pg.embedded ? await ensureDatabase(pg.url, 'lien_thong') : pg.url;
  const pool = new Pool({ connectionString: databaseUrl });
  try {
    // The tables (and the index this walks) exist once the API has started; applying is idempotent.
    await runMigrations(pool, 'personal-data-vault', vaultMigrations);
    await migrateAgencyNotifications(pool);
    const report = await rotateVaultMasterKey(pool, keyring, {
      batchSize,
      statusOnly: values.status,
      log: (line) => console.log(line),
    });
    for (const line of describeRotation(report, keyring.ids)) console.log(line);
    return report.stillUsedKeyIds.length > 0 ? 1 : 0;
  } finally {
    await pool.end();
    await pg.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { join, resolve } from 'node:path';
import type { Pool } from 'pg';
import { PG_POOL, runMigrations } from '@lien-thong/postgres';
import { RUNTIME_CONFIG, settingsOf, type RuntimeConfig } from '@lien-thong/config';
import { filePolicyFromSettings } from './file-policy';
import { FILE_RECORDS_MIGRATIONS_COMPONENT, FileRecords, fileRecordsMigrations } from './file-records';
import { FILE_SCANNER, fileScannerFromSettings, type FileScanner } from './file-scanner';
import { FILE_STORE, FileStaging, LocalDiskFileStore, type FileStore } from './file-store';
import { S3FileStore, type S3FileStoreOptions } from './s3-file-store';
import { FileUploads } from './file-uploads';
import { FILE_JANITOR_OPTIONS, FileJanitor, type FileJanitorOptions } from './file-janitor';
import { FilesHttpController } from './files.http.controller';

/** The setting naming where files are kept, and its default (relative to the working directory). */
const FILES_DIR_SETTING = 'LIEN_THONG_FILES_DIR';
export const DEFAULT_FILES_DIR = '.data/files';
/** How long an upload may wait to be attached: 7 days by default. */
const RETENTION_SETTING = 'LIEN_THONG_FILE_RETENTION_HOURS';
const DEFAULT_FILE_RETENTION_HOURS = 168;
/** How often the janitor looks: hourly by default. */
const JANITOR_INTERVAL_SETTING = 'LIEN_THONG_FILE_JANITOR_INTERVAL_SECONDS';
const DEFAULT_FILE_JANITOR_INTERVAL_SECONDS = 3_600;
/** `local` (default) or `s3`. */
const STORE_SETTING = 'LIEN_THONG_FILE_STORE';
/** Where an S3-compatible store is and how to sign for it. */
const S3_SETTINGS = {
  bucket: 'LIEN_THONG_S3_BUCKET',
  prefix: 'LIEN_THONG_S3_PREFIX',
  endpoint: 'LIEN_THONG_S3_ENDPOINT',
  region: 'LIEN_THONG_S3_REGION',
  accessKeyId: 'LIEN_THONG_S3_ACCESS_KEY_ID',
  secretAccessKey: 'LIEN_THONG_S3_SECRET_ACCESS_KEY',
} as const;

function filesDir(settings: Readonly<Record<string, string | undefined>>): string {
  return resolve(settings[FILES_DIR_SETTING]?.trim() || DEFAULT_FILES_DIR);
}

/** LIEN_THONG_S3_*: the bucket is required (the API and the worker refuse to start without it). */
export function s3OptionsFrom(settings: Readonly<Record<string, string | undefined>>): S3FileStoreOptions {
  const bucket = settings[S3_SETTINGS.bucket]?.trim();
  if (!bucket) throw new Error(`LIEN_THONG_FILE_STORE=s3 needs ${S3_SETTINGS.bucket}`);
  const optional = (name: (typeof S3_SETTINGS)[keyof typeof S3_SETTINGS]) =>
    settings[name]?.trim() || undefined;
  const options: { -readonly [K in keyof S3FileStoreOptions]: S3FileStoreOptions[K] } = { bucket };
  for (const key of ['prefix', 'endpoint', 'region', 'accessKeyId', 'secretAccessKey'] as const) {
    const value = optional(S3_SETTINGS[key]);
    if (value !== undefined) options[key] = value;
  }
  return options;
}

class FilesBootstrap implements OnModuleInit {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.pool, FILE_RECORDS_MIGRATIONS_COMPONENT, fileRecordsMigrations);
  }
}

/**
 * Uploaded files (issue 24): `POST /files`, the `files` table, the file store (local disk under
 * LIEN_THONG_FILES_DIR), the size and type policy and the virus-scan hook. Exports what the dossiers
 * need to attach files to step results and to serve them.
 */
@Module({
  controllers: [FilesHttpController],
  providers: [
    FilesBootstrap,
    {
      provide: FILE_STORE,
      useFactory: (config: RuntimeConfig): FileStore => {
        const settings = settingsOf(config);
        return settings[STORE_SETTING] === 's3'
          ? new S3FileStore(s3OptionsFrom(settings))
          : new LocalDiskFileStore(filesDir(settings));
      },
      inject: [RUNTIME_CONFIG],
    },
    {
      provide: FILE_SCANNER,
      useFactory: (config: RuntimeConfig) => fileScannerFromSettings(settingsOf(config)),
      inject: [RUNTIME_CONFIG],
    },
    { provide: FileRecords, useFactory: (pool: Pool) => new FileRecords(pool), inject: [PG_POOL] },
    {
      provide: FILE_JANITOR_OPTIONS,
      useFactory: (config: RuntimeConfig): FileJanitorOptions => {
        const settings = settingsOf(config);
        const logger = new Logger('FileJanitor');
        return {
          retentionMs: Number(settings[RETENTION_SETTING] ?? DEFAULT_FILE_RETENTION_HOURS) * 3_600_000,
          intervalMs:
            Number(settings[JANITOR_INTERVAL_SETTING] ?? DEFAULT_FILE_JANITOR_INTERVAL_SECONDS) * 1_000,
          log: (message) => logger.log(message),
        };
      },
      inject: [RUNTIME_CONFIG],
    },
    FileJanitor,
    {
      provide: FileUploads,
      useFactory: (config: RuntimeConfig, store: FileStore, records: FileRecords, scanner: FileScanner) => {
        // Received, checked and scanned on local disk first, whatever the store: beside the files on the
        // same file system (a rename), or under the files directory when they go to S3.
        const staging =
          store instanceof LocalDiskFileStore
            ? store.staging()
            : new FileStaging(join(filesDir(settingsOf(config)), '.staging'));
        return new FileUploads(filePolicyFromSettings(settingsOf(config)), staging, store, records, scanner);
      },
      inject: [RUNTIME_CONFIG, FILE_STORE, FileRecords, FILE_SCANNER],
    },
  ],
  exports: [FILE_STORE, FileRecords, FileJanitor, FileUploads],
})
export class FilesModule {}

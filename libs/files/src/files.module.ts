import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { resolve } from 'node:path';
import type { Pool } from 'pg';
import { PG_POOL, runMigrations } from '@lien-thong/postgres';
import { RUNTIME_CONFIG, settingsOf, type RuntimeConfig } from '@lien-thong/config';
import { filePolicyFromSettings } from './file-policy';
import { FILE_RECORDS_MIGRATIONS_COMPONENT, FileRecords, fileRecordsMigrations } from './file-records';
import { FILE_SCANNER, fileScannerFromSettings, type FileScanner } from './file-scanner';
import { FILE_STORE, LocalDiskFileStore, type FileStore } from './file-store';
import { FileUploads } from './file-uploads';
import { FILE_JANITOR_OPTIONS, FileJanitor, type FileJanitorOptions } from './file-janitor';
import { FilesHttpController } from './files.http.controller';

/** The setting naming where files are kept, and its default (relative to the working directory). */
const FILES_DIR_SETTING = 'LIEN_THONG_FILES_DIR';
export const DEFAULT_FILES_DIR = '.data/files';
/** How long an upload may wait to be attached (LIEN_THONG_FILE_RETENTION_HOURS): 7 days. */
const DEFAULT_FILE_RETENTION_HOURS = 168;
/** How often the janitor looks (LIEN_THONG_FILE_JANITOR_INTERVAL_SECONDS): hourly. */
const DEFAULT_FILE_JANITOR_INTERVAL_SECONDS = 3_600;

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
      useFactory: (config: RuntimeConfig) =>
        new LocalDiskFileStore(resolve(settingsOf(config)[FILES_DIR_SETTING]?.trim() || DEFAULT_FILES_DIR)),
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
          retentionMs:
            Number(settings.LIEN_THONG_FILE_RETENTION_HOURS ?? DEFAULT_FILE_RETENTION_HOURS) * 3_600_000,
          intervalMs:
            Number(
              settings.LIEN_THONG_FILE_JANITOR_INTERVAL_SECONDS ?? DEFAULT_FILE_JANITOR_INTERVAL_SECONDS,
            ) * 1_000,
          log: (message) => logger.log(message),
        };
      },
      inject: [RUNTIME_CONFIG],
    },
    FileJanitor,
    {
      provide: FileUploads,
      useFactory: (config: RuntimeConfig, store: FileStore, records: FileRecords, scanner: FileScanner) => {
        if (!(store instanceof LocalDiskFileStore))
          throw new Error('only the local disk file store is built in');
        return new FileUploads(
          filePolicyFromSettings(settingsOf(config)),
          store.staging(),
          store,
          records,
          scanner,
        );
      },
      inject: [RUNTIME_CONFIG, FILE_STORE, FileRecords, FILE_SCANNER],
    },
  ],
  exports: [FILE_STORE, FileRecords, FileJanitor],
})
export class FilesModule {}

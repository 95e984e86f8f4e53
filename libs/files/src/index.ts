export { FilesModule, DEFAULT_FILES_DIR, s3OptionsFrom } from './files.module';
export { S3FileStore, type S3FileStoreOptions } from './s3-file-store';
export { FileJanitor, FILE_JANITOR_OPTIONS, type FileJanitorOptions } from './file-janitor';
export {
  FILE_STORE,
  LocalDiskFileStore,
  FileStaging,
  FileTooLarge,
  UploadInterrupted,
  type FileStore,
  type StagedFile,
} from './file-store';
export { FileRecords, fileRecordsMigrations, PUBLIC_UPLOADS_OWNER, type FileRecord } from './file-records';
export {
  FileUploads,
  uploadFromRequest,
  fileNameOf,
  type UploadedFile,
  type Uploader,
  type UploadRequest,
} from './file-uploads';
export {
  FILE_SCANNER,
  CommandFileScanner,
  NoFileScanner,
  fileScannerFromSettings,
  type FileScanner,
  type ScanVerdict,
} from './file-scanner';
export {
  filePolicyFromSettings,
  startsAsDeclared,
  normaliseMediaType,
  KNOWN_FILE_TYPES,
  DEFAULT_FILE_MAX_BYTES,
  type FilePolicy,
} from './file-policy';
export { resolveAttachments, type AttachmentReference } from './attachments';
export { fileError, FILE_ERROR_CODES, type FileErrorCode } from './file-errors';

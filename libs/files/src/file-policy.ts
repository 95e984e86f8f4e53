/**
 * What the system accepts as a file (issue 24): a size limit and a list of media types, each checked
 * against the file's first bytes, so a file declared as a PDF is a PDF. Hand-written rather than a
 * detection library: we confirm one declared type among a few formats (their signatures are fixed by
 * their specifications), and the well-known detection packages are ESM-only.
 */
export interface FilePolicy {
  readonly maxBytes: number;
  /** Lowercase media types, without parameters. */
  readonly mediaTypes: readonly string[];
}

/** 20 MiB: a scanned multi-page A4 document at 300 dpi. */
export const DEFAULT_FILE_MAX_BYTES = 20 * 1024 * 1024;

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** The first bytes each accepted format starts with (any one of the listed signatures). */
const SIGNATURES: Readonly<Record<string, readonly (readonly number[])[]>> = {
  'application/pdf': [[0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/png': [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  'image/tiff': [
    [0x49, 0x49, 0x2a, 0x00],
    [0x4d, 0x4d, 0x00, 0x2a],
  ],
  // Office Open XML and OpenDocument are ZIP packages.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [ZIP],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': [ZIP],
  'application/vnd.oasis.opendocument.text': [ZIP],
  'application/vnd.oasis.opendocument.spreadsheet': [ZIP],
};

/** Every media type the system knows how to check; the default list accepts all of them. */
export const KNOWN_FILE_TYPES: readonly string[] = Object.keys(SIGNATURES);

/** The most bytes `startsAsDeclared` looks at. */
export const SIGNATURE_BYTES = 8;

/** `application/PDF; charset=x` → `application/pdf`. */
export function normaliseMediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Whether `head` (the file's first bytes) starts as a file of `mediaType` does. */
export function startsAsDeclared(mediaType: string, head: Buffer): boolean {
  const signatures = SIGNATURES[mediaType];
  if (!signatures) return false;
  return signatures.some((sig) => sig.length <= head.length && sig.every((byte, i) => head[i] === byte));
}

/**
 * The policy from the settings: `LIEN_THONG_FILE_MAX_BYTES` (default 20 MiB) and
 * `LIEN_THONG_FILE_TYPES` (comma-separated, each one of KNOWN_FILE_TYPES; default all of them).
 */
export function filePolicyFromSettings(settings: Readonly<Record<string, string | undefined>>): FilePolicy {
  const max = settings.LIEN_THONG_FILE_MAX_BYTES?.trim();
  const maxBytes = max ? Number(max) : DEFAULT_FILE_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0)
    throw new Error(`LIEN_THONG_FILE_MAX_BYTES must be a positive whole number of bytes; got "${max}"`);
  const listed = settings.LIEN_THONG_FILE_TYPES?.trim();
  const mediaTypes = listed
    ? listed
        .split(',')
        .map((t) => normaliseMediaType(t))
        .filter((t) => t !== '')
    : [...KNOWN_FILE_TYPES];
  const unknown = mediaTypes.filter((t) => !KNOWN_FILE_TYPES.includes(t));
  if (unknown.length > 0 || mediaTypes.length === 0)
    throw new Error(
      `LIEN_THONG_FILE_TYPES may list only ${KNOWN_FILE_TYPES.join(', ')}; got "${listed}"` +
        (unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''),
    );
  return { maxBytes, mediaTypes };
}

import { execFile } from 'node:child_process';

/** What a virus scan said of one file. */
export type ScanVerdict =
  | { readonly outcome: 'clean' }
  | { readonly outcome: 'infected'; readonly detail: string }
  /** No scanner is configured: the file is kept, recorded as not scanned. */
  | { readonly outcome: 'not-scanned' };

/** The hook point for a virus scanner: it looks at a staged file before anything keeps it. */
export interface FileScanner {
  /** Throws when the scanner cannot give an answer (the upload is then refused with 503, nothing kept). */
  scan(path: string): Promise<ScanVerdict>;
}

export const FILE_SCANNER = Symbol.for('lien-thong.FileScanner');

export class NoFileScanner implements FileScanner {
  scan(): Promise<ScanVerdict> {
    return Promise.resolve({ outcome: 'not-scanned' });
  }
}

/**
 * Runs a command-line scanner on the staged file, its path as the last argument, with the exit codes
 * of ClamAV's `clamscan` / `clamdscan`: 0 clean, 1 infected (what it printed is the detail), anything
 * else (or no answer within the time limit) an error. `LIEN_THONG_FILE_SCAN_COMMAND`, e.g.
 * `clamdscan --no-summary --fdpass`; split on spaces, run without a shell.
 */
export class CommandFileScanner implements FileScanner {
  private readonly program: string;
  private readonly args: readonly string[];

  constructor(
    command: string,
    private readonly timeoutMs = 60_000,
  ) {
    const parts = command.trim().split(/\s+/);
    if (parts[0] === undefined || parts[0] === '') throw new Error('LIEN_THONG_FILE_SCAN_COMMAND is empty');
    this.program = parts[0];
    this.args = parts.slice(1);
  }

  scan(path: string): Promise<ScanVerdict> {
    return new Promise((resolve, reject) => {
      execFile(
        this.program,
        [...this.args, path],
        { timeout: this.timeoutMs, maxBuffer: 1024 * 1024 },
        (error, stdout, stderr) => {
          if (!error) return resolve({ outcome: 'clean' });
          // execFile's error carries the exit code as `code` (a number), or a string such as ENOENT.
          const code = (error as { code?: unknown }).code;
          if (code === 1)
            return resolve({ outcome: 'infected', detail: `${stdout}`.trim().slice(0, 500) || 'infected' });
          reject(
            new Error(
              `the virus scanner (${this.program}) gave no answer: ${`${stderr}`.trim() || error.message}`,
            ),
          );
        },
      );
    });
  }
}

export function fileScannerFromSettings(settings: Readonly<Record<string, string | undefined>>): FileScanner {
  const command = settings.LIEN_THONG_FILE_SCAN_COMMAND?.trim();
  return command ? new CommandFileScanner(command) : new NoFileScanner();
}

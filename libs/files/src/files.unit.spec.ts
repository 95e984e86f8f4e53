import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { type DomainError } from '@lien-thong/contracts';
import { filePolicyFromSettings, KNOWN_FILE_TYPES, startsAsDeclared } from './file-policy';
import { CommandFileScanner } from './file-scanner';
import { FileTooLarge, LocalDiskFileStore, UploadInterrupted } from './file-store';
import { fileNameOf } from './file-uploads';

describe('files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lt-files-unit-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('checks a declared type against the first bytes', () => {
    expect(startsAsDeclared('application/pdf', Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(startsAsDeclared('application/pdf', Buffer.from('%PDF'))).toBe(false);
    expect(startsAsDeclared('image/png', Buffer.from('89504e470d0a1a0a', 'hex'))).toBe(true);
    expect(startsAsDeclared('image/jpeg', Buffer.from('89504e470d0a1a0a', 'hex'))).toBe(false);
    expect(startsAsDeclared('image/tiff', Buffer.from('4d4d002a', 'hex'))).toBe(true);
    expect(startsAsDeclared('text/plain', Buffer.from('hello'))).toBe(false);
  });

  it('reads the policy from the settings, refusing what it cannot check', () => {
    expect(filePolicyFromSettings({})).toEqual({ maxBytes: 20 * 1024 * 1024, mediaTypes: KNOWN_FILE_TYPES });
    expect(
      filePolicyFromSettings({
        LIEN_THONG_FILE_MAX_BYTES: '1000',
        LIEN_THONG_FILE_TYPES: 'application/PDF, image/png',
      }),
    ).toEqual({ maxBytes: 1000, mediaTypes: ['application/pdf', 'image/png'] });
    expect(() => filePolicyFromSettings({ LIEN_THONG_FILE_TYPES: 'application/pdf,text/html' })).toThrow(
      /unknown: text\/html/,
    );
    expect(() => filePolicyFromSettings({ LIEN_THONG_FILE_MAX_BYTES: '-1' })).toThrow(
      /positive whole number/,
    );
  });

  it("takes the file's name from Content-Disposition, Vietnamese included, and refuses paths", () => {
    expect(fileNameOf(`attachment; filename*=UTF-8''${encodeURIComponent('Giấy khai sinh.pdf')}`)).toBe(
      'Giấy khai sinh.pdf',
    );
    expect(fileNameOf('attachment; filename="to khai.pdf"')).toBe('to khai.pdf');
    expect(fileNameOf('attachment; filename=a.pdf')).toBe('a.pdf');
    const code = (value: string | undefined) => {
      try {
        fileNameOf(value);
        return 'accepted';
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    expect(code(undefined)).toBe('FILE_NAME_INVALID');
    expect(code('attachment')).toBe('FILE_NAME_INVALID');
    expect(code(`attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`)).toBe('FILE_NAME_INVALID');
    expect(code(`attachment; filename*=UTF-8''%E0%A4%A`)).toBe('FILE_NAME_INVALID');
    expect(code(`attachment; filename="${'a'.repeat(201)}"`)).toBe('FILE_NAME_INVALID');
  });

  it('stages a body with its size and sha256, stops at the limit, and keeps it durably under its id', async () => {
    const store = new LocalDiskFileStore(dir);
    const staging = store.staging();
    const body = Buffer.from('%PDF-1.4 hello');
    const staged = await staging.receive(Readable.from([body.subarray(0, 3), body.subarray(3)]), 100);
    expect(staged).toMatchObject({
      sizeBytes: body.length,
      sha256: 'f31cdee0b4d4fdae0638872f6bb7d0e6ee041386a9055d5e64c25d9d35dc88d1',
    });
    expect(staged.head.toString('latin1')).toBe('%PDF-1.4');
    const id = '0f0e0d0c-0b0a-4908-8706-050403020100';
    await store.put(id, staged);
    expect(readFileSync(join(dir, '0f', id))).toEqual(body);
    const opened = await store.open(id);
    const chunks: Buffer[] = [];
    for await (const chunk of opened!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(body);
    expect(await store.open('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    await store.remove(id);
    expect(await store.open(id)).toBeUndefined();

    await expect(
      staging.receive(Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), 100),
    ).rejects.toBeInstanceOf(FileTooLarge);
    const cut = new PassThrough();
    const pending = staging.receive(cut, 100);
    cut.write(Buffer.alloc(10));
    cut.destroy(new Error('aborted'));
    await expect(pending).rejects.toBeInstanceOf(UploadInterrupted);
    expect(readdirSync(join(dir, '.staging'))).toEqual([]);
  });

  it('runs a command-line scanner with the exit codes of ClamAV', async () => {
    const script = join(dir, 'scan.sh');
    writeFileSync(
      script,
      '#!/bin/sh\ncase "$(cat "$1")" in *EICAR*) echo "FOUND"; exit 1;; *FAIL*) exit 2;; esac\n',
    );
    chmodSync(script, 0o755);
    const file = (content: string) => {
      const path = join(dir, `f-${content}`);
      writeFileSync(path, content);
      return path;
    };
    const scanner = new CommandFileScanner(script);
    await expect(scanner.scan(file('ok'))).resolves.toEqual({ outcome: 'clean' });
    await expect(scanner.scan(file('EICAR'))).resolves.toEqual({ outcome: 'infected', detail: 'FOUND' });
    await expect(scanner.scan(file('FAIL'))).rejects.toThrow(/gave no answer/);
    await expect(new CommandFileScanner(join(dir, 'missing')).scan(file('x'))).rejects.toThrow(
      /gave no answer/,
    );
  });
});

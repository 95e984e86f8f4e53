import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cacheRoot, ensureTemporalCli, temporalCliPath } from './temporal-cli';

// Stands in for `go`: records how it was called, prints what go prints, writes $GOBIN/temporal.
const FAKE_GO = `#!/bin/sh
case "$1" in
  version) echo "go version fake"; exit 0 ;;
  install)
    echo "GOBIN=$GOBIN GOFLAGS=$GOFLAGS GOSUMDB=$GOSUMDB GONOSUMDB=$GONOSUMDB GOPROXY=$GOPROXY ARG=$2" >> "$FAKE_GO_RECORD"
    echo "go: downloading go.temporal.io/server v1.29.1" >&2
    sleep "\${FAKE_GO_SLEEP:-0}"
    if [ -n "$FAKE_GO_FAIL" ]; then echo "go: verifying module: checksum mismatch" >&2; exit 1; fi
    printf '#!/bin/sh\\necho fake temporal\\n' > "$GOBIN/temporal"
    chmod +x "$GOBIN/temporal"
    exit 0 ;;
esac
exit 2
`;

describe('Temporal CLI cache location', () => {
  it('prefers LIEN_THONG_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheRoot({ LIEN_THONG_CACHE_DIR: '/ci/cache', XDG_CACHE_HOME: '/xdg' })).toBe('/ci/cache');
    expect(cacheRoot({ XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/lien-thong');
    expect(cacheRoot({})).toBe(path.join(os.homedir(), '.cache', 'lien-thong'));
  });

  it('keeps the binary under the pinned version, so a new pin never picks up an old build', () => {
    expect(temporalCliPath({ LIEN_THONG_CACHE_DIR: '/ci/cache' })).toBe(
      '/ci/cache/temporal-cli/v1.5.1/temporal',
    );
  });
});

describe('ensureTemporalCli', () => {
  let root: string;
  let fakeGoBin: string;
  let emptyBin: string;
  let record: string;
  const messages: string[] = [];
  const log = (message: string) => messages.push(message);

  beforeEach(async () => {
    messages.length = 0;
    root = await mkdtemp(path.join(os.tmpdir(), 'lien-thong-cli-spec-'));
    fakeGoBin = path.join(root, 'fake-go');
    emptyBin = path.join(root, 'empty-bin');
    record = path.join(root, 'go-calls.log');
    await mkdir(fakeGoBin);
    await mkdir(emptyBin);
    await writeFile(path.join(fakeGoBin, 'go'), FAKE_GO);
    await chmod(path.join(fakeGoBin, 'go'), 0o755);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const envWithGo = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    PATH: `${fakeGoBin}:/usr/bin:/bin`,
    LIEN_THONG_CACHE_DIR: path.join(root, 'cache'),
    FAKE_GO_RECORD: record,
    ...extra,
  });
  const goCalls = async () =>
    existsSync(record) ? (await readFile(record, 'utf8')).split('\n').filter(Boolean) : [];

  it('returns the cached binary without looking for Go', async () => {
    const env = { PATH: emptyBin, LIEN_THONG_CACHE_DIR: path.join(root, 'cache') };
    const target = temporalCliPath(env);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, 'binary');

    expect(await ensureTemporalCli({ env, log })).toBe(target);
    expect(messages).toEqual([]);
  });

  it('returns null and says what is missing when there is neither a cached binary nor Go', async () => {
    const env = { PATH: emptyBin, LIEN_THONG_CACHE_DIR: path.join(root, 'cache') };

    expect(await ensureTemporalCli({ env, log })).toBeNull();
    expect(messages.join('\n')).toMatch(
      /not found at .*temporal-cli\/v1\.5\.1\/temporal, and no `go` on PATH to build it/,
    );
  });

  it('builds the pinned module with checksum verification left on, streams go output, and leaves only the binary', async () => {
    const env = envWithGo();
    const target = temporalCliPath(env);

    expect(await ensureTemporalCli({ env, log })).toBe(target);
    expect(await readFile(target, 'utf8')).toContain('fake temporal');
    const [call, ...more] = await goCalls();
    expect(more).toEqual([]);
    expect(call).toMatch(/ARG=github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1$/);
    expect(call).toContain('GOFLAGS=-buildvcs=false GOSUMDB= GONOSUMDB= GOPROXY= ');
    // Built in a temporary GOBIN next to the target, then renamed into place.
    expect(call).toContain(`GOBIN=${path.dirname(target)}/build-`);
    expect(messages).toContain('go: downloading go.temporal.io/server v1.29.1');
    expect(await readdir(path.dirname(target))).toEqual(['temporal']);
  });

  it('builds once when several processes ask at the same time', async () => {
    const env = envWithGo({ FAKE_GO_SLEEP: '0.5' });

    const results = await Promise.all([
      ensureTemporalCli({ env, log }),
      ensureTemporalCli({ env, log }),
      ensureTemporalCli({ env, log }),
    ]);

    expect(new Set(results)).toEqual(new Set([temporalCliPath(env)]));
    expect(await goCalls()).toHaveLength(1);
    expect(messages).toContain('another process is building the Temporal CLI; waiting for it…');
  });

  it('reports the end of go output when the build fails, and leaves no binary, temporary directory or lock', async () => {
    const env = envWithGo({ FAKE_GO_FAIL: '1' });
    const target = temporalCliPath(env);

    await expect(ensureTemporalCli({ env, log })).rejects.toThrow(
      /go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1 failed \(exit 1\):[\s\S]*checksum mismatch/,
    );
    expect(await readdir(path.dirname(target))).toEqual([]);
  });
});

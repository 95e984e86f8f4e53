import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BundleOptions, WorkflowBundleOption } from '@temporalio/worker';

/**
 * A workflow bundle built ahead of time (`npm run build:workflows`), so that a production start skips
 * webpack. Beside the code, a manifest records every source file that went into it (read from the
 * bundle's inline source map) with a hash over their contents; a worker uses the bundle only while
 * that hash still matches the files on disk, and otherwise bundles at start as before.
 */
export interface PrebuiltBundleManifest {
  readonly format: 1;
  /** The workflows entry it was built from, relative to the repository. */
  readonly entry: string;
  readonly builtAt: string;
  /**
   * The inputs, relative to the repository, each with the SHA-256 of its contents: the bundled
   * sources and the files that shape the build.
   */
  readonly sources: readonly { readonly path: string; readonly sha256: string }[];
  /** SHA-256 over every input's path and hash, in order: the bundle's source hash. */
  readonly sourceHash: string;
  /** SHA-256 of the bundle's code, so a half-written or altered file is not used. */
  readonly codeHash: string;
}

export interface PrebuiltBundleLocation {
  /** The repository root: sources are recorded relative to it. */
  readonly root: string;
  /** The workflows entry (an absolute path). */
  readonly entry: string;
  /** Where the bundle and its manifest are written (gitignored). */
  readonly dir: string;
  /**
   * A production build (npm run build): the sources are not shipped, so they are not compared; the
   * code is still checked against its manifest.
   */
  readonly built?: boolean;
}

/** Files that shape the bundle without being bundled: path aliases, the bundler's and SDK's versions. */
const BUILD_INPUTS = [
  'tsconfig.json',
  'node_modules/@temporalio/worker/package.json',
  'node_modules/@temporalio/workflow/package.json',
];
const CODE_FILE = 'workflow-bundle.js';
const MANIFEST_FILE = 'workflow-bundle.manifest.json';

export function prebuiltBundlePaths(location: PrebuiltBundleLocation): { code: string; manifest: string } {
  return { code: path.join(location.dir, CODE_FILE), manifest: path.join(location.dir, MANIFEST_FILE) };
}

/** Builds the bundle with `bundle` (bundleWorkflowCode) and writes it with its manifest; returns the manifest. */
export async function writePrebuiltBundle(
  location: PrebuiltBundleLocation,
  bundle: () => Promise<{ code: string }>,
  now: () => Date = () => new Date(),
): Promise<PrebuiltBundleManifest> {
  const { code } = await bundle();
  const bundled = sourcesOfInlineSourceMap(code)
    .filter((source) => path.isAbsolute(source) && existsSync(source))
    .map((source) => path.relative(location.root, source));
  const inputs = [
    ...new Set([...bundled, ...BUILD_INPUTS.filter((f) => existsSync(path.join(location.root, f)))]),
  ]
    .map(toPosix)
    .sort();
  const sources = await Promise.all(
    inputs.map(async (input) => ({
      path: input,
      sha256: sha256(await readFile(path.join(location.root, input))),
    })),
  );
  const manifest: PrebuiltBundleManifest = {
    format: 1,
    entry: toPosix(path.relative(location.root, location.entry)),
    builtAt: now().toISOString(),
    sources,
    sourceHash: sourceHash(sources),
    codeHash: sha256(code),
  };
  const paths = prebuiltBundlePaths(location);
  await mkdir(location.dir, { recursive: true });
  // The code first, the manifest last, each renamed into place: a worker never reads a partial file,
  // and an old manifest does not describe new code (its code hash would not match).
  await writeAtomically(paths.code, code);
  await writeAtomically(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** What `Worker.create` gets: the prebuilt bundle, or the entry to bundle now; and why. */
export type WorkflowCodeChoice =
  | {
      readonly kind: 'prebuilt';
      readonly options: { workflowBundle: WorkflowBundleOption };
      readonly reason: string;
    }
  | {
      readonly kind: 'bundle-at-start';
      readonly options: { workflowsPath: string; bundlerOptions: Partial<BundleOptions> };
      readonly reason: string;
    };

/**
 * The prebuilt bundle when there is one for this entry whose sources are unchanged, else the options
 * to bundle at start (with `bundlerOptions`), with the reason either way.
 */
export async function chooseWorkflowCode(
  location: PrebuiltBundleLocation,
  bundlerOptions: Partial<BundleOptions>,
): Promise<WorkflowCodeChoice> {
  const atStart = (reason: string): WorkflowCodeChoice => ({
    kind: 'bundle-at-start',
    options: { workflowsPath: location.entry, bundlerOptions },
    reason,
  });
  const paths = prebuiltBundlePaths(location);
  const shown = toPosix(path.relative(location.root, location.dir));
  let manifest: PrebuiltBundleManifest;
  try {
    manifest = JSON.parse(await readFile(paths.manifest, 'utf8')) as PrebuiltBundleManifest;
  } catch {
    return atStart(`no prebuilt bundle in ${shown} (npm run build:workflows makes one)`);
  }
  const entry = toPosix(path.relative(location.root, location.entry));
  if (manifest.format !== 1 || manifest.entry !== entry || !Array.isArray(manifest.sources))
    return atStart(`the prebuilt bundle in ${shown} is not one of ${entry}`);
  const changed = location.built ? null : await firstChangedSource(location.root, manifest);
  if (changed !== null) return atStart(`the prebuilt bundle in ${shown} is stale: ${changed}`);
  let code: string;
  try {
    code = await readFile(paths.code, 'utf8');
  } catch {
    return atStart(`the prebuilt bundle in ${shown} has no code file`);
  }
  if (sha256(code) !== manifest.codeHash)
    return atStart(`the prebuilt bundle in ${shown} does not match its manifest (rebuild it)`);
  return {
    kind: 'prebuilt',
    // The code already read and checked: the worker takes exactly what was verified.
    options: { workflowBundle: { code } },
    reason: `prebuilt bundle ${toPosix(path.relative(location.root, paths.code))} (built ${manifest.builtAt}, ${location.built ? 'a production build' : 'sources unchanged'})`,
  };
}

/** The source files named by a bundle's inline source map (webpack's `[absolute-resource-path]`). */
export function sourcesOfInlineSourceMap(code: string): string[] {
  const marker = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';
  const at = code.lastIndexOf(marker);
  if (at < 0) throw new Error('the workflow bundle has no inline source map to list its sources from');
  const map = JSON.parse(Buffer.from(code.slice(at + marker.length).trim(), 'base64').toString('utf8')) as {
    sources?: unknown;
  };
  if (!Array.isArray(map.sources)) throw new Error("the workflow bundle's source map lists no sources");
  return map.sources.filter((s): s is string => typeof s === 'string');
}

/** Null when every source still hashes as recorded; else which changed (or went missing). */
async function firstChangedSource(root: string, manifest: PrebuiltBundleManifest): Promise<string | null> {
  if (sourceHash(manifest.sources) !== manifest.sourceHash) return 'its manifest does not add up';
  for (const source of manifest.sources) {
    let contents: Buffer;
    try {
      contents = await readFile(path.join(root, source.path));
    } catch {
      return `${source.path} is gone`;
    }
    if (sha256(contents) !== source.sha256) return `${source.path} changed since it was built`;
  }
  return null;
}

function sourceHash(sources: PrebuiltBundleManifest['sources']): string {
  const hash = createHash('sha256');
  for (const source of sources) hash.update(`${source.path}\0${source.sha256}\n`);
  return hash.digest('hex');
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function writeAtomically(file: string, contents: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

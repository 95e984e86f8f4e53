import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import tsconfig from '../../../tsconfig.json';

const repoRoot = path.resolve(__dirname, '../../..');

/** The one entry file exporting every workflow (the worker's `workflowsPath`). */
export const WORKFLOWS_ENTRY = path.join(repoRoot, 'workflows/src/index.ts');

type TsconfigPaths = Record<string, readonly string[]>;

/** webpack aliases for tsconfig `paths` (ours by default), so workflow code can import pure libraries. */
export function workflowAliases(
  paths: TsconfigPaths = tsconfig.compilerOptions.paths,
  baseDir: string = repoRoot,
): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const [alias, targets] of Object.entries(paths)) {
    const target = targets[0];
    // Wildcard paths would need a resolver plugin; ours are all exact.
    if (!target || alias.includes('*')) continue;
    // `$` makes the alias exact: `@lien-thong/event-store` must not capture `@lien-thong/event-store/testing`.
    aliases[`${alias}$`] = path.resolve(baseDir, target);
  }
  return aliases;
}

/**
 * Bundler options for `Worker.create({ bundlerOptions })` and `bundleWorkflowCode`: webpack resolves our
 * `@lien-thong/*` path aliases the way tsc and jest do.
 */
export function workflowBundlerOptions(
  paths?: TsconfigPaths,
  baseDir?: string,
): Required<Pick<BundleOptions, 'webpackConfigHook'>> {
  const alias = workflowAliases(paths, baseDir);
  return {
    webpackConfigHook: (config) => {
      const existing = config.resolve?.alias;
      if (Array.isArray(existing)) {
        return {
          ...config,
          resolve: {
            ...config.resolve,
            alias: [
              ...existing,
              ...Object.entries(alias).map(([name, target]) => ({
                name: name.slice(0, -1),
                alias: target,
                onlyModule: true,
              })),
            ],
          },
        };
      }
      return { ...config, resolve: { ...config.resolve, alias: { ...existing, ...alias } } };
    },
  };
}

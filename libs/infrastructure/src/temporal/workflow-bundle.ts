import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import tsconfig from '../../../../tsconfig.json';

const repoRoot = path.resolve(__dirname, '../../../..');

/** The one entry file exporting every workflow. */
export const WORKFLOWS_ENTRY = path.join(repoRoot, 'workflows/src/index.ts');

/** webpack aliases for our `@lien-thong/*` tsconfig paths, so workflow code can import pure libraries. */
export function workflowAliases(
  paths: Record<string, string[]> = tsconfig.compilerOptions.paths,
): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const [alias, targets] of Object.entries(paths)) {
    const target = targets[0];
    // `$` makes the alias exact: `@lien-thong/event-store` must not capture `@lien-thong/event-store/testing`.
    if (target) aliases[`${alias}$`] = path.join(repoRoot, target);
  }
  return aliases;
}

/** Bundler options for Worker.create / bundleWorkflowCode: resolves our path aliases. */
export function workflowBundlerOptions(): Pick<BundleOptions, 'webpackConfigHook'> {
  const alias = workflowAliases();
  return {
    webpackConfigHook: (config) => ({
      ...config,
      resolve: {
        ...config.resolve,
        alias: { ...(config.resolve?.alias as Record<string, string> | undefined), ...alias },
      },
    }),
  };
}

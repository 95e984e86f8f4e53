import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowBundlerOptions } from '@lien-thong/temporal-bootstrap';
import { prebuiltBundlePaths, writePrebuiltBundle } from './prebuilt-workflow-bundle';
import { PRODUCTION_WORKFLOW_BUNDLE } from './production-workflow-bundle';

/**
 * `npm run build:workflows`: bundles the production workflows (workflows/src/index.ts) once, into
 * dist/workflows/ with a manifest of its sources. A worker started afterwards uses it as long as those
 * sources are unchanged, instead of running webpack at every start.
 */
async function main(): Promise<void> {
  const location = PRODUCTION_WORKFLOW_BUNDLE;
  const manifest = await writePrebuiltBundle(location, () =>
    bundleWorkflowCode({
      workflowsPath: location.entry,
      logger: new DefaultLogger('WARN'),
      ...workflowBundlerOptions(),
    }),
  );
  const code = path.relative(location.root, prebuiltBundlePaths(location).code);
  console.log(
    `workflow bundle written to ${code}: ${manifest.entry}, ${manifest.sources.length} source files, ` +
      `source hash ${manifest.sourceHash.slice(0, 12)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

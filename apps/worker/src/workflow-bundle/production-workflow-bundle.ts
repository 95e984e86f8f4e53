import path from 'node:path';
import { WORKFLOWS_ENTRY } from '@lien-thong/temporal-bootstrap';
import type { PrebuiltBundleLocation } from './prebuilt-workflow-bundle';

/** Compiled by `npm run build` (dist/apps/worker/src/workflow-bundle/*.js), not run from source. */
const built = __filename.endsWith('.js');
// From source: the repository; built: dist/, which holds the bundle in dist/workflows as well.
const root = path.resolve(__dirname, '../../../..');

/** The production workflows' prebuilt bundle: `npm run build:workflows` writes it, the worker reads it. */
export const PRODUCTION_WORKFLOW_BUNDLE: PrebuiltBundleLocation = {
  root,
  entry: WORKFLOWS_ENTRY,
  dir: built ? path.join(root, 'workflows') : path.join(root, 'dist', 'workflows'),
  built,
};

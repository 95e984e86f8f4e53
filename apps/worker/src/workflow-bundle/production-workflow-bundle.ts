import path from 'node:path';
import { WORKFLOWS_ENTRY } from '@lien-thong/temporal-bootstrap';
import type { PrebuiltBundleLocation } from './prebuilt-workflow-bundle';

const root = path.resolve(__dirname, '../../../..');

/** The production workflows' prebuilt bundle: `npm run build:workflows` writes it, the worker reads it. */
export const PRODUCTION_WORKFLOW_BUNDLE: PrebuiltBundleLocation = {
  root,
  entry: WORKFLOWS_ENTRY,
  dir: path.join(root, 'dist', 'workflows'),
};

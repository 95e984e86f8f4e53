// The entry of `npm run bench:workflows` (apps/worker/bench): the production workflows and the bare
// Temporal baseline they are measured against, on one worker.
export * from '../index';
export { benchBaselineWorkflow } from './bench-baseline.workflow';

// The entry of the Temporal smoke test (test/smoke): the smoke workflow alone.
export { smokeWorkflow } from './smoke.workflow';

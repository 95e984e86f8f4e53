// The one entry file exporting every workflow (the worker's workflowsPath).
export { smokeWorkflow } from './smoke.workflow';
export { dossierWorkflow } from './dossier.workflow';
export { benchBaselineWorkflow } from './bench-baseline.workflow';

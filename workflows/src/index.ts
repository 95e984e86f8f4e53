// The production entry (the worker's workflowsPath): every workflow production runs, and only those.
// The benchmark and the smoke tests bundle entries of their own (bench/index.ts, smoke/index.ts).
export { dossierWorkflow } from './dossier/dossier.workflow';

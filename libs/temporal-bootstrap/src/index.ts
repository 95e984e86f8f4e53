export {
  ensureTemporalCli,
  ensureGoTool,
  goToolPath,
  type GoTool,
  temporalCliPath,
  cacheRoot,
  TEMPORAL_CLI_VERSION,
  type EnsureTemporalCliOptions,
} from './temporal-cli';
export {
  startTemporal,
  temporalAnswers,
  type TemporalHandle,
  type StartTemporalOptions,
} from './temporal-dev-server';
export { WORKFLOWS_ENTRY, workflowAliases, workflowBundlerOptions } from './workflow-bundle';
export { terminateChild, WORKER_DRAIN_DEADLINE_MS, WORKER_STOP_GRACE_MS } from './terminate-child';

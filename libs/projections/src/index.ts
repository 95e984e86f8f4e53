export type {
  BatchContext,
  DeferredWrite,
  Projection,
  ProjectionConnection,
  StoredStreamState,
} from './projection';
export type { ProcessManager, ProcessManagerConnection } from './process-manager';
export { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
export {
  projectionStatuses,
  migrateProjectionCheckpoints,
  type ProjectionStatus,
} from './projection-checkpoints';
export { WorkLeases, ownerOf, type WorkLeaseOptions, type LeaseHooks } from './work-leases';
export { DeferredWrites, MAX_STATEMENT_PARAMETERS } from './deferred-writes';

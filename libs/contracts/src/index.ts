export { DomainError, type DomainErrorKind, type ProblemDetail } from './domain-error';
export { TASK_QUEUES, TEMPORAL_NAMESPACE_DEFAULT } from './task-queues';
export { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from './clock';

export { planCoordination, type CoordinationPlan, type PlannedAction } from './domain/coordination-plan';

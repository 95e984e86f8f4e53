import { domainErrors, type DomainErrorKind } from '@lien-thong/contracts';

/** Every error code simulation and what-if raise, with its kind (the HTTP status); codes are stable. */
export const SIMULATION_ERROR_CODES = {
  SIMULATION_REQUEST_INVALID: 'validation',
  SIMULATION_DEFINITION_INVALID: 'validation',
  SIMULATION_NO_HISTORY: 'validation',
  SIMULATION_NO_DRAFT: 'not-found',
  SIMULATION_NOT_PUBLISHED: 'not-found',
  SIMULATION_SCOPE_FORBIDDEN: 'forbidden',
  SIMULATION_BUSY: 'unavailable',
  SIMULATION_CANCELLED: 'unavailable',
} as const satisfies Record<string, DomainErrorKind>;

export type SimulationErrorCode = keyof typeof SIMULATION_ERROR_CODES;

export const simulationError = domainErrors(SIMULATION_ERROR_CODES);

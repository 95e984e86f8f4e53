/** Injected time. Domain code and handlers never call `new Date()`; workflows use Temporal's clock. */
export interface Clock {
  now(): Date;
}

/** Injected ids (UUIDs for events, correlation ids). */
export interface IdGenerator {
  newId(): string;
}

export const CLOCK = Symbol.for('lien-thong.Clock');
export const ID_GENERATOR = Symbol.for('lien-thong.IdGenerator');

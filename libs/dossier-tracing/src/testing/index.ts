/**
 * For spec files only (dependency-cruiser keeps it out of production code): recorded dossier histories
 * for read-model tests: one real-shaped event of every type, and whole scenarios written to a store.
 */
export * from './dossier-sample-events';
export * from './dossier-scenarios';

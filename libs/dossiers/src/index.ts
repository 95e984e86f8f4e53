// The dossier context's public surface (the domain is being rebuilt: see the domain files).
export * from './domain/dossier-events';
export * from './domain/dossier-commands';
export * from './domain/dossier-state';
export * from './domain/dossier-snapshot';
export * from './domain/dossier-errors';
export * from './domain/timeliness';
export * from './domain/dossier-decider';

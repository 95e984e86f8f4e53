/**
 * For spec files of other libraries only (dependency-cruiser keeps it out of production code): the
 * dossier fixtures the domain's own specs use (agencies, a routing, recorded events of each phase).
 */
export * from './dossier-fixtures';
export * from './given-when-then';

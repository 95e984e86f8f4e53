/** Temporal task queues. Changing a name strands running workflows: add a new one instead. */
export const TASK_QUEUES = {
  /** Dossier coordination workflows and their activities. */
  dossiers: 'lien-thong-dossiers',
} as const;

export const TEMPORAL_NAMESPACE_DEFAULT = 'default';

export const TEMPORAL_CONNECTION = Symbol.for('lien-thong.TemporalConnection');
export const TEMPORAL_CLIENT = Symbol.for('lien-thong.TemporalClient');

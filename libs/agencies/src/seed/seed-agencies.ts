import type { AgencySummary } from '../domain/agency-directory';
import hcmc from './hcmc-agencies.json';

/** The sample catalogue of Ho Chi Minh City agencies (illustrative codes, see the file's note). */
export const HCMC_SEED_AGENCIES: readonly AgencySummary[] = hcmc.agencies as AgencySummary[];

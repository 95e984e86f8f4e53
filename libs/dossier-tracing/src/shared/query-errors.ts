import { tracingError } from './tracing-errors';
import { type DomainError, type ProblemDetail } from '@lien-thong/contracts';
export { dossierNotFound } from '@lien-thong/dossiers';

/** 400: the query itself is malformed. Lists every problem at once. */
export function invalidDossierQuery(problems: readonly ProblemDetail[]): DomainError {
  return tracingError(
    'DOSSIER_QUERY_INVALID',
    `Invalid query: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    `Truy vấn không hợp lệ: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    problems,
  );
}

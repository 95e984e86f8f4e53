import { DomainError, type ProblemDetail } from '@lien-thong/contracts';
import { dossierError } from '@lien-thong/dossiers';

export function dossierNotFound(code: string): DomainError {
  return dossierError('DOSSIER_NOT_FOUND', `No dossier ${code}`, `Không tìm thấy hồ sơ ${code}`);
}

/** 400: the query itself is malformed. Lists every problem at once. */
export function invalidDossierQuery(problems: readonly ProblemDetail[]): DomainError {
  return new DomainError(
    'validation',
    'DOSSIER_QUERY_INVALID',
    `Invalid query: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    `Truy vấn không hợp lệ: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    problems,
  );
}

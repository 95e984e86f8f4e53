/**
 * Base of every business error. The kind decides the HTTP status in one place (the API's exception
 * filter); the code is stable and documented for agencies; the messages are for people.
 * Bundle-safe: workflows may throw and inspect these too.
 */
export type DomainErrorKind =
  | 'validation' // 400: the input is malformed or breaks a rule that does not depend on state
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'conflict' // 409: the state does not allow it now (wrong state, concurrent change)
  | 'unprocessable' // 422: well-formed but refused by a business rule
  | 'too-large' // 413: a body (an uploaded file) over its limit
  | 'unsupported-media-type' // 415: a body of a type the endpoint does not take
  | 'rate-limited' // 429: too many attempts from this caller or address; Retry-After says when
  | 'unavailable'; // 503: a dependency is down; retry later

export interface ProblemDetail {
  /** JSON path or field, e.g. `steps[2].owner`. */
  readonly path: string;
  readonly code: string;
  readonly message: string;
  /** The same problem in Vietnamese, without the path (the console shows it at its field). */
  readonly messageVi?: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable machine-readable code, e.g. `DOSSIER_STEP_NOT_HELD`. */
    readonly code: string,
    message: string,
    /** The same message in Vietnamese, for the console and agencies' staff. */
    readonly messageVi?: string,
    /** Every problem found, when there are several (validation). */
    readonly problems?: readonly ProblemDetail[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * The error factory of one context, from its table of codes (declared once, in the context's errors
 * file): `agencyError('AGENCY_NOT_FOUND', en, vi)` builds the DomainError with the code's kind. Raw
 * `new DomainError(...)` outside an errors file is refused by ESLint, so every code a context can raise
 * is listed in one place, with its kind and hence its HTTP status.
 */
export function domainErrors<Codes extends Readonly<Record<string, DomainErrorKind>>>(codes: Codes) {
  return (
    code: keyof Codes & string,
    messageEn: string,
    messageVi: string,
    problems?: readonly ProblemDetail[],
  ): DomainError => new DomainError(codes[code]!, code, messageEn, messageVi, problems);
}

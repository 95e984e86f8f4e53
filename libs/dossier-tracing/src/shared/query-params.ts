import { tracingError } from './tracing-errors';

/** A whole number from a query parameter, or undefined when absent (400 naming it otherwise). */
export function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value))
    throw tracingError(
      'QUERY_PARAMETER_INVALID',
      `${name} must be a whole number, got "${value}"`,
      `Tham số ${name} phải là số nguyên`,
      [{ path: name, code: 'INTEGER', message: 'a whole number' }],
    );
  return Number(value);
}

/** A misspelt filter must not silently return everything: unknown query parameters are a 400. */
export function rejectUnknown(q: Record<string, string | undefined>, known: readonly string[]): void {
  const unknown = Object.keys(q).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw tracingError(
      'QUERY_PARAMETER_UNKNOWN',
      `Unknown query parameter(s): ${unknown.join(', ')} (known: ${known.join(', ')})`,
      `Tham số không hợp lệ: ${unknown.join(', ')}`,
    );
}

/** `true` or `false` from a query parameter, or undefined when absent (400 otherwise). */
export function bool(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw tracingError(
    'QUERY_PARAMETER_INVALID',
    `${name} must be true or false, got "${value}"`,
    `Tham số ${name} phải là true hoặc false`,
    [{ path: name, code: 'BOOLEAN', message: 'true or false' }],
  );
}

import i18next from 'i18next';

/**
 * The API's error answers (problem JSON: statusCode, code, message, messageVi, problems[]) turned into
 * what a screen shows: one sentence in the user's language, and each field's problem at its field.
 */
export interface ApiProblemBody {
  statusCode?: number;
  code?: string;
  message?: string;
  messageVi?: string;
  problems?: readonly { path: string; code?: string; message: string; messageVi?: string }[];
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageEn: string,
    readonly messageVi: string | undefined,
    /** Field path (as the API names it, e.g. `applicant.idNumber`) → its problem. */
    readonly fields: Readonly<Record<string, string>>,
  ) {
    super(messageEn);
  }

  /** The message in this language (Vietnamese when the API gave one, else its English). */
  text(language: string): string {
    return language.startsWith('vi') && this.messageVi ? this.messageVi : this.messageEn;
  }
}

/**
 * The answer as an ApiProblem whose field problems are in `language` (the console's language when the
 * answer came: each problem's Vietnamese where the API gave one, else its English).
 */
export function toProblem(
  status: number,
  body: unknown,
  language: string = i18next.language ?? 'vi',
): ApiProblem {
  const b = (typeof body === 'object' && body !== null ? body : {}) as ApiProblemBody;
  const fields: Record<string, string> = {};
  for (const p of b.problems ?? []) {
    if (!p || typeof p.path !== 'string') continue;
    const path = p.path.replace(/\[(\d+)\]/g, '.$1');
    fields[path] ??= problemText(p, language);
  }
  return new ApiProblem(
    b.statusCode ?? status,
    b.code ?? `HTTP_${status}`,
    b.message ?? `The server answered ${status}`,
    b.messageVi,
    fields,
  );
}

/** One problem's message in `language`: its Vietnamese where there is one, else its English. */
export function problemText(
  problem: { message: string; messageVi?: string },
  language: string = i18next.language ?? 'vi',
): string {
  return language.startsWith('vi') && problem.messageVi ? problem.messageVi : String(problem.message);
}

/** What kind of answer this is, for the wording around it (403, 409 changed meanwhile, 422). */
export function problemKind(
  problem: ApiProblem,
): 'forbidden' | 'conflict' | 'unprocessable' | 'invalid' | 'unavailable' | 'not-found' | 'other' {
  switch (problem.status) {
    case 400:
      return 'invalid';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 409:
      return 'conflict';
    case 422:
      return 'unprocessable';
    case 503:
      return 'unavailable';
    default:
      return 'other';
  }
}

import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { sessionStore } from '../auth/session';
import { toProblem, type ApiProblem } from './problems';

/**
 * The typed API client: `schema.d.ts` is generated from the API's OpenAPI document (and checked for
 * staleness by test/e2e/console-browser.e2e-spec.ts), so a renamed field breaks the console's build,
 * not its users.
 */
const auth: Middleware = {
  onRequest({ request }) {
    const session = sessionStore.get();
    // Never an expired token (the API would refuse the request, even a login), nor one to the login.
    const open = new URL(request.url).pathname.startsWith('/auth/');
    if (session && !session.expired && !open) request.headers.set('authorization', `Bearer ${session.token}`);
    request.headers.set('accept-language', document.documentElement.lang || 'vi');
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('authorization')) sessionStore.expire();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** The data of an openapi-fetch answer, or its problem thrown (for TanStack Query). */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined || data === null) throw toProblem(response.status, error);
  return data;
}

/**
 * A document the API serves with the caller's token (forms, exports, diagrams): fetched, then shown
 * or saved from an object URL, since a plain link would not carry the bearer token.
 */
export async function fetchDocument(path: string): Promise<Blob> {
  const session = sessionStore.get();
  const response = await fetch(path, {
    headers: session && !session.expired ? { authorization: `Bearer ${session.token}` } : {},
  });
  if (response.status === 401 && session) sessionStore.expire();
  if (!response.ok) {
    let body: unknown = undefined;
    try {
      body = await response.json();
    } catch {
      /* not JSON */
    }
    throw toProblem(response.status, body);
  }
  return response.blob();
}

export async function openDocument(path: string, filename?: string): Promise<void> {
  const blob = await fetchDocument(path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  if (filename) a.download = filename;
  else a.target = '_blank';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export type { ApiProblem };

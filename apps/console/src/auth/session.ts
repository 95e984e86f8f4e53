/**
 * The signed-in staff member: the API's bearer token (15 minutes, no refresh token), kept in
 * sessionStorage so a reload keeps the session and another tab or a closed browser does not. When the
 * token expires (or the API answers 401), the session is marked expired: the page stays as it is (a
 * half-filled form keeps its content) and a login dialog asks for the password again.
 */
export interface Claims {
  readonly sub: string;
  readonly agency: string | null;
  readonly roles: readonly string[];
  readonly exp: number;
}

export interface Session {
  readonly token: string;
  readonly claims: Claims;
  /** The person's display name, when the directory gave one. */
  readonly displayName?: string;
  readonly expired: boolean;
}

const KEY = 'lien-thong.session';
type Listener = () => void;
const listeners = new Set<Listener>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    if (!raw) return null;
    const token = (JSON.parse(raw) as { token?: unknown }).token;
    if (typeof token !== 'string') return null;
    const claims = decodeClaims(token);
    return claims ? { token, claims, expired: claims.exp * 1000 <= Date.now() } : null;
  } catch {
    return null;
  }
}

/** The claims of a JWT (not verified: the API verifies; the console only shapes its menu by them). */
export function decodeClaims(token: string): Claims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Claims>;
    if (typeof payload.sub !== 'string' || !Array.isArray(payload.roles) || typeof payload.exp !== 'number')
      return null;
    return {
      sub: payload.sub,
      agency: typeof payload.agency === 'string' ? payload.agency : null,
      roles: payload.roles.filter((r): r is string => typeof r === 'string'),
      exp: payload.exp,
    };
  } catch {
    return null;
  }
}

function emit(): void {
  for (const l of listeners) l();
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined;

export const sessionStore = {
  get: (): Session | null => current,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  signIn(token: string): Session | null {
    const claims = decodeClaims(token);
    if (!claims) return null;
    current = { token, claims, expired: false };
    globalThis.sessionStorage?.setItem(KEY, JSON.stringify({ token }));
    clearTimeout(expiryTimer);
    // Ask for the password a little before the API would refuse the token.
    const ms = claims.exp * 1000 - Date.now() - 15_000;
    expiryTimer = setTimeout(() => sessionStore.expire(), Math.max(ms, 0));
    emit();
    return current;
  },
  expire(): void {
    if (!current || current.expired) return;
    current = { ...current, expired: true };
    emit();
  },
  signOut(): void {
    clearTimeout(expiryTimer);
    current = null;
    globalThis.sessionStorage?.removeItem(KEY);
    emit();
  },
};

if (current && !current.expired) {
  const ms = current.claims.exp * 1000 - Date.now() - 15_000;
  expiryTimer = setTimeout(() => sessionStore.expire(), Math.max(ms, 0));
}

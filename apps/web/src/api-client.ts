/** The REST client: bearer tokens kept in localStorage, one silent refresh on a 401. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const KEY = 'murmur.tokens';
let tokens: Tokens | null = readTokens();
const listeners = new Set<() => void>();

function readTokens(): Tokens | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

export function setTokens(next: Tokens | null): void {
  tokens = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export function accessToken(): string | null {
  return tokens?.accessToken ?? null;
}

export function onTokensChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

let refreshing: Promise<boolean> | null = null;

/** Mints a new token pair; signs out when the refresh token is no longer accepted. */
export function refreshTokens(): Promise<boolean> {
  if (!tokens) return Promise.resolve(false);
  const refreshToken = tokens.refreshToken;
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  })
    .then(async (res) => {
      if (!res.ok) {
        setTokens(null);
        return false;
      }
      setTokens((await res.json()) as Tokens);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

export async function api<T>(method: string, path: string, body?: unknown, retry = true): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(tokens ? { authorization: `Bearer ${tokens.accessToken}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (res.status === 401 && retry && tokens && !path.startsWith('/auth/')) {
    if (await refreshTokens()) return api<T>(method, path, body, false);
  }
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const err = (parsed ?? {}) as { message?: string | string[]; error?: string };
    const message = Array.isArray(err.message) ? err.message.join('; ') : (err.message ?? res.statusText);
    throw new ApiError(res.status, message, err.error);
  }
  return parsed as T;
}

export async function login(email: string, password: string): Promise<void> {
  setTokens(await api<Tokens>('POST', '/auth/login', { email, password }));
}

export async function switchWorkspace(workspaceId: string): Promise<void> {
  setTokens(await api<Tokens>('POST', '/auth/switch-workspace', { workspaceId }));
}

/**
 * The bytes behind an authenticated Murmur URL (a stored attachment): fetched with the bearer token,
 * which an `<img src>` or a plain link cannot send.
 */
export async function apiBlob(path: string, retry = true): Promise<Blob> {
  if (!path.startsWith('/api/v1/')) throw new ApiError(400, 'not a Murmur api path');
  const res = await fetch(path, { headers: tokens ? { authorization: `Bearer ${tokens.accessToken}` } : {} });
  if (res.status === 401 && retry && tokens && (await refreshTokens())) return apiBlob(path, false);
  if (!res.ok) throw new ApiError(res.status, res.statusText);
  return res.blob();
}

import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The console's one way to the API: an openapi-fetch client typed by schema.d.ts, which `npm run web:client`
 * generates from docs/api/openapi.json (and `npm run web:client:check`, part of `npm run lint`, keeps current).
 *
 * Credentials: the console never holds the access token. Sign-in answers set an HttpOnly, SameSite=Strict
 * cookie scoped to /api/v1, and the server accepts that cookie only on requests that also carry the
 * `X-Kanri-Console: 1` header, which this client adds to every call (a cross-site form cannot send it).
 */
export const CONSOLE_HEADER = 'X-Kanri-Console';

/** Kanri's error body (SPEC §0), thrown by `unwrap` for every answer that is not 2xx. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** `details.fields` of a 400 VALIDATION_FAILED: field name → messages. */
  get fields(): Record<string, string[]> {
    const fields = this.details?.fields;
    return fields && typeof fields === 'object' ? (fields as Record<string, string[]>) : {};
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Why a signed-in console went back to the sign-in screen (shown there). */
export type SignedOutReason = 'expired' | 'signedOut';

type UnauthorizedListener = (error: ApiError) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** The auth context listens here: a 401 on an authenticated call ends the console session. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Calls to these answer 401 for a wrong password, code or access PIN, which is not a lost session. */
const PUBLIC_AUTH =
  /\/api\/v1\/(auth\/(login|otp\/|password-reset\/|ip-change\/|passkeys\/sign-in\/)|enrolment\/)/;
/** A refused passkey answer (PASSKEY_INVALID, PASSKEY_CHALLENGE_INVALID) is a 401 too, without losing the session. */
const PASSKEY_CEREMONY = /\/api\/v1\/auth\/passkeys\/(registration|step-up)\//;

const consoleMiddleware: Middleware = {
  onRequest({ request }) {
    request.headers.set(CONSOLE_HEADER, '1');
    return request;
  },
  async onResponse({ request, response }) {
    if (response.ok) return response;
    const error = await toApiError(response);
    const path = new URL(request.url).pathname;
    const ceremonyRefusal = PASSKEY_CEREMONY.test(path) && error.code !== 'UNAUTHENTICATED';
    if (response.status === 401 && !PUBLIC_AUTH.test(path) && !ceremonyRefusal) {
      for (const listener of unauthorizedListeners) listener(error);
    }
    throw error;
  },
};

export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.clone().json();
  } catch {
    // not JSON (a proxy's error page): keep the status only
  }
  const b = (body ?? {}) as {
    statusCode?: number;
    code?: string;
    message?: string;
    details?: Record<string, unknown>;
  };
  return new ApiError(
    typeof b.statusCode === 'number' ? b.statusCode : response.status,
    typeof b.code === 'string' ? b.code : response.status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST',
    typeof b.message === 'string' ? b.message : response.statusText,
    b.details,
  );
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(consoleMiddleware);

/**
 * The data of an openapi-fetch answer. Non-2xx answers never get here (the middleware throws ApiError), so
 * queries and mutations can write `unwrap(await api.GET(...))`.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined) throw result.error;
  return result.data as T;
}

/** A raw call for what the schema does not describe (file downloads, multipart uploads), with the same rules. */
export async function rawFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set(CONSOLE_HEADER, '1');
  const response = await fetch(input, { ...init, headers, credentials: 'same-origin' });
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401) for (const listener of unauthorizedListeners) listener(error);
    throw error;
  }
  return response;
}

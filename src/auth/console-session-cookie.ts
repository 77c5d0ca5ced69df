import type { NextFunction, Request, Response } from 'express';

/**
 * The web console's session cookie (SPEC §12: the console keeps no token in script-readable storage).
 *
 * A request that carries `X-Kanri-Console: 1` is the console's. When such a request signs in (any answer with an
 * `accessToken`: `/auth/login` without a second factor, `/auth/otp/verify`), the token goes into an HttpOnly,
 * SameSite=Strict cookie scoped to the API (Secure over HTTPS) instead of the JSON body. The JWT extractor
 * (jwt.strategy.ts) reads the cookie only on requests that carry the same header: a cross-site form cannot send a
 * custom header at all, and a cross-site `fetch` could only with a CORS preflight that Kanri refuses (no CORS
 * origin is allowed unless configured), so SameSite and the header are two independent guards against CSRF.
 * `POST /auth/logout` clears the cookie whatever its outcome, so a console whose session already ended still
 * forgets it. API clients without the header are untouched: they get the token in the body and send it as a
 * bearer token.
 */
export const CONSOLE_HEADER = 'x-kanri-console';
export const SESSION_COOKIE = 'kanri_session';
export const SESSION_COOKIE_PATH = '/api/v1';

export function isConsoleRequest(req: Pick<Request, 'headers'>): boolean {
  return req.headers[CONSOLE_HEADER] === '1';
}

/** The session cookie's value, only for a console request (see above); null otherwise. */
export function consoleSessionToken(req: Request): string | null {
  if (!isConsoleRequest(req)) return null;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 ? value : null;
    }
  }
  return null;
}

function cookie(req: Request, value: string, maxAgeSeconds: number): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    `Path=${SESSION_COOKIE_PATH}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(req.secure ? ['Secure'] : []),
  ].join('; ');
}

const LOGOUT_PATH = `${SESSION_COOKIE_PATH}/auth/logout`;

/**
 * The console's session cookie on the way in and out, as one middleware registered in app-setup.ts ahead of the
 * routes: a console's `POST /auth/logout` clears the cookie before the route runs, so even a 401 (the session
 * already ended) leaves the browser without it; and any answer to a console request that carries an `accessToken`
 * (every sign-in route answers through SessionIssuer) has the token moved from the body into the cookie. A
 * middleware, not an interceptor, so that no route can issue a session past it, and so that requests that are not
 * the console's pay one header check (an interceptor costs every route an async resource: bench:floor).
 */
export function consoleSessionCookie(req: Request, res: Response, next: NextFunction): void {
  if (!isConsoleRequest(req)) return next();
  if (req.method === 'POST' && req.path === LOGOUT_PATH) res.append('Set-Cookie', cookie(req, '', 0));
  const json = res.json.bind(res);
  res.json = (body?: unknown) => json(withoutToken(req, res, body));
  next();
}

/** The body without its `accessToken`, which goes into the cookie instead; any other body as it is. */
function withoutToken(req: Request, res: Response, body: unknown): unknown {
  if (
    !body ||
    typeof body !== 'object' ||
    typeof (body as { accessToken?: unknown }).accessToken !== 'string'
  ) {
    return body;
  }
  const { accessToken, ...rest } = body as { accessToken: string; expiresIn?: number };
  res.append('Set-Cookie', cookie(req, accessToken, rest.expiresIn ?? 12 * 3600));
  return rest;
}

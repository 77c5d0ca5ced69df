import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** What a header-only middleware does to every response: the headers it sets, in order, and those it removes. */
export interface RecordedHeaders {
  set: [name: string, value: string][];
  removed: string[];
}

/**
 * Runs `middleware` once against a stand-in request and response and records what it does to the headers. Throws
 * unless it only sets string headers and removes headers, and calls `next()` at once without an error: anything
 * else (reading the response, answering, a header whose value depends on the request) cannot be replayed.
 */
export function recordHeaders(middleware: RequestHandler, req: object): RecordedHeaders {
  const recorded: RecordedHeaders = { set: [], removed: [] };
  const res = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new Error(`${name}: only string header values can be replayed`);
      recorded.set.push([name, value]);
      return res;
    },
    removeHeader(name: string) {
      recorded.removed.push(name);
    },
  };
  let passed = false;
  void middleware(req as Request, res as unknown as Response, (error?: unknown) => {
    if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
    passed = true;
  });
  if (!passed) throw new Error('the security-header middleware did not pass the request on at once');
  return recorded;
}

/**
 * The security headers of every answer, as helmet (configured in app-setup.ts) sets them, for a fraction of the
 * cost: helmet's own middleware is twelve chained middlewares, each a call and a `setHeader`, on every request,
 * for headers that are the same on every answer. So helmet runs once here, at start, against stand-in requests (two
 * different ones: its headers must not depend on the request, or replaying them would be wrong, and starting
 * fails), and each request gets the recorded headers in one loop, in helmet's order and spelling, so every answer
 * keeps exactly helmet's headers (test/security-headers.e2e-spec.ts compares them with plain helmet).
 *
 * helmet's one removal is `X-Powered-By`, which Express itself adds before any middleware runs; Express is told not
 * to add it instead, which leaves the same answer. Any other removal is replayed per request too.
 */
export function useSecurityHeaders(app: NestExpressApplication, helmetMiddleware: RequestHandler): void {
  const first = recordHeaders(helmetMiddleware, {
    method: 'GET',
    url: '/',
    originalUrl: '/',
    path: '/',
    headers: {},
    secure: false,
  });
  const second = recordHeaders(helmetMiddleware, {
    method: 'POST',
    url: '/api/v1/auth/login?x=1',
    originalUrl: '/api/v1/auth/login?x=1',
    path: '/api/v1/auth/login',
    headers: { host: 'kanri.example', 'user-agent': 'probe', 'x-forwarded-proto': 'https' },
    secure: true,
  });
  if (JSON.stringify(first) !== JSON.stringify(second)) {
    throw new Error('the security headers depend on the request; they cannot be recorded once');
  }
  const removed = first.removed.filter((name) => name.toLowerCase() !== 'x-powered-by');
  if (removed.length < first.removed.length) app.disable('x-powered-by');
  app.use(replayHeaders({ set: first.set, removed }));
}

/** Sets and removes the recorded headers on every response, in the recorded order. */
export function replayHeaders({ set, removed }: RecordedHeaders): RequestHandler {
  const names = set.map(([name]) => name);
  const values = set.map(([, value]) => value);
  const count = names.length;
  return function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
    for (let i = 0; i < count; i++) res.setHeader(names[i], values[i]);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

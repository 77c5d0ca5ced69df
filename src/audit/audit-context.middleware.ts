import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { attachAuditContext, auditContextOf, type AuditContextStore } from './audit-context';
import type { AuditRecorder } from './audit-recorder.service';

/** Methods that only read: their context rides on the request, without AsyncLocalStorage (audit-context.ts). */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Opens the AuditContext of every request before the guards run, and records, once the response is sent, the
 * calls that guards refused before any interceptor could see them (AuditRecorder, case 4). The error code of such a
 * refusal is taken from the error body on its way out. A request that may change data runs inside the context's
 * AsyncLocalStorage, so that its transactions can carry its row, until the response is closed.
 *
 * A plain Express middleware that AuditModule mounts once for every request that reaches the routes (not a Nest
 * middleware applied to `*path`: Nest's wrapper cost every request an async call, a route match per path and a
 * WeakSet entry, about a tenth of a no-op request's CPU in bench:floor). Requests that reach it without reaching a
 * route (an unknown path: Nest's not-found answer) have no route and so no row, as before. Per request it allocates
 * only the context and the `res.json` wrapper; the `finish` listener is shared and finds the context on the request.
 */
export function auditContextMiddleware(recorder: AuditRecorder, contexts: AuditContextStore): RequestHandler {
  function responseEnded(this: Response): void {
    const req = this.req;
    const context = auditContextOf(req);
    if (context) recorder.responseEnded(context, req, this);
  }

  return function auditContext(req: Request, res: Response, next: NextFunction): void {
    if (!recorder.isEnabled()) return next();
    const context = recorder.begin(req);
    const json = res.json;
    res.json = (body?: unknown) => {
      const code = (body as { code?: unknown } | null)?.code;
      if (res.statusCode >= 400 && typeof code === 'string') res.locals.auditErrorCode = code;
      return json.call(res, body);
    };
    // `finish` is emitted once per response.
    res.on('finish', responseEnded);
    attachAuditContext(req, context);
    if (READ_METHODS.has(req.method)) return next();
    const { release } = contexts.enter(context, next);
    res.once('close', release);
  };
}

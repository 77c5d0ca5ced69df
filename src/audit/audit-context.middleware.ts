import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { attachAuditContext, AuditContextStore } from './audit-context';
import { AuditRecorder } from './audit-recorder.service';

/** Methods that only read: their context rides on the request, without AsyncLocalStorage (audit-context.ts). */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Opens the AuditContext of every request before the guards run, and records, once the response is sent, the
 * calls that guards refused before any interceptor could see them (AuditRecorder, case 4). The error code of such a
 * refusal is taken from the error body on its way out. A request that may change data runs inside the context's
 * AsyncLocalStorage, so that its transactions can carry its row, until the response is closed.
 */
@Injectable()
export class AuditContextMiddleware implements NestMiddleware {
  constructor(
    private readonly recorder: AuditRecorder,
    private readonly contexts: AuditContextStore,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (!this.recorder.isEnabled()) return next();
    const context = this.recorder.begin(req);
    const json = res.json.bind(res);
    res.json = (body?: unknown) => {
      const code = (body as { code?: unknown } | null)?.code;
      if (res.statusCode >= 400 && typeof code === 'string') res.locals.auditErrorCode = code;
      return json(body);
    };
    res.once('finish', () => this.recorder.responseEnded(context, req, res));
    attachAuditContext(req, context);
    if (READ_METHODS.has(req.method)) return next();
    const { release } = this.contexts.enter(context, next);
    res.once('close', release);
  }
}

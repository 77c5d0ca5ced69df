import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const REQUEST_ID = Symbol('kanri.requestId');
const ACCEPTABLE_INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id, echoed in `X-Request-Id` and used in logs and audit rows. An incoming id from a
 * proxy is kept when it looks like an id; anything else is replaced so that logs cannot be injected into.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && ACCEPTABLE_INCOMING_ID.test(incoming) ? incoming : randomUUID();
  (req as unknown as Record<symbol, string>)[REQUEST_ID] = id;
  res.setHeader('X-Request-Id', id);
  next();
}

export function requestIdOf(req: Request): string {
  return (req as unknown as Record<symbol, string>)[REQUEST_ID] ?? '-';
}

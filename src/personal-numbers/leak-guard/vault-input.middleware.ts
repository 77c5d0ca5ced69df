import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { scrubNumberLike } from './number-like';

export const SCRUBBED_FIELDS = Symbol('kanri.personalNumbers.scrubbed');

/**
 * Keeps numbers out of operation history on the vault's routes. Operation history records a request's body and
 * query (masked: whole values under `number`-like keys, and ASCII runs of 12 digits), but a number typed with
 * hyphens or in full-width digits into any other field — a misplaced or misspelt field, a search box — would pass
 * that masking. This middleware runs before the guards and the audit interceptor read the request: it replaces
 * such values with `***` and notes where, and VaultInputGuard then refuses the request with 400. So whatever is
 * recorded about the request — refused by a guard, rejected, or handled — carries no number.
 */
@Injectable()
export class VaultInputMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const found = scrubNumberLike(req.body, 'body');
    // Express 5 computes req.query on every access: scrub a copy and pin it.
    const query = { ...(req.query as Record<string, unknown>) };
    const inQuery = scrubNumberLike(query, 'query');
    if (inQuery.length)
      Object.defineProperty(req, 'query', { value: query, configurable: true, writable: true });
    found.push(...inQuery);
    if (found.length) (req as unknown as Record<symbol, string[]>)[SCRUBBED_FIELDS] = found;
    next();
  }
}

import type { Request } from 'express';

/** Where a request came from, for login history and IP allow-lists. `req.ip` honours TRUST_PROXY (app-setup.ts). */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export function requestOrigin(req: Request): RequestOrigin {
  const ip = req.ip ?? req.socket?.remoteAddress ?? null;
  return {
    ip: ip?.startsWith('::ffff:') ? ip.slice(7) : ip,
    userAgent: req.headers['user-agent']?.slice(0, 255) ?? null,
  };
}
